from odoo import fields, models
from odoo.exceptions import UserError


class LabContractReviewLine(models.Model):
    """One answered question of a contract review."""

    _name = "lab.contract.review.line"
    _description = "Contract Review Checklist Answer"
    _order = "review_id, sequence, id"

    review_id = fields.Many2one(
        "lab.contract.review", required=True, ondelete="cascade", index=True
    )
    item_id = fields.Many2one(
        "lab.review.template.item", string="Template Item", ondelete="set null"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Question", required=True)
    guidance = fields.Text()
    answer = fields.Selection([("yes", "Yes"), ("no", "No"), ("na", "Not Applicable")])
    note = fields.Char()

    def write(self, vals):
        if self.review_id.filtered(lambda review: review.state != "draft"):
            raise UserError(
                self.env._(
                    "This checklist is no longer in review; send it back before changing it."
                )
            )
        return super().write(vals)
