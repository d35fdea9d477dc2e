from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    lab_objection_days = fields.Integer(
        string="Objection Period (working days)",
        default=10,
        help="Working days after a report is released during which the customer may object "
        "(R-RP-04). Counted on the company's working calendar, public holidays excluded.",
    )
    lab_signatory_ids = fields.Many2many(
        "res.users",
        "lab_company_signatory_rel",
        "company_id",
        "user_id",
        string="Authorised Signatories",
        help="Besides the Technical Manager, these people may authorise the release of a report.",
    )

    _lab_objection_days_positive = models.Constraint(
        "CHECK(lab_objection_days > 0)", "The objection period must be at least one working day."
    )

    def _lab_is_signatory(self, user):
        self.ensure_one()
        return user.has_group("lab_customer_service.group_lab_technical_manager") or (
            user in self.sudo().lab_signatory_ids
        )
