from collections import defaultdict

from odoo import api, models
from odoo.exceptions import UserError

# Changes that rewrite what a message says or where it belongs (as the accounting audit trail).
PROTECTED_MESSAGE_FIELDS = {
    "body",
    "subject",
    "model",
    "res_id",
    "message_type",
    "subtype_id",
    "tracking_value_ids",
    "author_id",
    "date",
}


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _lab_retention_records(self):
        """The protected records these messages belong to, by model."""
        res_ids = defaultdict(set)
        for message in self.sudo():
            model = message.model
            if model and message.res_id and model in self.env:
                if getattr(self.env[model], "_lab_retention_protected", False):
                    res_ids[model].add(message.res_id)
        return [self.env[model].sudo().browse(ids).exists() for model, ids in res_ids.items()]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_lab_retention(self):
        # Deleting the record itself is allowed once its retention has ended; its messages go too.
        for records in self._lab_retention_records():
            records._lab_retention_check_unlink()

    def write(self, vals):
        if vals.keys() & PROTECTED_MESSAGE_FIELDS and any(self._lab_retention_records()):
            raise UserError(
                self.env._(
                    "The history of a record under retention cannot be rewritten: post a new "
                    "message instead."
                )
            )
        return super().write(vals)
