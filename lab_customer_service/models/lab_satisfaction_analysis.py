from odoo import fields, models, tools
from odoo.tools import SQL

from .survey_user_input import ANSWER_CHANNELS


class LabSatisfactionAnalysis(models.Model):
    """Completed satisfaction answers, one row per answer and test of the order it is about,
    for analysis by period, customer, test and channel (R-SV-03). The score is the answer's
    CSAT: the percentage it scored on the survey's scored questions."""

    _name = "lab.satisfaction.analysis"
    _description = "Satisfaction Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "answer_id"
    _depends = {
        "survey.user_input": [
            "survey_id",
            "end_datetime",
            "lab_customer_id",
            "lab_order_id",
            "lab_test_ids",
            "lab_channel",
            "scoring_percentage",
            "state",
            "test_entry",
        ],
        "survey.survey": ["is_lab_survey", "lab_audience"],
        "sale.order": ["company_id"],
    }

    answer_id = fields.Many2one("survey.user_input", readonly=True)
    survey_id = fields.Many2one("survey.survey", readonly=True)
    date = fields.Date(readonly=True)
    customer_id = fields.Many2one("res.partner", readonly=True)
    order_id = fields.Many2one("sale.order", readonly=True)
    test_id = fields.Many2one("product.product", readonly=True)
    channel = fields.Selection(ANSWER_CHANNELS, readonly=True)
    audience = fields.Selection(
        [("external", "External Customers"), ("internal", "Internal Customers")], readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    score = fields.Float(string="Satisfaction (%)", aggregator="avg", readonly=True)

    def _query(self):
        return SQL(
            """
            SELECT
                row_number() OVER (ORDER BY ui.id, rel.test_id) AS id,
                ui.id AS answer_id,
                ui.survey_id AS survey_id,
                ui.end_datetime::date AS date,
                ui.lab_customer_id AS customer_id,
                ui.lab_order_id AS order_id,
                rel.test_id AS test_id,
                ui.lab_channel AS channel,
                s.lab_audience AS audience,
                so.company_id AS company_id,
                ui.scoring_percentage AS score
            FROM survey_user_input ui
            JOIN survey_survey s ON s.id = ui.survey_id
            LEFT JOIN sale_order so ON so.id = ui.lab_order_id
            LEFT JOIN lab_survey_answer_test_rel rel
                   ON rel.answer_id = ui.id
            WHERE s.is_lab_survey AND ui.state = 'done' AND ui.test_entry IS NOT TRUE
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
