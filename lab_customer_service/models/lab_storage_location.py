from odoo import fields, models


class LabStorageLocation(models.Model):
    """Where samples are kept and under which conditions (R-SH-01)."""

    _name = "lab.storage.location"
    _description = "Sample Storage Location"
    _order = "area_id, name"
    _check_company_auto = True

    name = fields.Char(required=True)
    area_id = fields.Many2one("lab.area", check_company=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True)
    condition = fields.Selection(
        [
            ("ambient", "Ambient"),
            ("cooled", "Cooled (2-8 °C)"),
            ("frozen", "Frozen (below -18 °C)"),
            ("dry", "Dry and dark"),
        ],
        default="ambient",
        required=True,
    )
    condition_note = fields.Char(string="Conditions")
    sample_ids = fields.One2many("lab.sample", "location_id", string="Samples")
