from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import email_normalize

from .lab_roles import STAFF


class ResPartner(models.Model):
    """A subcontractor and its authorisation (R-CR-05, 17025 §6.6)."""

    _inherit = "res.partner"

    is_lab_subcontractor = fields.Boolean(string="Laboratory Subcontractor")
    lab_subcontract_scope = fields.Text(
        string="Authorisation Scope", help="Tests or methods the subcontractor is approved for."
    )
    lab_subcontract_expiry = fields.Date(string="Authorisation Expiry")
    is_lab_subcontractor_approved = fields.Boolean(
        string="Approved Subcontractor",
        compute="_compute_is_lab_subcontractor_approved",
        search="_search_is_lab_subcontractor_approved",
    )

    @api.depends("is_lab_subcontractor", "lab_subcontract_scope", "lab_subcontract_expiry")
    @api.depends_context("date")
    def _compute_is_lab_subcontractor_approved(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.is_lab_subcontractor_approved = bool(
                partner.is_lab_subcontractor
                and partner.lab_subcontract_scope
                and partner.lab_subcontract_expiry
                and partner.lab_subcontract_expiry >= today
            )

    def _search_is_lab_subcontractor_approved(self, operator, value):
        if operator != "in":
            return NotImplemented
        return [
            ("is_lab_subcontractor", "=", True),
            ("lab_subcontract_scope", "!=", False),
            ("lab_subcontract_expiry", ">=", fields.Date.context_today(self)),
        ]

    def _lab_report_lang(self):
        """The language of documents printed for this partner: theirs while it is installed,
        English otherwise (a language can be removed after partners were given it)."""
        lang = self[:1].lang
        return lang if lang and self.env["res.lang"]._get_data(code=lang) else "en_US"

    # Key customers (R-SV-04)
    # Key customers: a service plan and a recurring review (R-SV-04).
    lab_is_key_customer = fields.Boolean(string="Key Customer", tracking=True)
    lab_service_plan = fields.Html(
        string="Service Plan",
        help="How the laboratory serves this customer: contacts, priorities, agreed lead times.",
    )
    lab_review_interval = fields.Integer(
        string="Review Every (months)",
        default=3,
        help="How often the service to this key customer is reviewed.",
    )
    lab_review_user_id = fields.Many2one("res.users", string="Account Reviewer")
    lab_next_review_date = fields.Date(string="Next Review")

    @api.onchange("lab_is_key_customer")
    def _onchange_lab_is_key_customer(self):
        if self.lab_is_key_customer and not self.lab_next_review_date:
            self.lab_next_review_date = fields.Date.context_today(self)

    @api.model
    def _cron_lab_key_customer_reviews(self):
        """Schedule the review activity of each key customer whose review is due, then plan the
        next one, so every key customer is reviewed at its own rhythm."""
        today = fields.Date.context_today(self)
        due = self.search(
            [
                ("lab_is_key_customer", "=", True),
                ("lab_next_review_date", "!=", False),
                ("lab_next_review_date", "<=", today),
            ]
        )
        activity_type = self.env.ref("lab_customer_service.mail_activity_type_lab_key_review")
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id,
                    "user_id": (partner.lab_review_user_id or partner.user_id or self.env.user).id,
                    "date_deadline": partner.lab_next_review_date,
                    "summary": self.env._("Key customer review: %(name)s", name=partner.name),
                }
                for partner in due
            ]
        )
        for partner in due:
            interval = max(partner.lab_review_interval, 1)
            next_date = partner.lab_next_review_date
            while next_date <= today:
                next_date += relativedelta(months=interval)
            partner.lab_next_review_date = next_date
        return due

    # Portal administrators and what each contact sees in the portal (issue 19).
    # The flags are the record rules' input (``security/ir_rule.xml``): a portal user sees a
    # part of the portal only if their contact has its flag. Customer service sets them; a
    # customer's administrator sets them for their colleagues through ``lab_portal_set_access``
    # and ``lab_portal_invite``, never for themselves nor for another company.

    lab_portal_admin = fields.Boolean(
        string="Portal Administrator",
        help="Invites colleagues of the same company to the portal, chooses what each sees and "
        "who receives the test reports.",
    )
    lab_portal_orders = fields.Boolean(
        string="Portal: Orders and Invoices",
        default=True,
        help="Sees the company's quotations, orders, invoices and their contract reviews.",
    )
    lab_portal_reports = fields.Boolean(
        string="Portal: Samples and Reports",
        default=True,
        help="Sees the company's samples and released test reports.",
    )
    lab_report_recipient_ids = fields.One2many(
        "lab.report.recipient", "partner_id", string="Report Recipients"
    )

    @api.model
    def _lab_portal_access_fields(self):
        """{key: field} of what a customer's administrator may grant a colleague; other addons
        add theirs (complaints)."""
        return {
            "admin": "lab_portal_admin",
            "orders": "lab_portal_orders",
            "reports": "lab_portal_reports",
        }

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("lab_portal_admin") for vals in vals_list):
            self._lab_check_portal_access_writer()
        return super().create(vals_list)

    def write(self, vals):
        fields_ = set(self._lab_portal_access_fields().values())
        if fields_.intersection(vals):
            self._lab_check_portal_access_writer()
            # the record rules read these flags: their cached domains are stale now
            self.env.registry.clear_cache()
        return super().write(vals)

    def _lab_check_portal_access_writer(self):
        if not self.env.su and not self.env.user.has_group(STAFF):
            raise AccessError(
                self.env._(
                    "Only customer service, or a customer's portal administrator from the portal, "
                    "decides what a contact sees in the portal."
                )
            )

    def _lab_caller_admin_company(self):
        """The company whose portal the calling portal user administers, or ``AccessError``."""
        user = self.env.user
        if not user._is_portal() or not user.partner_id.lab_portal_admin:
            raise AccessError(
                self.env._("Only your company's portal administrator manages its portal users.")
            )
        return user.partner_id.commercial_partner_id

    def _lab_access_values(self, access):
        known = self._lab_portal_access_fields()
        unknown = set(access or {}) - set(known)
        if unknown:
            raise UserError(
                self.env._(
                    "Unknown portal access: %(keys)s.", keys=", ".join(sorted(map(str, unknown)))
                )
            )
        return {known[key]: bool(value) for key, value in (access or {}).items()}

    def lab_portal_set_access(self, access):
        """Set what these contacts see in the portal: ``access`` {key: bool} with the keys of
        ``_lab_portal_access_fields``. Customer service for any contact; a customer's portal
        administrator for their colleagues, not for themselves."""
        values = self._lab_access_values(access)
        if not self.env.user.has_group(STAFF):
            company = self._lab_caller_admin_company()
            for partner in self.sudo():
                if partner.commercial_partner_id != company or partner.is_company:
                    raise AccessError(
                        self.env._(
                            "%(contact)s is not a colleague of your company.",
                            contact=partner.name,
                        )
                    )
                if partner == self.env.user.partner_id:
                    raise AccessError(
                        self.env._(
                            "You cannot change your own portal access: ask another administrator "
                            "of your company or the laboratory."
                        )
                    )
        # sudo: a portal user cannot write contacts; the caller was checked above
        self.sudo().write(values)
        return True

    @api.model
    def lab_portal_invite(self, name, email, access=None):
        """A customer's portal administrator invites a colleague: a contact of their company,
        a portal user with the access chosen, and Odoo's invitation mail (``portal.wizard``)."""
        company = self._lab_caller_admin_company()
        values = self._lab_access_values(access)
        name = (name or "").strip()
        normalized = self._lab_check_invitee(name, email)
        # sudo: a portal user creates no contact nor user; the caller is their company's
        # administrator and the contact is made inside their company only.
        contact = (
            self.sudo()
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": name,
                    "email": normalized,
                    "parent_id": company.id,
                    "type": "contact",
                    **values,
                }
            )
        )
        wizard = self.env["portal.wizard"].sudo().with_context(active_ids=contact.ids).create({})
        wizard.user_ids.filtered(lambda u: u.partner_id == contact).action_grant_access()
        contact.message_post(
            body=self.env._(
                "Invited to the portal by %(admin)s.", admin=self.env.user.partner_id.name
            )
        )
        return contact.id

    @api.model
    def _lab_check_invitee(self, name, email):
        """The invited colleague's normalised email: they have a name, a valid email address
        and no account yet."""
        normalized = email_normalize(email or "")
        if not name:
            raise UserError(self.env._("Give your colleague's name."))
        if not normalized:
            raise UserError(
                self.env._("%(email)s is not a valid email address.", email=email or "")
            )
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        if Users.search_count([("login", "=ilike", normalized)], limit=1):
            raise UserError(
                self.env._(
                    "%(email)s already has an account: ask the laboratory to give it access.",
                    email=normalized,
                )
            )
        return normalized
