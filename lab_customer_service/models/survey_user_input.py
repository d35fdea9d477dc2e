from odoo import api, fields, models

ANSWER_CHANNELS = [
    ("email", "Email Invitation"),
    ("portal", "Portal"),
    ("phone", "Phone"),
    ("in_person", "In Person"),
    ("paper", "Paper Form"),
]


class SurveyUserInput(models.Model):
    """A satisfaction answer linked to the customer, order, report and tests it is about
    (R-SV-02, R-SV-03)."""

    _inherit = "survey.user_input"

    is_lab_survey = fields.Boolean(related="survey_id.is_lab_survey", store=True)
    lab_order_id = fields.Many2one("sale.order", string="Order", index="btree_not_null")
    lab_report_id = fields.Many2one("lab.test.report", string="Test Report", index="btree_not_null")
    lab_customer_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_lab_customer_id",
        store=True,
        index="btree_not_null",
    )
    lab_test_ids = fields.Many2many(
        "product.product",
        "lab_survey_answer_test_rel",
        "answer_id",
        "test_id",
        string="Tests",
        compute="_compute_lab_test_ids",
        store=True,
    )
    lab_channel = fields.Selection(ANSWER_CHANNELS, string="Answer Channel", default="email")

    @api.depends("partner_id", "lab_order_id")
    def _compute_lab_customer_id(self):
        for answer in self:
            partner = answer.lab_order_id.partner_id or answer.partner_id
            answer.lab_customer_id = partner.commercial_partner_id

    @api.depends("lab_order_id")
    def _compute_lab_test_ids(self):
        for answer in self:
            answer.lab_test_ids = answer.lab_order_id.order_line.product_id.filtered("is_lab_test")

    def _mark_done(self):
        result = super()._mark_done()
        self.filtered("is_lab_survey")._lab_schedule_follow_up_calls()
        return result

    def _lab_schedule_follow_up_calls(self):
        """A low score gets a follow-up ("return visit") call, logged as an activity (R-SV-03)."""
        activity_type = self.env.ref("lab_customer_service.mail_activity_type_lab_follow_up_call")
        vals_list = []
        for answer in self:
            company = answer.lab_order_id.company_id or self.env.company
            if answer.survey_id.scoring_type == "no_scoring":
                continue
            if answer.scoring_percentage >= company.lab_satisfaction_threshold:
                continue
            record = answer.lab_order_id or answer
            user = answer.lab_order_id.user_id or answer.survey_id.user_id or self.env.user
            vals_list.append(
                {
                    "res_model_id": self.env["ir.model"]._get_id(record._name),
                    "res_id": record.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "summary": self.env._(
                        "Call %(customer)s back: satisfaction %(score)s%%",
                        customer=answer.partner_id.name or answer.email or "",
                        score=round(answer.scoring_percentage),
                    ),
                }
            )
        self.env["mail.activity"].sudo().create(vals_list)
