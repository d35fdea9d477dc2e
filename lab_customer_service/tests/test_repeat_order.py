from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .rpc import RpcCase
from .test_report_recipients import RecipientCase


@tagged("post_install", "-at_install")
class TestRepeatOrder(RecipientCase, RpcCase):
    """Issue 19: "Repeat this order" makes a new quotation with the same tests, which goes
    through contract review like any other (R-CR-01, R-CR-02)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order.order_line.product_uom_qty = 3
        cls.order.order_line.price_unit = 80.0  # a discount of the time

    def _post(self, url):
        return self.url_open(url, data={"csrf_token": http.Request.csrf_token(self)})

    def _assert_repeat(self, new, contact):
        self.assertEqual(new.partner_id, contact)
        self.assertEqual(new.state, "draft")
        self.assertEqual(new.origin, self.order.name)
        self.assertEqual(
            [(line.product_id, line.product_uom_qty) for line in new.order_line],
            [(line.product_id, line.product_uom_qty) for line in self.order.order_line],
        )
        self.assertEqual(new.order_line.price_unit, 100.0, "today's price, not the old one")
        self.assertEqual(new.lab_review_id.state, "draft", "its own contract review")
        with self.assertRaises(UserError):
            new.action_confirm()

    def test_customer_repeats_over_rpc(self):
        action = self.rpc(self.portal_a, "sale.order", "action_lab_repeat", self.order.ids)
        new = self.env["sale.order"].browse(action["res_id"])
        self._assert_repeat(new, self.contact_a)
        self.assertIn(self.contact_a, new.message_partner_ids, "she follows it in her portal")

    def test_colleague_repeats_for_themselves(self):
        self.order.message_subscribe(self.carol.ids)
        action = self.rpc(self.carol_user, "sale.order", "action_lab_repeat", self.order.ids)
        self._assert_repeat(self.env["sale.order"].browse(action["res_id"]), self.carol)

    def test_staff_repeats(self):
        new = self.order.with_user(self.staff)._lab_repeat()
        self._assert_repeat(new, self.contact_a)

    def test_wrong_role_and_other_customer_refused(self):
        before = self.env["sale.order"].search_count([])
        self.assertRpcRefused(self.portal_b, "sale.order", "action_lab_repeat", self.order.ids)
        self.assertRpcRefused(self.technician, "sale.order", "action_lab_repeat", self.order.ids)
        with self.assertRaises(AccessError):
            self.order.with_user(self.outsider)._lab_repeat()
        # not granted orders: no repeating either
        self.order.message_subscribe(self.carol.ids)
        self.carol.with_user(self.staff).lab_portal_orders = False
        self.assertRpcRefused(self.carol_user, "sale.order", "action_lab_repeat", self.order.ids)
        self.assertEqual(self.env["sale.order"].search_count([]), before)

    def test_portal_button_and_route(self):
        self.authenticate("t_portal_a", "t_portal_a")
        page = self.url_open(self.order.get_portal_url())
        self.assertIn("o_lab_repeat_order", page.text)
        response = self._post(f"/my/orders/{self.order.id}/repeat")
        self.assertIn("o_lab_repeated", response.text)
        new = self.env["sale.order"].search([("origin", "=", self.order.name)])
        self._assert_repeat(new, self.contact_a)
        # another customer's order: not found, nothing made
        self.authenticate("t_portal_b", "t_portal_b")
        response = self._post(f"/my/orders/{self.order.id}/repeat")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.env["sale.order"].search_count([("origin", "=", self.order.name)]), 1)
