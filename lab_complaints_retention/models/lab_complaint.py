from odoo import api, models


class LabComplaint(models.Model):
    """Complaints and appeals are records of the complaint procedure (R-RC-01, 17025 §7.9).

    They are records from the day they are received (R-CP-01) and their retention runs from the
    day they close, when the record is complete; until then from their receipt. Appeals, internal
    concerns and suggestions are complaints of another type and are kept alike.
    """

    _name = "lab.complaint"
    _inherit = ["lab.complaint", "lab.retention.mixin"]

    _lab_retention_date_field = "date_received"

    def _lab_retention_start(self):
        self.ensure_one()
        return self.date_closed or self.date_received

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        # Overrides lab_complaints' "never deleted": with retention the class decides, through
        # ``_unlink_except_retention``. Before its end nobody deletes a complaint; after it, the
        # Quality Manager may dispose of it; a permanent class keeps complaints for ever.
        return
