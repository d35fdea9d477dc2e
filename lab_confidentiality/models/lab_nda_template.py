from odoo import fields, models


class LabNdaTemplate(models.Model):
    """The wording of a type of confidentiality agreement (R-CF-01)."""

    _name = "lab.nda.template"
    _description = "Confidentiality Agreement Type"
    _order = "sequence, name"

    name = fields.Char(string="Agreement Type", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    party_role = fields.Selection(
        selection="_selection_party_role",
        string="For",
        help="The kind of party this agreement is usually signed by.",
    )
    body = fields.Html(string="Agreement Text", required=True, translate=True, sanitize=True)
    validity_months = fields.Integer(string="Validity (months)", default=12, required=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)

    _validity_positive = models.Constraint(
        "CHECK(validity_months > 0)", "An agreement is valid for at least one month."
    )

    def _selection_party_role(self):
        return self.env["lab.nda"]._fields["party_role"]._description_selection(self.env)
