from odoo import fields, models


class LabArea(models.Model):
    """A room or zone of the laboratory (R-CF-04): visitors are admitted to named areas."""

    _name = "lab.area"
    _description = "Laboratory Area"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    location_ids = fields.One2many("lab.storage.location", "area_id", string="Storage Locations")
    note = fields.Text(string="Access Conditions")

    _code_company_unique = models.Constraint(
        "UNIQUE(code, company_id)", "Two areas of one laboratory cannot share a code."
    )
