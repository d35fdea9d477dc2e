from odoo import fields, models


class LabSampleWizardMixin(models.AbstractModel):
    """A wizard acting on the samples selected in the list or form it is opened from
    (``active_ids``): rejecting, accepting with consent, putting under legal hold."""

    _name = "lab.sample.wizard.mixin"
    _description = "Wizard on Selected Samples"

    sample_ids = fields.Many2many(
        "lab.sample",
        string="Samples",
        required=True,
        default=lambda self: self.env["lab.sample"].browse(self.env.context.get("active_ids", [])),
    )
