from odoo import fields, models


class LabReviewTemplateItem(models.Model):
    """One question of a contract review checklist."""

    _name = "lab.review.template.item"
    _description = "Contract Review Checklist Item"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "lab.review.template", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Question", required=True, translate=True)
    guidance = fields.Text(translate=True, help="What the reviewer should check.")
