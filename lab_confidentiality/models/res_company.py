from odoo import fields, models

from odoo.addons.lab_customer_service.models.lab_roles import DEPUTY_DIRECTOR

# Seed 004 §4.5: "the loan should not in general exceed seven days".
DEFAULT_LOAN_DAYS = 7


class ResCompany(models.Model):
    _inherit = "res.company"

    lab_nda_reminder_days = fields.Integer(string="NDA Reminder (days before expiry)", default=30)
    lab_nda_link_days = fields.Integer(
        string="NDA Signing Link Validity (days)",
        default=7,
        help="A personal link to sign an agreement works once, for this many days (R-CF-01).",
    )
    lab_nda_template_id = fields.Many2one(
        "lab.nda.template",
        string="Visitor Agreement",
        help="The agreement visitors are asked to sign when a visit is requested.",
    )
    lab_loan_days = fields.Integer(
        string="Loan Period (days)",
        default=DEFAULT_LOAN_DAYS,
        help="An archived record lent today is due back this many days later (R-RC-03).",
    )
    lab_loan_approver_id = fields.Many2one(
        "res.users",
        string="Loans Approved By",
        domain=lambda self: [
            (
                "all_group_ids",
                "in",
                self.env.ref(DEPUTY_DIRECTOR).ids,
            )
        ],
        help="The manager asked to approve each loan of an archived record. Any Director or "
        "Deputy Director may approve; this person gets the activity.",
    )

    _lab_nda_link_days_positive = models.Constraint(
        "CHECK(lab_nda_link_days > 0)", "A signing link is valid for one day at least."
    )
    _lab_loan_days_positive = models.Constraint(
        "CHECK(lab_loan_days > 0)", "A record is lent for one day at least."
    )
