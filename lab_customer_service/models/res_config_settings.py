from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    lab_review_approver_group_id = fields.Many2one(
        related="company_id.lab_review_approver_group_id", readonly=False
    )
    lab_review_template_id = fields.Many2one(
        related="company_id.lab_review_template_id", readonly=False
    )
    lab_legal_entity_only = fields.Boolean(
        related="company_id.lab_legal_entity_only", readonly=False
    )
    lab_deviation_template_id = fields.Many2one(
        related="company_id.lab_deviation_template_id", readonly=False
    )
    lab_revision_template_id = fields.Many2one(
        related="company_id.lab_revision_template_id", readonly=False
    )
    lab_subcontract_template_id = fields.Many2one(
        related="company_id.lab_subcontract_template_id", readonly=False
    )
