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

    def _lab_retention_messages(self):
        """The messages of ``self`` that belong to a record under retention."""
        records = self._lab_retention_records()
        keys = {(r._name, rid) for r in records for rid in r.ids}
        return self.sudo().filtered(lambda m: (m.model, m.res_id) in keys)

    def _lab_drops_attachments(self, commands):
        """Whether writing ``attachment_ids`` takes a file away from a protected message.

        Files may still be added (Odoo adds an activity's files to the message that marks it
        done); those a message was posted with stay with it.
        """
        field = self._fields["attachment_ids"]
        for message in self._lab_retention_messages():
            new = field.convert_to_record(field.convert_to_cache(commands, message), message)
            if message.attachment_ids - new:
                return True
        return False

    def write(self, vals):
        if (vals.keys() & PROTECTED_MESSAGE_FIELDS and any(self._lab_retention_records())) or (
            "attachment_ids" in vals and self._lab_drops_attachments(vals["attachment_ids"])
        ):
            raise UserError(
                self.env._(
                    "The history of a record under retention cannot be rewritten: post a new "
                    "message instead."
                )
            )
        return super().write(vals)
