from odoo import models
from odoo.exceptions import UserError


class LabSample(models.Model):
    _name = "lab.sample"
    _inherit = ["lab.sample", "lab.retention.mixin", "lab.customer.data.mixin"]

    _lab_retention_date_field = "date_received"
    _lab_customer_data_whole_record = False

    def write(self, vals):
        if vals.get("state") == "disposed":
            held = self.filtered("is_legal_hold")
            if held:
                raise UserError(
                    self.env._(
                        "%(sample)s is under legal hold (%(reason)s) and cannot be disposed of.",
                        sample=held[0].name,
                        reason=held[0].legal_hold_note or self.env._("no reason given"),
                    )
                )
        return super().write(vals)
