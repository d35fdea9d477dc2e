from odoo import models


class LabProtectedMixin(models.AbstractModel):
    _inherit = "lab.protected.mixin"

    def _lab_attachments_frozen(self):
        # The base method answers for frozen states and passes the call on to no one; on a
        # model that is also a retention record it comes first in the MRO (the protected mixin
        # is inherited first), so the retention rule is added here (R-RC-01, issue 15).
        frozen = super()._lab_attachments_frozen()
        if getattr(self, "_lab_retention_protected", False):
            frozen |= self._lab_retention_blocked()
        return frozen
