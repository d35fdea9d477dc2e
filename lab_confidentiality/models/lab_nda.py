from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.lab_customer_service.models.lab_roles import (
    QUALITY_MANAGER,
    STAFF,
    TECHNICAL_MANAGER,
)

# Who keeps the register (ir.model.access.csv: write on lab.nda).
NDA_KEEPERS = (
    STAFF,
    TECHNICAL_MANAGER,
    QUALITY_MANAGER,
)


class LabNda(models.Model):
    """A confidentiality agreement signed by one person (R-CF-01, R-CF-02)."""

    _name = "lab.nda"
    _description = "Confidentiality Agreement (NDA)"
    _inherit = [
        "lab.protected.mixin",
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "lab.retention.mixin",
        "lab.customer.data.mixin",
    ]
    _order = "date_expiry desc, id desc"
    _check_company_auto = True
    # Retention runs from the signature: an agreement never signed is not a record.
    _lab_retention_date_field = "date_signed"
    # R-CF-01/02: a signature is recorded only by the two signing paths (the signatory in the
    # portal, or staff registering the signed paper); the text signed is the template's.
    _lab_protected_actions = {
        "_lab_send": ("state", "agreement_text"),
        "action_register_paper": (
            "state",
            "signing_method",
            "signed_by",
            "date_signed",
            "agreement_text",
        ),
        "_sign_in_portal": (
            "state",
            "signing_method",
            "signed_by",
            "signature",
            "date_signed",
            "agreement_text",
            "signed_user_id",
            "signed_ip",
            "signed_user_agent",
            "signing_link_id",
        ),
        "action_cancel": ("state",),
        "action_reset_draft": ("state",),
        "_cron_expiry": ("state",),
    }
    # A signed agreement is frozen with its signature and scan, its dates and its parties.
    _lab_frozen_states = ("signed", "expired", "cancelled")
    _lab_frozen_open_fields = ("access_token", "responsible_id", "date_reminder_sent")

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner",
        string="Signatory",
        required=True,
        index=True,
        tracking=True,
        help="The person who signs: an employee or an outside person.",
    )
    party_company_id = fields.Many2one(
        "res.partner",
        string="Signatory's Company",
        compute="_compute_party_company_id",
        store=True,
        readonly=False,
        tracking=True,
    )
    user_id = fields.Many2one("res.users", string="Employee", help="Set when the party is staff.")
    party_role = fields.Selection(
        [
            ("employee", "Employee"),
            ("it_service", "IT Service Provider"),
            ("auditor", "Auditor"),
            ("visitor", "Visitor"),
            ("contractor", "Contractor"),
        ],
        string="Party",
        required=True,
        default="visitor",
        tracking=True,
    )
    template_id = fields.Many2one(
        "lab.nda.template", string="Agreement Type", required=True, check_company=True
    )
    permit_id = fields.Many2one(
        "lab.visit.permit",
        string="Visit",
        index=True,
        help="The visit this agreement was asked for.",
    )
    scope = fields.Text(help="What the signatory may see and for which purpose.")
    agreement_text = fields.Html(
        string="Agreement as Signed",
        sanitize=True,
        readonly=True,
        copy=False,
        help="A frozen copy of the agreement text taken when the agreement is sent or registered.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Waiting for Signature"),
            ("signed", "Signed"),
            ("expired", "Expired"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    date_start = fields.Date(
        string="Valid From", default=fields.Date.context_today, required=True, tracking=True
    )
    date_expiry = fields.Date(
        string="Valid Until",
        compute="_compute_date_expiry",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
    )
    signing_method = fields.Selection(
        [("portal", "Signed in the Portal"), ("paper", "Signed on Paper")],
        readonly=True,
        copy=False,
    )
    signed_by = fields.Char(readonly=True, copy=False)
    date_signed = fields.Datetime(string="Signed On", readonly=True, copy=False, tracking=True)
    signature = fields.Image(
        max_width=1024, max_height=1024, attachment=True, copy=False, readonly=True
    )
    # R-CF-01: who signed from which session, written with the signature and frozen with it.
    # Staff only: the signatory's address and browser are nobody else's business.
    signed_user_id = fields.Many2one(
        "res.users",
        string="Signed as User",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="The portal account the signatory was logged in with; empty when the agreement "
        "was signed through the personal link without logging in.",
    )
    signed_ip = fields.Char(
        string="Signed from IP Address", readonly=True, copy=False, groups="base.group_user"
    )
    signed_user_agent = fields.Char(
        string="Signed with Browser", readonly=True, copy=False, groups="base.group_user"
    )
    signing_link_id = fields.Many2one(
        "lab.nda.signing.link",
        string="Signed with Link",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="The personal link the signatory signed with, if any.",
    )
    signing_link_ids = fields.One2many(
        "lab.nda.signing.link",
        "nda_id",
        string="Signing Links",
        readonly=True,
        groups="base.group_user",
    )
    signed_document = fields.Binary(
        attachment=True,
        copy=False,
        help="The scan of the agreement signed on paper: attach it before registering the "
        "signature; it is frozen with the agreement.",
    )
    signed_document_name = fields.Char(copy=False)
    is_valid = fields.Boolean(string="Valid", compute="_compute_is_valid")
    date_reminder_sent = fields.Date(readonly=True, copy=False)
    responsible_id = fields.Many2one("res.users", default=lambda self: self.env.user, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.depends("partner_id")
    def _compute_party_company_id(self):
        for nda in self:
            company = nda.partner_id.commercial_partner_id
            nda.party_company_id = company if company != nda.partner_id else False

    @api.depends("date_start", "template_id")
    def _compute_date_expiry(self):
        for nda in self:
            if nda.date_start and nda.template_id:
                months = nda.template_id.validity_months
                nda.date_expiry = nda.date_start + relativedelta(months=months, days=-1)

    @api.depends("state", "date_start", "date_expiry")
    def _compute_is_valid(self):
        today = fields.Date.context_today(self)
        for nda in self:
            nda.is_valid = bool(
                nda.state == "signed"
                and nda.date_start <= today
                and (not nda.date_expiry or nda.date_expiry >= today)
            )

    @api.constrains("date_start", "date_expiry")
    def _check_dates(self):
        for nda in self:
            if nda.date_expiry and nda.date_expiry < nda.date_start:
                raise ValidationError(self.env._("An agreement cannot expire before it starts."))

    @api.constrains("signed_document", "signing_method")
    def _check_paper_document(self):
        for nda in self:
            if nda.signing_method == "paper" and not nda.signed_document:
                raise ValidationError(
                    self.env._("A paper agreement is registered with its signed scan.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.env["ir.sequence"]._lab_assign_codes("lab.nda", vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if "agreement_text" in vals and any(nda.state == "signed" for nda in self):
            raise UserError(self.env._("The text of a signed agreement cannot change."))
        return super().write(vals)

    def _lab_check_frozen(self, fnames):
        # The validity end and the signatory's company are computed but editable: on a signed
        # agreement they are what was signed, like the rest (R-CF-02: no validity extended).
        editable = [f for f in fnames if f in ("date_expiry", "party_company_id")]
        frozen = self.sudo().filtered(lambda n: n.state in self._lab_frozen_states)
        if editable and frozen:
            raise UserError(
                self.env._(
                    "Agreement %(name)s is %(state)s: its validity and its parties can no longer "
                    "change.",
                    name=frozen[0].name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        frozen[0].state
                    ],
                )
            )
        return super()._lab_check_frozen(fnames)

    def _compute_access_url(self):
        super()._compute_access_url()
        for nda in self:
            nda.access_url = f"/my/lab/ndas/{nda.id}"
        return None

    # R-CF-01: an agreement has no record token. Core would put it in every link to the record,
    # on the pages of all the customer's portal users, and it would let anyone holding it in.
    # Readers come in through their login; the signatory also through their personal link.
    def _portal_ensure_token(self):
        return ""

    def _get_share_url(self, redirect=False, signup_partner=False, pid=None, share_token=True):
        return super()._get_share_url(
            redirect=redirect, signup_partner=signup_partner, pid=pid, share_token=False
        )

    def get_portal_url(
        self, suffix=None, report_type=None, download=None, query_string=None, anchor=None
    ):
        self.ensure_one()
        query = "&".join(
            part
            for part in (
                report_type and f"report_type={report_type}",
                download and "download=true",
                (query_string or "").lstrip("&"),
            )
            if part
        )
        return "".join(
            (
                self.access_url,
                suffix or "",
                f"?{query}" if query else "",
                f"#{anchor}" if anchor else "",
            )
        )

    def _lab_signing_url(self, token):
        self.ensure_one()
        return f"{self.get_base_url()}{self.access_url}?sign_token={token}"

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Confidentiality Agreement %(name)s", name=self.name)

    def _freeze_text(self):
        """The template's text becomes the agreement's; called by granted actions only."""
        for nda in self.filtered(lambda n: not n.agreement_text):
            nda.agreement_text = nda.template_id.body

    def _check_signable(self):
        """Refuse a signature the agreement cannot take, in the signer's words."""
        today = fields.Date.context_today(self)
        for nda in self:
            if nda.state not in ("draft", "sent"):
                raise UserError(
                    self.env._(
                        "Agreement %(name)s is %(state)s and cannot be signed.",
                        name=nda.name,
                        state=dict(nda._fields["state"]._description_selection(self.env))[
                            nda.state
                        ],
                    )
                )
            if nda.date_expiry and nda.date_expiry < today:
                raise UserError(
                    self.env._(
                        "Agreement %(name)s expired on %(date)s: ask the laboratory for a new one.",
                        name=nda.name,
                        date=nda.date_expiry,
                    )
                )

    def _lab_check_keeper(self, refusal):
        """The register's keepers act on agreements that can still be signed; anybody else is
        refused with ``refusal``."""
        self.check_access("write")
        self._lab_check_role(*NDA_KEEPERS, message=refusal)
        self._check_signable()

    def action_send(self):
        """Freeze the text and ask the signatory to sign in the portal."""
        self.check_access("write")
        self._lab_send()
        return True

    def _lab_send(self):
        """Also called when a visit is requested, for the visitors who have no agreement (the
        portal request runs it in a narrow sudo, after its own checks)."""
        drafts = self.filtered(lambda n: n.state == "draft")
        drafts._check_signable()
        granted = drafts._lab_grant("_lab_send")
        granted._freeze_text()
        granted.state = "sent"
        drafts.filtered("partner_id.email")._lab_mail_signing_links()

    def action_send_signing_link(self):
        """Mail the signatory a new personal link; the links sent before stop working."""
        self._lab_check_keeper(
            self.env._("Only the laboratory staff who keep the register send a signing link.")
        )
        for nda in self:
            if nda.state != "sent":
                raise UserError(
                    self.env._(
                        "Agreement %(name)s is not waiting for a signature: send it first.",
                        name=nda.name,
                    )
                )
            if not nda.partner_id.email:
                raise UserError(
                    self.env._(
                        "%(name)s has no email address: the signing link cannot be sent.",
                        name=nda.partner_id.name,
                    )
                )
        self._lab_mail_signing_links()
        return True

    def _lab_mail_signing_links(self):
        """One new personal link per agreement, mailed to its signatory only (R-CF-01).

        The mail is not posted on the agreement: its messages are readable by the customer's
        other portal users, and the link is the signatory's alone. A note without the link
        tells the staff it was sent."""
        if not self:
            return
        now = fields.Datetime.now()
        issued = self.env["lab.nda.signing.link"]._lab_issue(self, now)
        # As the superuser and authored by the lab: in the portal's visit request the user is
        # a colleague of the signatory, and a mail's creator and author may read it.
        template = self.env.ref("lab_confidentiality.mail_template_lab_nda_signing_link")
        template = template.with_user(SUPERUSER_ID)
        for nda in self:
            link, token = issued[nda]
            template.with_context(lab_nda_signing_url=nda._lab_signing_url(token)).send_mail(
                nda.id,
                email_values={
                    "model": False,
                    "res_id": False,
                    "author_id": nda.company_id.partner_id.id,
                },
            )
            nda.message_post(
                body=self.env._(
                    "Personal signing link #%(id)s sent to %(name)s, valid until %(date)s; "
                    "links sent before no longer work.",
                    id=link.id,
                    name=nda.partner_id.name,
                    date=nda.company_id._lab_format_datetime(link.date_expiry),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_register_paper(self):
        """Register an agreement signed on paper: the scan must be attached first."""
        self._lab_check_keeper(
            self.env._("Only the laboratory staff who keep the register record a signature.")
        )
        for nda in self:
            if not nda.signed_document:
                raise UserError(
                    self.env._(
                        "Attach the signed scan of %(name)s before registering it.", name=nda.name
                    )
                )
        granted = self._lab_grant("action_register_paper")
        granted._freeze_text()
        granted.write(
            {
                "state": "signed",
                "signing_method": "paper",
                "date_signed": fields.Datetime.now(),
                "signed_by": self.partner_id.name if len(self.partner_id) == 1 else False,
            }
        )
        for nda in self:
            nda._lab_close_links(fields.Datetime.now())
        return True

    def _sign_in_portal(self, name, signature, signer, link=None, ip=None, user_agent=None):
        """Record a portal signature and the session it came from (R-CF-01).

        ``signer`` is the user of the request: the signatory logged in as themselves, or the
        public user holding the signatory's personal ``link``, unused and in date. The
        controller calls this on the agreement as superuser; the checks are here."""
        self.ensure_one()
        now = fields.Datetime.now()
        if link and (link.nda_id != self or not link._lab_is_signable(now)):
            raise AccessError(
                self.env._(
                    "This signing link is used, expired or replaced: ask the laboratory for a "
                    "new one."
                )
            )
        if signer._is_public() and not link:
            raise AccessError(self.env._("Log in or open the link mailed to you to sign."))
        if not signer._is_public() and signer.partner_id != self.partner_id:
            raise AccessError(
                self.env._("Only %(name)s can sign this agreement.", name=self.partner_id.name)
            )
        self._check_signable()
        if not name or not signature:
            raise UserError(self.env._("Your name and signature are both needed."))
        granted = self._lab_grant("_sign_in_portal")
        granted._freeze_text()
        granted.write(
            {
                "state": "signed",
                "signing_method": "portal",
                "signed_by": name,
                "signature": signature,
                "date_signed": now,
                "signed_user_id": False if signer._is_public() else signer.id,
                "signed_ip": (ip or "")[:64] or False,
                "signed_user_agent": (user_agent or "")[:512] or False,
                "signing_link_id": link.id if link else False,
            }
        )
        self._lab_close_links(now)

    def _lab_close_links(self, now):
        """Once signed, the link signed with is used and the others are void."""
        links = self.sudo().signing_link_ids
        links.filtered(lambda k: k == self.sudo().signing_link_id).date_used = now
        links.filtered(lambda k: not k.date_used and not k.date_voided).date_voided = now

    def action_preview_nda(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "target": "self", "url": self.get_portal_url()}

    def action_cancel(self):
        self.check_access("write")
        cancelled = self.filtered(lambda n: n.state in ("draft", "sent", "signed"))
        cancelled._lab_grant("action_cancel").state = "cancelled"
        for nda in cancelled:
            nda._lab_close_links(fields.Datetime.now())
        return True

    def action_reset_draft(self):
        self.check_access("write")
        self.filtered(lambda n: n.state == "cancelled" and not n.date_signed)._lab_grant(
            "action_reset_draft"
        ).state = "draft"
        return True

    @api.model
    def _cron_expiry(self):
        """Mark lapsed agreements expired, and warn before an agreement expires (R-CF-02)."""
        today = fields.Date.context_today(self)
        lapsed = self.search([("state", "=", "signed"), ("date_expiry", "<", today)])
        lapsed._lab_grant("_cron_expiry").state = "expired"
        days = self.env.company.lab_nda_reminder_days
        soon = self.search(
            [
                ("state", "=", "signed"),
                ("date_expiry", ">=", today),
                ("date_expiry", "<=", today + relativedelta(days=days)),
                ("date_reminder_sent", "=", False),
            ]
        )
        template = self.env.ref("lab_confidentiality.mail_template_lab_nda_expiry")
        for nda in soon:
            nda.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=nda.date_expiry,
                summary=self.env._("Renew the confidentiality agreement"),
                user_id=(nda.responsible_id or self.env.user).id,
            )
            if nda.partner_id.email:
                nda.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        soon.date_reminder_sent = today
