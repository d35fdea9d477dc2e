from odoo import models
from odoo.exceptions import UserError
from odoo.models import fix_import_export_id_paths

EXPORT_GROUP = "lab_confidentiality.group_lab_export_customer_data"


class Base(models.AbstractModel):
    """The export gate of customer data (R-CF-07), on every model: a path such as
    ``report_ids/partner_id/name`` leaves through a sample, a contact or an order line alike."""

    _inherit = "base"

    def _lab_is_customer_data(self, fnames):
        """See ``lab.customer.data.mixin``: other models hold no customer data of their own."""
        return False

    def _lab_exports_customer_data(self, fields_to_export):
        """Whether a step of an exported path lands on customer data, judged by the model (and
        the records) it lands on."""
        for path in fields_to_export:
            records = self.sudo()
            for fname in fix_import_export_id_paths(path):
                field = records._fields.get(fname)
                # ".id", an unknown name or a field closed to the user: Odoo refuses on its own
                if field is None or not records.sudo(False)._has_field_access(field, "read"):
                    break
                if records._lab_is_customer_data([fname]):
                    return True
                if not field.relational:
                    break
                records = records[fname]
        return False

    def export_data(self, fields_to_export):
        if (
            not self.env.su
            and not self.env.user.has_group(EXPORT_GROUP)
            and self._lab_exports_customer_data(fields_to_export)
        ):
            raise UserError(
                self.env._(
                    'Exporting customer data needs the right "Laboratory Data Export: Export '
                    'Customer Data". Ask the Director.'
                )
            )
        return super().export_data(fields_to_export)
