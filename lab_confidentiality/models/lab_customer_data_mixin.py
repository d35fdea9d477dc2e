import re

from odoo import models
from odoo.exceptions import UserError

EXPORT_GROUP = "lab_confidentiality.group_lab_export_customer_data"
CUSTOMER_GROUPS = "lab_customer_service.group_lab_customer_data"


class LabCustomerDataMixin(models.AbstractModel):
    """Customer data leaves the laboratory only through a dedicated group (R-CF-07).

    ``base.group_allow_export`` lets a user export at all; on the models inheriting this mixin an
    export of customer data also needs ``group_lab_export_customer_data`` (which implies the
    former).
    """

    _name = "lab.customer.data.mixin"
    _description = "Laboratory Customer Data"

    # True: every field is customer data. False: only the fields restricted to the roles that see
    # customers (R-SR-02: inside the lab a sample is an anonymous code, its customer is not).
    _lab_customer_data_whole_record = True

    def _lab_is_customer_data(self, fields_to_export):
        """Whether exporting ``fields_to_export`` of ``self`` exports customer data."""
        if not self:
            return False
        if self._lab_customer_data_whole_record:
            return True
        if not self.env.user.has_group(CUSTOMER_GROUPS):
            # The customer fields are closed to this user: Odoo refuses them on its own.
            return False
        roots = {re.split(r"[/:.]", path)[0] for path in fields_to_export}
        return any(
            CUSTOMER_GROUPS in (self._fields[name].groups or "")
            for name in roots
            if name in self._fields
        )

    def export_data(self, fields_to_export):
        if (
            not self.env.su
            and self._lab_is_customer_data(fields_to_export)
            and not self.env.user.has_group(EXPORT_GROUP)
        ):
            raise UserError(
                self.env._(
                    'Exporting customer data needs the right "Laboratory Data Export: Export '
                    'Customer Data". Ask the Director.'
                )
            )
        return super().export_data(fields_to_export)
