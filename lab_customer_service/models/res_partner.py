from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


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
