import base64

from odoo import models

# What a notice is made of: its text, who it goes to, and its files.
NOTICE_FIELDS = (
    "subject",
    "body_html",
    "email_from",
    "partner_to",
    "email_to",
    "attachment_ids",
    "report_template_ids",
)


class MailTemplate(models.Model):
    _inherit = "mail.template"

    def _lab_post_on(self, record, thread, notify=True, cc_partners=None):
        """Render this template for ``record`` and post the notice, with its files, on ``thread``.

        A customer notice about a sample or a report greets and names the customer: it is kept
        on the order, which only customer-facing roles read, never on the record the technicians
        work on (R-SR-02: inside the lab a sample is known only by its code). With ``notify``
        False the notice is kept as a note, for a person to send it by another way.
        ``cc_partners`` receive it too, each their own mail (issue 19: report recipients).
        """
        values, files = self._lab_render_notice(record)
        partner_ids = list(values.get("partner_ids", []))
        partner_ids += [
            pid for pid in (cc_partners or self.env["res.partner"]).ids if pid not in partner_ids
        ]
        return thread.message_post(
            body=values.get("body_html") or "",
            subject=values.get("subject"),
            email_from=values.get("email_from"),
            partner_ids=partner_ids if notify else [],
            outgoing_email_to=(values.get("email_to") or False) if notify else False,
            attachments=files,
            attachment_ids=values.get("attachment_ids", []),
            message_type="comment" if notify else "notification",
            subtype_xmlid="mail.mt_comment" if notify else "mail.mt_note",
            email_layout_xmlid=self.email_layout_xmlid or None,
            email_add_signature=False,
        )

    def _lab_notify_privately(self, record):
        """Send this template's notice about ``record`` to its recipients only.

        For a record every lab user reads (a visit permit, R-CF-04) and no order to keep the
        notice on: the message is the recipients' own (a user notification), read by them and
        its author, never in the record's chatter.
        """
        values, files = self._lab_render_notice(record)
        return record.message_notify(
            body=values.get("body_html") or "",
            subject=values.get("subject"),
            email_from=values.get("email_from"),
            partner_ids=values.get("partner_ids", []),
            attachments=files,
            attachment_ids=values.get("attachment_ids", []),
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid=self.email_layout_xmlid or "mail.mail_notification_light",
        )

    def _lab_render_notice(self, record):
        self.ensure_one()
        values = self._generate_template([record.id], NOTICE_FIELDS)[record.id]
        files = [(name, base64.b64decode(data)) for name, data in values.get("attachments", [])]
        return values, files
