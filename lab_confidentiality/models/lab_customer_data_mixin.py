from odoo import models
from odoo.exceptions import UserError

EXPORT_GROUP = "lab_confidentiality.group_lab_export_customer_data"


class LabCustomerDataMixin(models.AbstractModel):
    """Customer data leaves the laboratory only through a dedicated group (R-CF-07).

    ``base.group_allow_export`` lets a user export at all; on the models inheriting this mixin an
    export also needs ``group_lab_export_customer_data`` (which implies the former).
    """

    _name = "lab.customer.data.mixin"
    _description = "Laboratory Customer Data"

    def _lab_is_customer_data(self):
        """Whether exporting ``self`` would export customer data (overridable per model)."""
        return bool(self)

    def export_data(self, fields_to_export):
        if (
            not self.env.su
            and self._lab_is_customer_data()
            and not self.env.user.has_group(EXPORT_GROUP)
        ):
            raise UserError(
                self.env._(
                    'Exporting customer data needs the right "Laboratory: Export Customer '
                    'Data". Ask the Director.'
                )
            )
        return super().export_data(fields_to_export)
