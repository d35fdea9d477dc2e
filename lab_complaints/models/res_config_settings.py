from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    lab_complaint_hourly_limit = fields.Integer(
        string="Public Form Submissions per Hour",
        config_parameter="lab_complaints.public_form_hourly_limit",
        default=5,
        help="How many complaints one client address may send through the public form in an "
        "hour (point 11), and how many may name one email address; an IPv6 client counts with its "
        "/64. Only keyed hashes and the hour are kept, apart from the complaints.",
    )
    lab_complaint_trusted_proxies = fields.Char(
        string="Trusted Proxies",
        config_parameter="lab_complaints.trusted_proxies",
        default="127.0.0.0/8, ::1",
        help="Addresses or networks of the reverse proxies in front of Odoo, comma-separated. "
        "Only a request from one of them may name its client in X-Forwarded-For; any other "
        "client is counted by the address it connects from, whatever headers it sends.",
    )
    lab_complaint_alias_id = fields.Many2one(
        "mail.alias",
        string="Complaint Mail Alias",
        default=lambda self: self.env.ref("lab_complaints.mail_alias_complaints", False),
        readonly=True,
    )
