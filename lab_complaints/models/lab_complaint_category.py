from odoo import fields, models


class LabComplaintCategory(models.Model):
    _name = "lab.complaint.category"
    _description = "Complaint Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    company_id = fields.Many2one("res.company", index=True)
    active = fields.Boolean(default=True)
