from collections import defaultdict

from odoo import api, models
from odoo.exceptions import UserError

# What makes a file the file it is, and where it belongs (as account/models/ir_attachment.py).
FROZEN_ATTACHMENT_FIELDS = {
    "datas",
    "raw",
    "db_datas",
    "store_fname",
    "checksum",
    "file_size",
    "mimetype",
    "res_model",
    "res_id",
    "res_field",
    "url",
    "type",
}


class IrAttachment(models.Model):
    """Files of frozen records (a released report, a signed agreement, a record under
    retention) are frozen with them, like a posted invoice's: no new content, no move to
    another record, no deletion, for anyone (issue 15, point 3)."""

    _inherit = "ir.attachment"

    def _lab_frozen(self):
        """The attachments of ``self`` that belong to a frozen lab record."""
        res_ids = defaultdict(set)
        for attachment in self.sudo():
            if attachment.res_model and attachment.res_id:
                res_ids[attachment.res_model].add(attachment.res_id)
        frozen = set()
        for model, ids in res_ids.items():
            Model = self.env.get(model)
            if Model is None or not hasattr(Model, "_lab_attachments_frozen"):
                continue
            records = Model.sudo().browse(ids).exists()
            frozen.update((model, rid) for rid in records._lab_attachments_frozen().ids)
        return self.sudo().filtered(lambda a: (a.res_model, a.res_id) in frozen).with_env(self.env)

    def _lab_check_frozen(self, attachments):
        if attachments:
            raise UserError(
                self.env._(
                    "The file %(file)s belongs to %(record)s, which is frozen: it can be neither "
                    "changed, moved nor deleted.",
                    file=attachments[0].sudo().name,
                    record=attachments[0].sudo()._lab_record_name(),
                )
            )

    def _lab_record_name(self):
        self.ensure_one()
        return self.env[self.res_model].sudo().browse(self.res_id).display_name

    def write(self, vals):
        # New files may still be posted on a frozen record's chatter (as on a posted invoice);
        # the files it already has stay as they are.
        if vals.keys() & FROZEN_ATTACHMENT_FIELDS:
            self._lab_check_frozen(self._lab_frozen())
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_lab_frozen(self):
        self._lab_check_frozen(self._lab_frozen())
