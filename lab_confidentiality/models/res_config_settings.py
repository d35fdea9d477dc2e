from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    lab_nda_reminder_days = fields.Integer(
        related="company_id.lab_nda_reminder_days", readonly=False
    )
    lab_nda_link_days = fields.Integer(related="company_id.lab_nda_link_days", readonly=False)
    lab_nda_template_id = fields.Many2one(related="company_id.lab_nda_template_id", readonly=False)
    lab_loan_days = fields.Integer(related="company_id.lab_loan_days", readonly=False)
    lab_loan_approver_id = fields.Many2one(
        related="company_id.lab_loan_approver_id", readonly=False
    )
