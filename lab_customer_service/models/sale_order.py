from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    is_lab_order = fields.Boolean(
        string="Laboratory Order",
        compute="_compute_is_lab_order",
        store=True,
        help="The order contains at least one laboratory test.",
    )
    lab_sample_ids = fields.One2many("lab.sample", "order_id", string="Samples")
    lab_sample_count = fields.Integer(string="Sample Count", compute="_compute_lab_sample_count")
    lab_report_ids = fields.One2many("lab.test.report", "order_id", string="Test Reports")

    @api.depends("order_line.product_id.is_lab_test")
    def _compute_is_lab_order(self):
        for order in self:
            order.is_lab_order = any(order.order_line.product_id.mapped("is_lab_test"))

    def _compute_lab_sample_count(self):
        counts = dict(
            self.env["lab.sample"]._read_group(
                [("order_id", "in", self.ids)], ["order_id"], ["__count"]
            )
        )
        for order in self:
            order.lab_sample_count = counts.get(order, 0)

    def action_view_lab_samples(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "lab_customer_service.lab_sample_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action

    def _lab_involved_users(self):
        """Users who took part in the work for these orders (17025 §7.9.6 impartiality).

        Extension point: each feature that records a person acting on an order (contract review,
        reception, report steps) adds them here, so that whoever must judge the work impartially
        can exclude them. Returns a ``res.users`` recordset.
        """
        return self.lab_sample_ids._lab_involved_users() | self.lab_report_ids._lab_involved_users()
