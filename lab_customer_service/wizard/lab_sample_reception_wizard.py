from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.lab_roles import RECEPTION

# A delivery larger than this is certainly a typing error (R-SR-06 speaks of thousands).
MAX_BATCH = 50000

# Chatter of a delivery: one line on the order, not a message and a follower per sample.
DELIVERY_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
}


class LabSampleReceptionWizard(models.TransientModel):
    """Register a whole delivery of samples in one step (R-SR-01, R-SR-06).

    The delivery is one batched ``create``: every sample gets its registration code from one
    batched sequence call, and the chatter of the order gets one line instead of one message
    per sample.
    """

    _name = "lab.sample.reception.wizard"
    _inherit = ["lab.sample.condition.mixin"]
    _description = "Batch Sample Reception"

    order_id = fields.Many2one(
        "sale.order",
        required=True,
        domain=[("state", "=", "sale"), ("is_lab_order", "=", True)],
    )
    sale_line_ids = fields.Many2many(
        "sale.order.line",
        string="Tests",
        domain="[('order_id', '=', order_id), ('product_id.is_lab_test', '=', True)]",
        help="The ordered tests to perform on every sample of this delivery.",
    )
    sample_count = fields.Integer(string="Number of Samples", default=1)
    descriptions = fields.Text(
        string="Sample Descriptions",
        help="Optional: one line per sample (for example the customer's own sample list). When "
        "filled, one sample is registered per non-empty line.",
    )
    source = fields.Char(string="Source / Sampling Point")
    date_sampled = fields.Datetime(string="Sampled On")
    date_received = fields.Datetime(
        string="Received On", required=True, default=fields.Datetime.now
    )
    location_id = fields.Many2one("lab.storage.location", string="Storage Location")
    # The condition on receipt (lab.sample.condition.mixin), the same for the whole delivery.
    print_labels = fields.Boolean(default=True)

    @api.onchange("order_id")
    def _onchange_order_id(self):
        self.sale_line_ids = self.order_id.order_line.filtered("product_id.is_lab_test")

    def _lab_description_lines(self):
        return [line.strip() for line in (self.descriptions or "").splitlines() if line.strip()]

    def _lab_sample_values(self):
        """The values of each sample of the delivery."""
        self.ensure_one()
        lines = self._lab_description_lines()
        count = len(lines) if lines else self.sample_count
        if count <= 0:
            raise UserError(self.env._("Register at least one sample."))
        if count > MAX_BATCH:
            raise UserError(self.env._("A delivery holds at most %(max)s samples.", max=MAX_BATCH))
        values = self._lab_delivery_values(self._lab_delivery_tests())
        if lines:
            return [dict(values, description=line) for line in lines]
        return [dict(values) for _i in range(count)]

    def _lab_delivery_tests(self):
        """The tests of every sample of the delivery: those chosen, else the order's."""
        sale_lines = self.sale_line_ids or self.order_id.order_line.filtered(
            "product_id.is_lab_test"
        )
        if sale_lines.order_id - self.order_id:
            raise UserError(self.env._("The tests must belong to the order."))
        return sale_lines.product_id

    def _lab_delivery_values(self, tests):
        """The values the samples of the delivery share."""
        values = {
            "company_id": self.order_id.company_id.id,
            "state": "received",
            "order_id": self.order_id.id,
            "test_ids": [fields.Command.set(tests.ids)],
            "date_received": self.date_received,
            "received_by_id": self.env.uid,
            **self._lab_condition_values(),
        }
        # what the delivery leaves empty is not written: thousands of rows carry fewer columns
        optional = {
            "source": self.source,
            "date_sampled": self.date_sampled,
            "location_id": self.location_id.id,
        }
        values.update((fname, value) for fname, value in optional.items() if value)
        # What the samples' computes give, given: the delivery is written with its INSERT, and
        # recomputing finds nothing to change in thousands of rows (R-SR-06).
        values.update(
            partner_id=self.order_id.partner_id.commercial_partner_id.id,
            area_id=self.location_id.area_id.id,
            date_expected=self.env["lab.sample"]._lab_expected_date(
                self.order_id.company_id, self.date_received, tests
            ),
        )
        return values

    def _lab_register(self):
        """Create the samples; returns them."""
        self.ensure_one()
        self.env["lab.sample"]._lab_check_role(
            RECEPTION,
            message=self.env._("Only the Sample Reception Officer registers samples."),
        )
        samples = (
            self.env["lab.sample"]
            .with_context(**DELIVERY_CONTEXT)
            .create(self._lab_sample_values())
        )
        self.order_id.message_post(
            body=self.env._(
                "%(count)s sample(s) received: %(first)s to %(last)s.",
                count=len(samples),
                first=samples[:1].name,
                last=samples[-1:].name,
            )
        )
        return samples

    def action_register(self):
        samples = self._lab_register()
        if self.print_labels:
            return self.env.ref("lab_customer_service.action_report_sample_label").report_action(
                samples, config=False
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "lab_customer_service.lab_sample_action"
        )
        action["domain"] = [("id", "in", samples.ids)]
        return action
