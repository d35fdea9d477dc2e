from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    lab_nda_reminder_days = fields.Integer(string="NDA Reminder (days before expiry)", default=30)
    lab_nda_template_id = fields.Many2one(
        "lab.nda.template",
        string="Visitor Agreement",
        help="The agreement visitors are asked to sign when a visit is requested.",
    )
