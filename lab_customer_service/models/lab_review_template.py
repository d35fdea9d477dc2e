from odoo import fields, models


class LabReviewTemplate(models.Model):
    """A contract review checklist that administrators edit (R-CR-01, R-AD-01)."""

    _name = "lab.review.template"
    _description = "Contract Review Checklist Template"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True, help="Leave empty to share it.")
    item_ids = fields.One2many("lab.review.template.item", "template_id", string="Items", copy=True)
    item_count = fields.Integer(compute="_compute_item_count", string="Number of Items")

    def _compute_item_count(self):
        for template in self:
            template.item_count = len(template.item_ids)

    def _prepare_review_lines(self):
        """Commands creating the checklist of a new review from this template."""
        self.ensure_one()
        return [
            fields.Command.create(
                {
                    "item_id": item.id,
                    "sequence": item.sequence,
                    "name": item.name,
                    "guidance": item.guidance,
                }
            )
            for item in self.item_ids
        ]
