from odoo import fields, models


class LabSample(models.Model):
    _inherit = "lab.sample"

    is_complaint_hold = fields.Boolean(
        string="Held for a Complaint",
        readonly=True,
        copy=False,
        help="The legal hold was set because an open complaint or appeal concerns this sample; "
        "it is lifted when none does any more. A hold set for another reason is never lifted here.",
    )
