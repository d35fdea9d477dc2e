from odoo import api, fields, models


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

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.review_id._check_in_review()
        return lines

    def write(self, vals):
        self.review_id._check_in_review()
        res = super().write(vals)
        if "review_id" in vals:
            self.review_id._check_in_review()
        return res
