from odoo import fields, models


class LabSampleRejectWizard(models.TransientModel):
    """Reject samples with a reason from the laboratory's list (R-SR-04)."""

    _name = "lab.sample.reject.wizard"
    _description = "Reject Samples"
    _inherit = ["lab.sample.wizard.mixin"]

    reason_id = fields.Many2one("lab.sample.rejection.reason", required=True)
    note = fields.Text(string="Details for the Customer")

    def action_reject(self):
        self.sample_ids._lab_reject(self.reason_id, self.note)
        return {"type": "ir.actions.act_window_close"}
