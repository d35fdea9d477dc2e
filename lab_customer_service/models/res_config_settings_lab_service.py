from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    lab_request_response_days = fields.Integer(
        related="company_id.lab_request_response_days", readonly=False
    )
    lab_request_supervisor_id = fields.Many2one(
        related="company_id.lab_request_supervisor_id", readonly=False
    )
    lab_delay_risk_days = fields.Integer(related="company_id.lab_delay_risk_days", readonly=False)
    lab_survey_id = fields.Many2one(related="company_id.lab_survey_id", readonly=False)
    lab_survey_delay_days = fields.Integer(
        related="company_id.lab_survey_delay_days", readonly=False
    )
    lab_satisfaction_threshold = fields.Float(
        related="company_id.lab_satisfaction_threshold", readonly=False
    )
