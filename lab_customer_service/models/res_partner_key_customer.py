from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class ResPartner(models.Model):
    """Key customers: a service plan and a recurring review (R-SV-04)."""

    _inherit = "res.partner"

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
