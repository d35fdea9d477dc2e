from odoo import api, fields, models


class ProductTemplate(models.Model):
    """The test catalogue (R-TC-01): a lab test is a sellable product carrying its method."""

    _inherit = "product.template"

    is_lab_test = fields.Boolean(
        string="Laboratory Test",
        help="This product is a test the laboratory performs; orders containing it go through "
        "contract review and sample reception.",
    )
    lab_method = fields.Char(string="Method / Standard", help="For example TS EN ISO 9612.")
    lab_method_version = fields.Char(string="Method Version", help="Edition or year in force.")
    lab_accreditation = fields.Selection(
        [
            ("accredited", "Accredited"),
            ("not_accredited", "Not Accredited"),
            ("subcontracted", "Subcontracted"),
        ],
        string="Accreditation Status",
        default="accredited",
    )
    lab_turnaround_days = fields.Integer(
        string="Turnaround (working days)",
        default=10,
        help="Working days from sample reception to the report.",
    )
    lab_matrix = fields.Char(string="Matrix", help="What is sampled: air, water, soil, noise...")
    lab_container = fields.Char(string="Container")
    lab_min_quantity = fields.Char(
        string="Minimum Quantity", help="For example 500 mL or 2 filters."
    )
    lab_preservation = fields.Char(string="Preservation")
    lab_max_holding_hours = fields.Integer(
        string="Maximum Holding Time (hours)",
        help="Longest time allowed between sampling and analysis; 0 means no limit.",
    )
    lab_retention_days = fields.Integer(
        string="Retention after Report (days)",
        default=30,
        help="How long a sample tested by this method is kept after its report is released.",
    )

    _lab_turnaround_positive = models.Constraint(
        "CHECK(lab_turnaround_days >= 0 AND lab_max_holding_hours >= 0"
        " AND lab_retention_days >= 0)",
        "Turnaround, holding time and retention cannot be negative.",
    )

    @api.onchange("is_lab_test")
    def _onchange_is_lab_test(self):
        if self.is_lab_test and self.type == "consu":
            self.type = "service"
