from odoo import fields, models


class LabSampleRejectionReason(models.Model):
    """Why a sample is not analysed (R-SR-04): a list the laboratory keeps up to date."""

    _name = "lab.sample.rejection.reason"
    _description = "Sample Rejection Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(
        translate=True, help="Explanation printed on the rejection notice sent to the customer."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
