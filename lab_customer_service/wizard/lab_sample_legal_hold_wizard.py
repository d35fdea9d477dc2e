from odoo import fields, models


class LabSampleLegalHoldWizard(models.TransientModel):
    """Put samples under legal hold, with the reason (R-SH-01, R-RC-01)."""

    _name = "lab.sample.legal.hold.wizard"
    _description = "Put Samples under Legal Hold"
    _inherit = ["lab.sample.wizard.mixin"]

    note = fields.Char(
        string="Reason",
        required=True,
        help="The objection, complaint, appeal or order that requires the samples to be kept.",
    )

    def action_confirm(self):
        self.sample_ids.action_set_legal_hold(self.note)
        return {"type": "ir.actions.act_window_close"}
