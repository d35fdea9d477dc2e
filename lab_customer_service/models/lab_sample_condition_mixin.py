from odoo import fields, models

# The seal of a sample on receipt (R-SR-03).
SEAL_STATES = [("intact", "Intact"), ("broken", "Broken"), ("none", "No Seal Required")]
CONDITION_ON_RECEIPT = (
    "seal_state",
    "temperature",
    "is_temperature_ok",
    "is_container_ok",
    "is_quantity_ok",
)


class LabSampleConditionMixin(models.AbstractModel):
    """The condition of a sample as received (R-SR-03): the sample records it, and the
    reception wizard asks it once for a whole delivery."""

    _name = "lab.sample.condition.mixin"
    _description = "Sample Condition on Receipt"

    seal_state = fields.Selection(SEAL_STATES, string="Seal", default="intact", required=True)
    temperature = fields.Float(string="Temperature on Receipt (°C)", digits=(4, 1))
    is_temperature_ok = fields.Boolean(string="Temperature Within Limits", default=True)
    is_container_ok = fields.Boolean(string="Container Suitable", default=True)
    is_quantity_ok = fields.Boolean(string="Quantity Sufficient", default=True)

    def _lab_condition_values(self):
        """The condition as it is written on a sample."""
        self.ensure_one()
        return {fname: self[fname] for fname in CONDITION_ON_RECEIPT}
