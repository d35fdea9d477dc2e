from odoo import fields, models


class LabPublishedDocument(models.Model):
    """Information the laboratory publishes for its customers in the portal (R-CR-07)."""

    _name = "lab.published.document"
    _description = "Published Customer Document"
    _inherit = ["mail.thread"]
    _order = "category, sequence, id"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    category = fields.Selection(
        [
            ("contract", "Contract Forms"),
            ("accreditation", "Accreditation Certificate and Scope"),
            ("price", "Price List"),
            ("faq", "Frequently Asked Questions"),
            ("hours", "Working Hours"),
            ("complaint", "Complaints and Appeals"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
    )
    description = fields.Html(translate=True)
    document = fields.Binary(attachment=True)
    document_filename = fields.Char()
    is_published = fields.Boolean(string="Published", tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
