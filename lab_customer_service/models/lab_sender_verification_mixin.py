from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import consteq
from odoo.tools.misc import hmac

# The public page where a contact confirms a message sent from their address.
CONFIRM_ROUTE = "/lab/sender/confirm"


class LabSenderVerificationMixin(models.AbstractModel):
    """A record a mail filed under a customer contact waits for proof that the contact sent it
    (issue 16; R-CM-01, R-CP-02).

    The ``From:`` of a mail is whatever its sender typed: anybody can write as a customer's
    contact. The mail gateway still files the record under that contact, so that the lab
    answers the right person, but marks it unverified: the portal of the contact's company does
    not show it until a member of staff verifies it (``action_verify_sender``, after checking
    with the customer) or the contact confirms it through the link mailed to the address on
    their contact card, which proves they read that mailbox (``_lab_confirm_sender``).
    Records registered by staff or from the portal by the logged-in contact are verified at
    once (the field's default).

    A model lists it before ``lab.protected.mixin`` and sets the two attributes below; its
    ``message_new`` adds ``_lab_mail_sender_values`` under ``self._lab_grant("message_new")``.
    """

    _name = "lab.sender.verification.mixin"
    _description = "Sender Verification"
    # listed before ``lab.protected.mixin`` by the models using it (its ``_lab_is_default`` first)
    _inherit = ["lab.protected.mixin"]
    _lab_protected_actions = {
        # the mail gateway files records unverified; nobody else may
        "message_new": ("is_sender_verified",),
        "action_verify_sender": ("is_sender_verified",),
        "_lab_confirm_sender": ("is_sender_verified",),
    }
    # The roles that may verify a sender by hand.
    _lab_sender_verify_groups = ()
    # The mail template (xmlid) that asks the contact to confirm.
    _lab_sender_confirmation_template = None

    is_sender_verified = fields.Boolean(
        string="Sender Verified",
        default=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="A message from a customer's address, received by email, is hidden from the "
        "customer's portal until staff verify that the customer sent it, or the contact "
        "confirms it through the link mailed to them.",
    )

    @api.model
    def _lab_mail_sender_values(self, partner):
        """What the mail gateway adds to the values of a record it files under ``partner``:
        the ``From:`` proves nothing, so the record waits for its sender's confirmation."""
        return {"is_sender_verified": False} if partner else {}

    # ------------------------------------------------------------------ the contact's link

    def _lab_sender_email(self):
        """The address on the contact card, never the one the mail claimed."""
        self.ensure_one()
        return self.partner_id.email_normalized or ""

    def _lab_sender_token(self):
        self.ensure_one()
        return hmac(
            self.env(su=True),
            "lab_customer_service.sender_confirmation",
            (self._name, self.id, self.partner_id.id, self._lab_sender_email()),
        )

    def _lab_is_sender_token(self, token):
        self.ensure_one()
        if not self._lab_sender_email() or not isinstance(token, str) or not token:
            return False
        return consteq(token.encode(), self._lab_sender_token().encode())

    def _lab_sender_confirmation_url(self):
        self.ensure_one()
        return (
            f"{self.get_base_url()}{CONFIRM_ROUTE}/{self._name}/{self.id}"
            f"?token={self._lab_sender_token()}"
        )

    def _lab_request_sender_confirmation(self):
        """Mail the contact a link to confirm they sent the message. The mail names the lab
        and the reference only: nothing the sender wrote reaches the contact through it."""
        template = self.env.ref(self._lab_sender_confirmation_template)
        for record in self.filtered(lambda r: not r.is_sender_verified and r._lab_sender_email()):
            template.sudo().send_mail(record.id, email_layout_xmlid="mail.mail_notification_light")
            record._message_log(
                body=self.env._(
                    "Received by email from a customer's address: hidden from the customer's "
                    "portal until the contact confirms it through the link mailed to them, or "
                    "a member of staff verifies it."
                )
            )

    def _lab_confirm_sender(self, token):
        """The contact's confirmation, by the token of their link; returns whether it was
        right. Called as the system by the public route: the token is the authority here."""
        self.ensure_one()
        if not self._lab_is_sender_token(token):
            return False
        if not self.is_sender_verified:
            self._lab_grant("_lab_confirm_sender").write({"is_sender_verified": True})
            self._message_log(
                body=self.env._("The contact confirmed sending this message."),
                author_id=self.partner_id.id,
            )
        return True

    # ------------------------------------------------------------------ staff

    def action_verify_sender(self):
        """Staff checked with the customer that they sent it: the portal shows it now."""
        self._lab_check_role(
            *self._lab_sender_verify_groups,
            message=self.env._("Your role does not allow verifying who sent a message."),
        )
        unverified = self.filtered(lambda r: not r.is_sender_verified)
        if not unverified:
            raise UserError(self.env._("The sender of this message is verified already."))
        unverified._lab_grant("action_verify_sender").write({"is_sender_verified": True})
        for record in unverified:
            record._message_log(
                body=self.env._(
                    "%(user)s verified that the contact sent this message.",
                    user=self.env.user.name,
                )
            )
        return True
