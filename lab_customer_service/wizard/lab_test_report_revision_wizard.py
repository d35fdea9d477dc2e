from odoo import fields, models


class LabTestReportRevisionWizard(models.TransientModel):
    """An error found after release: revise or withdraw the report, with the reason (R-RP-03)."""

    _name = "lab.test.report.revision.wizard"
    _description = "Revise or Withdraw a Test Report"

    report_id = fields.Many2one("lab.test.report", required=True, readonly=True)
    mode = fields.Selection(
        [("revise", "Issue a Revised Version"), ("withdraw", "Withdraw the Report")],
        default="revise",
        required=True,
    )
    reason = fields.Text(
        required=True, help="The error found and its significance; the customer is told."
    )

    def action_confirm(self):
        result = self.report_id._lab_revise(self.reason, withdraw=self.mode == "withdraw")
        return {
            "type": "ir.actions.act_window",
            "res_model": "lab.test.report",
            "res_id": result.id,
            "view_mode": "form",
        }
