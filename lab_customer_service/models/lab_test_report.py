from odoo import api, fields, models

from .lab_sample import CUSTOMER_GROUPS


class LabTestReport(models.Model):
    """A test report for an order or a group of its samples (R-RP-01..03)."""

    _name = "lab.test.report"
    _description = "Test Report"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Report Number", required=True, readonly=True, copy=False, default="/"
    )
    order_id = fields.Many2one(
        "sale.order",
        required=True,
        index=True,
        ondelete="restrict",
        groups=CUSTOMER_GROUPS,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        related="order_id.partner_id.commercial_partner_id",
        store=True,
        index=True,
        groups=CUSTOMER_GROUPS,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    sample_ids = fields.Many2many("lab.sample", string="Samples", check_company=True)
    version = fields.Integer(default=1, readonly=True, copy=False)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("prepared", "Prepared"),
            ("reviewed", "Quality Reviewed"),
            ("released", "Released"),
            ("superseded", "Superseded"),
            ("withdrawn", "Withdrawn"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    prepared_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    reviewed_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    authorised_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    date_released = fields.Datetime(string="Released On", readonly=True, tracking=True)
    objection_deadline = fields.Date(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        todo = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        if todo:
            codes = self.env["ir.sequence"]._lab_next_codes(
                "lab.test.report", len(todo), self.env.company
            )
            for vals, code in zip(todo, codes, strict=True):
                vals["name"] = code
        return super().create(vals_list)

    def _compute_access_url(self):
        for report in self:
            report.access_url = f"/my/lab/reports/{report.id}"

    def _lab_involved_users(self):
        """See ``sale.order._lab_involved_users``."""
        return self.prepared_by_id | self.reviewed_by_id | self.authorised_by_id
