from odoo import api, models
from odoo.exceptions import UserError


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_lab_retention(self):
        self.mail_message_id._unlink_except_lab_retention()

    def write(self, vals):
        if any(self.mail_message_id._lab_retention_records()):
            raise UserError(
                self.env._("The tracked changes of a record under retention cannot be rewritten.")
            )
        return super().write(vals)
