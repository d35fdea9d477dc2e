from odoo import fields, models


class LabSample(models.Model):
    _inherit = "lab.sample"
    # Issue 15: the hold of an open complaint or appeal is kept in step by the complaint itself
    # (``lab.complaint._lab_sync_legal_hold``), whoever files or closes it.
    _lab_protected_actions = {
        "_lab_sync_legal_hold": ("is_legal_hold", "legal_hold_note", "is_complaint_hold"),
    }

    is_complaint_hold = fields.Boolean(
        string="Held for a Complaint",
        readonly=True,
        copy=False,
        help="The legal hold was set because an open complaint or appeal concerns this sample; "
        "it is lifted when none does any more. A hold set for another reason is never lifted here.",
    )
