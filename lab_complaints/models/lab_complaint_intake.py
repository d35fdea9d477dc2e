from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import consteq, email_normalize
from odoo.tools.mimetypes import guess_mimetype
from odoo.tools.misc import hmac

from .lab_complaint import ANONYMOUS_AUTHOR

IDENTITY_FIELDS = ("partner_id", "complainant_name", "email_from", "phone")


class LabComplaint(models.Model):
    """How a complaint comes in, and who filed it or that nobody may know (R-CP-01, R-CP-02)."""

    _inherit = "lab.complaint"

    channel = fields.Selection(
        [
            ("portal", "Customer Portal"),
            ("web", "Public Web Form"),
            ("email", "Email"),
            ("phone", "Phone"),
            ("in_person", "In Person"),
            ("letter", "Letter"),
            ("internal", "Internal Form"),
        ],
        required=True,
        default="phone",
    )
    is_anonymous = fields.Boolean(
        string="Anonymous",
        readonly=True,
        help="No identity is stored: no contact, no name, no address, no author on any message.",
    )
    partner_id = fields.Many2one("res.partner", string="Complainant", index=True, tracking=True)
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True, string="Customer"
    )
    complainant_name = fields.Char()
    email_from = fields.Char(string="Email")
    phone = fields.Char()
    is_email_confirmed = fields.Boolean(
        string="Email Confirmed",
        default=True,
        readonly=True,
        copy=False,
        help="An address typed on the public form hears from us only once it has confirmed "
        "itself through the link we sent it (issue 16).",
    )

    @api.constrains("is_anonymous", *IDENTITY_FIELDS)
    def _check_anonymous(self):
        for complaint in self.filtered("is_anonymous"):
            if any(complaint[field] for field in IDENTITY_FIELDS):
                raise ValidationError(
                    self.env._("An anonymous complaint cannot name or address its complainant.")
                )

    @api.model
    def _lab_create_anonymous(self, vals_list, attachments=None):
        """Create anonymous complaints that store no trace of who filed them (R-CP-02).

        The record is created by the system user (so ``create_uid`` is not the filer), nobody is
        subscribed, and the one message logged has no author. ``attachments`` is a list of
        ``(name, raw)`` pairs per complaint.
        """
        clean = []
        for vals in vals_list:
            vals = {key: value for key, value in vals.items() if key not in IDENTITY_FIELDS}
            clean.append(dict(vals, is_anonymous=True))
        complaints = (
            self.with_user(SUPERUSER_ID)
            .with_context(mail_create_nosubscribe=True, mail_create_nolog=True, mail_notrack=True)
            .create(clean)
        )
        for complaint, files in zip(complaints, attachments or [[]] * len(complaints), strict=True):
            complaint._lab_log_receipt(files)
        # Written now, by the system: a later flush would stamp the filer as ``write_uid``.
        complaints.env.flush_all()
        return complaints.with_env(self.env)

    def _lab_log_receipt(self, files=None):
        """Log the receipt in the chatter, with the submitted files, as the complainant."""
        self.ensure_one()
        attachment_ids = []
        if files:
            attachment_ids = (
                self.env["ir.attachment"]
                .create(
                    [
                        {
                            "name": name,
                            "raw": raw,
                            # what the content is, never what its name says (issue 16)
                            "mimetype": guess_mimetype(raw),
                            "res_model": self._name,
                            "res_id": self.id,
                        }
                        for name, raw in files
                    ]
                )
                .ids
            )
        author = {}
        if self.is_anonymous:
            author = {"author_id": False, "email_from": ANONYMOUS_AUTHOR}
        elif self.partner_id:
            author = {"author_id": self.partner_id.id}
        elif self.email_from:
            author = {"author_id": False, "email_from": self.email_from}
        self._message_log(
            body=self.env._(
                "%(type)s received (%(channel)s).",
                type=dict(self._fields["complaint_type"]._description_selection(self.env))[
                    self.complaint_type
                ],
                channel=dict(self._fields["channel"]._description_selection(self.env))[
                    self.channel
                ],
            ),
            attachment_ids=attachment_ids,
            **author,
        )

    # ------------------------------------------------------------------ the public form's address

    def _lab_email_confirmation_token(self):
        self.ensure_one()
        return hmac(
            self.env(su=True), "lab_complaints.email_confirmation", (self.id, self.email_from or "")
        )

    def _lab_is_email_confirmation_token(self, token):
        self.ensure_one()
        if not self.email_from or not isinstance(token, str):
            return False
        return consteq(token.encode(), self._lab_email_confirmation_token().encode())

    def _lab_email_confirmation_url(self):
        self.ensure_one()
        return (
            f"{self.get_base_url()}/lab/complaint/{self.id}/confirm"
            f"?token={self._lab_email_confirmation_token()}"
        )

    def _lab_request_email_confirmation(self):
        """Ask the address typed on the public form to confirm itself (double opt-in).

        The mail carries the lab's name, the reference and the link, nothing the sender typed:
        whoever gives someone else's address cannot make the lab carry their words (issue 16).
        """
        template = self.env.ref("lab_complaints.mail_template_complaint_email_confirmation")
        for complaint in self.filtered(lambda c: c.email_from and not c.is_email_confirmed):
            template.sudo().send_mail(
                complaint.id, email_layout_xmlid="mail.mail_notification_light"
            )
            complaint._message_log(
                body=self.env._(
                    "The address given on the form was asked to confirm itself: the "
                    "acknowledgement follows its confirmation."
                )
            )

    def _lab_confirm_email(self, token):
        """Confirm the address with the token of its link; acknowledge the complaint there.

        Called as the system by the public route; returns whether the token was right.
        """
        self.ensure_one()
        if not self._lab_is_email_confirmation_token(token):
            return False
        if self.is_email_confirmed:
            return True
        self.write({"is_email_confirmed": True})
        self._message_log(
            body=self.env._("The complainant confirmed the email address."),
            author_id=False,
            email_from=self.email_from,
        )
        if self.step == "received":
            # the token of the link is the complainant's authority here, not a lab role
            self._lab_acknowledge()
        else:
            # Staff acknowledged it meanwhile: the acknowledgement goes now that it may.
            template = self.env.ref("lab_complaints.mail_template_complaint_acknowledgement")
            template.sudo().send_mail(self.id, email_layout_xmlid="mail.mail_notification_light")
        return True

    # ------------------------------------------------------------------ mail routes

    @api.model
    def _get_thread_with_access(self, thread_id, *, mode="read", **kwargs):
        """A follow-up link (access token, or the hash and pid of a notification) lets its holder
        read a complaint, never post or upload on it through the mail routes: what a complainant
        sends comes in through the lab's own form, where files are checked (issue 16).
        Staff post and upload with their own rights.
        """
        if mode != "read":
            kwargs = {}
        return super()._get_thread_with_access(thread_id, mode=mode, **kwargs)

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """Mail alias intake (R-CP-01). Loops are stopped by mail's own sender checks, which use
        ``_primary_email`` (too many complaints from one sender within the loop window are
        bounced, not created). A complaint filed under the contact whose address sent it stays
        out of their company's portal until its sender is verified (issue 16, see
        ``lab.sender.verification.mixin``)."""
        email_from = msg_dict.get("email_from")
        partner = self.env["res.partner"].browse(msg_dict.get("author_id") or [])
        if not partner and email_normalize(email_from):
            # A known sender is the complainant; an unknown one stays an address (no new contact).
            partner = self.env["res.partner"].search(
                [("email_normalized", "=", email_normalize(email_from))], order="id", limit=1
            )
        values = {
            "name": "/",
            "channel": "email",
            "subject": (msg_dict.get("subject") or "").strip()[:200]
            or self.env._("Complaint by email"),
            "description": msg_dict.get("body"),
            "email_from": msg_dict.get("email_from"),
            "partner_id": partner.id,
        }
        values.update(custom_values or {})
        # The From: proves nothing: filed under the contact, it waits for them (issue 16).
        values.update(self._lab_mail_sender_values(values.get("partner_id")))
        Complaints = self.with_context(mail_create_nolog=True)._lab_grant("message_new")
        complaint = super(LabComplaint, Complaints).message_new(msg_dict, custom_values=values)
        complaint = complaint.with_env(self.env)
        complaint._lab_request_sender_confirmation()
        return complaint
