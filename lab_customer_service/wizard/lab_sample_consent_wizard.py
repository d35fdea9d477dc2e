from odoo import fields, models


class LabSampleConsentWizard(models.TransientModel):
    """Accept samples that fail their method's conditions, with the customer's written consent
    and the reservation the report must carry (R-SR-04)."""

    _name = "lab.sample.consent.wizard"
    _description = "Accept Samples with the Customer's Consent"
    _inherit = ["lab.sample.wizard.mixin"]

    reservation = fields.Text(
        string="Reservation on the Report",
        required=True,
        help="What the customer agreed to in writing; printed on the test report.",
    )

    def action_confirm(self):
        self.sample_ids.action_accept_with_consent(self.reservation)
        return {"type": "ir.actions.act_window_close"}
