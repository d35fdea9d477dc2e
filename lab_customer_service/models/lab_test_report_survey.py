import datetime
import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)


class LabTestReport(models.Model):
    """After a report is released, its customer contact is invited to the company's approved
    satisfaction survey (R-SV-02), and its delivery is judged on time or late (R-MR-01)."""

    _inherit = "lab.test.report"

    lab_survey_answer_id = fields.Many2one(
        "survey.user_input", string="Satisfaction Survey", readonly=True, copy=False
    )
    lab_date_expected = fields.Date(
        string="Expected On",
        compute="_compute_lab_delivery",
        store=True,
        help="The order's expected report date when this report was released.",
    )
    is_on_time = fields.Boolean(
        string="Released On Time", compute="_compute_lab_delivery", store=True
    )

    @api.depends("date_released")
    def _compute_lab_delivery(self):
        for report in self:
            order = report.sudo().order_id
            if not report.date_released:
                report.lab_date_expected = False
                report.is_on_time = False
                continue
            expected = order.lab_date_expected
            report.lab_date_expected = expected
            report.is_on_time = not expected or report.date_released.date() <= expected

    @api.model
    def _cron_lab_send_satisfaction_surveys(self):
        """Invite the contact of each report released ``lab_survey_delay_days`` ago."""
        now = fields.Datetime.now()
        template = self.env.ref("survey.mail_template_user_input_invite", raise_if_not_found=False)
        for company in self.env["res.company"].search([("lab_survey_id", "!=", False)]):
            survey = company.lab_survey_id
            if not survey.active or survey.lab_approval_state != "approved":
                _logger.info(
                    "Satisfaction survey %s of %s is not approved", survey.id, company.name
                )
                continue
            limit = now - datetime.timedelta(days=company.lab_survey_delay_days)
            reports = self.search(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "released"),
                    ("date_released", "<=", limit),
                    ("lab_survey_answer_id", "=", False),
                ]
            )
            reports._lab_invite_to_survey(survey, template)

    def _lab_invite_to_survey(self, survey, template=None):
        """Create each report's survey answer and mail the invitation to the order's contact."""
        survey._lab_check_approved()
        invite = self.env["survey.invite"].create(
            {"survey_id": survey.id, "template_id": template.id if template else False}
        )
        for report in self:
            order = report.order_id
            contact = order.partner_id
            if not contact.email:
                report.message_post(
                    body=self.env._(
                        "No satisfaction survey sent: the customer contact has no email."
                    )
                )
                continue
            answer = survey._create_answer(
                partner=contact,
                check_attempts=False,
                lab_order_id=order.id,
                lab_report_id=report.id,
                lab_channel="email",
            )
            invite._send_mail(answer)
            report.lab_survey_answer_id = answer
