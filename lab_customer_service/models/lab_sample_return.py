from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError

from .lab_roles import RECEPTION
from .lab_sample import _command_ids


class LabSampleReturn(models.Model):
    """A leftover sample handed back to the customer for verification elsewhere (R-SH-03).

    The lab gives preservation instructions (printed with the return note); packing and transport
    are the customer's. The customer's receipt is recorded.
    """

    _name = "lab.sample.return"
    _description = "Sample Return to Customer"
    _inherit = ["lab.protected.mixin", "mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # The customer's receipt is recorded by its action only (issue 15, R-SH-03).
    _lab_protected_actions = {"action_confirm_receipt": ("date_receipt",)}

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
        # Checked before anything is written (the batch is refused as a whole), and again by
        # each sample as it is returned.
        self._lab_check_protected_create(vals_list)
        for vals in vals_list:
            ids = [i for command in vals.get("sample_ids", []) for i in _command_ids(command)]
            self.env["lab.sample"].browse(ids)._lab_check_returnable()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("lab.sample.return") or "/"
        records = super().create(vals_list)
        for record in records:
            record.sample_ids._lab_return(record)
        return records

    def write(self, vals):
        if "sample_ids" in vals:
            raise UserError(self.env._("The samples of a recorded return cannot change."))
        if self.env.uid != SUPERUSER_ID:
            self._lab_check_handed_over(vals)
        return super().write(vals)

    def _lab_check_handed_over(self, vals):
        """What was handed over, by whom and when stays as recorded; once the customer's receipt
        is confirmed, so do the receipt and the instructions given with it."""
        if vals.keys() & {"name", "date", "handed_over_by_id", "company_id"}:
            raise UserError(
                self.env._(
                    "A return record keeps what was handed over, by whom and when: it cannot "
                    "be changed."
                )
            )
        if vals.keys() & {"receipt_name", "preservation_note"} and self.filtered("date_receipt"):
            raise UserError(
                self.env._(
                    "The customer's receipt of %(reference)s is confirmed: the return record "
                    "can no longer be changed.",
                    reference=self.filtered("date_receipt")[0].name,
                )
            )

    def action_confirm_receipt(self):
        """The customer's representative confirmed receiving the samples."""
        self.check_access("write")
        self._lab_check_role(
            RECEPTION,
            message=self.env._("Only the Sample Reception Officer confirms a customer's receipt."),
        )
        for record in self:
            if record.date_receipt:
                raise UserError(
                    self.env._(
                        "The customer's receipt of %(reference)s is already confirmed.",
                        reference=record.name,
                    )
                )
            if not record.receipt_name:
                raise UserError(self.env._("Enter the name of the customer's representative."))
        self._lab_grant("action_confirm_receipt").write({"date_receipt": fields.Datetime.now()})
        return True

    def action_print(self):
        return self.env.ref("lab_customer_service.action_report_sample_return").report_action(self)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A return record is kept: it cannot be deleted."))
