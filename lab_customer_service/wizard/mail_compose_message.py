from odoo import models

from ..models.lab_customer_request import ANSWER_TEMPLATE


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _action_send_mail_comment(self, res_ids):
        """Sending a customer request its answer template answers it (R-CM-01).

        What marks the request is the mail actually sent, through the request's own action
        with its checks; no context key a client could add to any message does (issue 15).
        """
        messages = super()._action_send_mail_comment(res_ids)
        if self.model == "lab.customer.request" and self.template_id:
            answer = self.env.ref(ANSWER_TEMPLATE, raise_if_not_found=False)
            if self.template_id == answer:
                self.env["lab.customer.request"].browse(res_ids)._lab_answer_sent()
        return messages
