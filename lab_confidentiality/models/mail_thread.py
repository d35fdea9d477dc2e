from odoo import SUPERUSER_ID, models
from odoo.exceptions import UserError


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _message_update_content(self, message, /, *args, **kwargs):
        # The route /mail/message/update_content lets a message's author change its text and
        # drop its files (``attachment_ids=[]`` deletes them before any message write). The
        # history of a record under retention stays as it was posted (R-RC-01).
        if getattr(self, "_lab_retention_protected", False) and self.env.uid != SUPERUSER_ID:
            raise UserError(
                self.env._(
                    "The history of a record under retention cannot be rewritten: post a new "
                    "message instead."
                )
            )
        return super()._message_update_content(message, *args, **kwargs)
