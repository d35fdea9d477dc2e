from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    lab_complaint_hourly_limit = fields.Integer(
        string="Public Form Submissions per Hour",
        config_parameter="lab_complaints.public_form_hourly_limit",
        default=5,
        help="How many complaints one client address may send through the public form in an "
        "hour (point 11). Addresses are kept only as keyed hashes, apart from the complaints.",
    )
    lab_complaint_alias_id = fields.Many2one(
        "mail.alias",
        string="Complaint Mail Alias",
        default=lambda self: self.env.ref("lab_complaints.mail_alias_complaints", False),
        readonly=True,
    )
