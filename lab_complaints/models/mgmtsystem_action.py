from odoo import fields, models


class MgmtsystemAction(models.Model):
    _inherit = "mgmtsystem.action"

    complaint_id = fields.Many2one(
        "lab.complaint",
        index=True,
        ondelete="restrict",
        tracking=True,
        help="The complaint or appeal this action was opened from (R-CP-06).",
    )
