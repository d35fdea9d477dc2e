from odoo import api, fields, models
from odoo.exceptions import UserError

from .lab_sample import _command_ids


class LabSampleReturn(models.Model):
    """A leftover sample handed back to the customer for verification elsewhere (R-SH-03).

    The lab gives preservation instructions (printed with the return note); packing and transport
    are the customer's. The customer's receipt is recorded.
    """

    _name = "lab.sample.return"
    _description = "Sample Return to Customer"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, readonly=True, default="/", copy=False)
    sample_ids = fields.Many2many("lab.sample", string="Samples", required=True, check_company=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", compute="_compute_partner_id", store=True
    )
    date = fields.Datetime(string="Handed Over On", required=True, default=fields.Datetime.now)
    handed_over_by_id = fields.Many2one(
        "res.users", required=True, default=lambda self: self.env.user
    )
    preservation_note = fields.Text(
        string="Preservation Instructions",
        compute="_compute_preservation_note",
        store=True,
        readonly=False,
        help="Printed on the return note: how the customer must keep the samples.",
    )
    receipt_name = fields.Char(
        string="Received By (Customer)",
        tracking=True,
        help="Name of the customer's representative.",
    )
    date_receipt = fields.Datetime(string="Receipt Confirmed On", readonly=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.depends("sample_ids")
    def _compute_partner_id(self):
        for record in self:
            record.partner_id = record.sample_ids.order_id.partner_id.commercial_partner_id[:1]

    @api.depends("sample_ids")
    def _compute_preservation_note(self):
        for record in self:
            lines = []
            for test in record.sample_ids.test_ids:
                parts = [p for p in (test.lab_preservation, test.lab_container) if p]
                if parts:
                    lines.append(f"{test.display_name}: {'; '.join(parts)}")
            record.preservation_note = "\n".join(lines)

    @api.model_create_multi
    def create(self, vals_list):
        # Checked before anything is written (the batch is refused as a whole).
        for vals in vals_list:
            ids = [i for command in vals.get("sample_ids", []) for i in _command_ids(command)]
            self._lab_check_returnable(self.env["lab.sample"].browse(ids))
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("lab.sample.return") or "/"
        records = super().create(vals_list)
        for record in records:
            record.sample_ids.write({"state": "returned", "return_id": record.id})
        return records

    def _lab_check_returnable(self, samples):
        if not samples:
            raise UserError(self.env._("Select the samples to return."))
        if len(samples.order_id.partner_id.commercial_partner_id) > 1:
            raise UserError(self.env._("A return note covers the samples of one customer."))
        left = samples.filtered(lambda s: s.state in ("returned", "disposed"))
        if left:
            raise UserError(
                self.env._(
                    "These samples have already left the laboratory: %(codes)s.",
                    codes=", ".join(left.mapped("name")),
                )
            )
        held = samples.filtered("is_legal_hold")
        if held:
            raise UserError(
                self.env._(
                    "These samples are under a legal hold and stay in the laboratory: %(codes)s.",
                    codes=", ".join(held.mapped("name")),
                )
            )

    def write(self, vals):
        if "sample_ids" in vals:
            raise UserError(self.env._("The samples of a recorded return cannot change."))
        return super().write(vals)

    def action_confirm_receipt(self):
        for record in self:
            if not record.receipt_name:
                raise UserError(self.env._("Enter the name of the customer's representative."))
        self.write({"date_receipt": fields.Datetime.now()})
        return True

    def action_print(self):
        return self.env.ref("lab_customer_service.action_report_sample_return").report_action(self)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A return record is kept: it cannot be deleted."))
