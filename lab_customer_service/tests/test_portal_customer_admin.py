from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .rpc import RpcCase
from .test_report_recipients import RecipientCase


@tagged("post_install", "-at_install")
class TestPortalCustomerAdmin(RecipientCase, RpcCase):
    """Issue 19: a customer's portal administrator invites colleagues and chooses what each
    sees; nobody makes themselves administrator."""

    def _post(self, login, url, **data):
        self.authenticate(login, login)
        return self.url_open(url, data=dict(data, csrf_token=http.Request.csrf_token(self)))

    def test_only_customer_service_sets_the_flags_directly(self):
        self.erin.with_user(self.staff).lab_portal_admin = True
        self.assertTrue(self.erin.lab_portal_admin)
        # the Quality Manager edits contacts, not who administers a customer's portal
        with self.assertRaises(AccessError):
            self.erin.with_user(self.quality_manager).lab_portal_admin = False
        self.assertRpcRefused(
            self.quality_manager, "res.partner", "write", self.dave.ids, {"lab_portal_admin": True}
        )
        # a customer cannot make themselves administrator, nor hide nothing from themselves
        for user in (self.carol_user, self.portal_a):
            self.assertRpcRefused(
                user, "res.partner", "write", user.partner_id.ids, {"lab_portal_admin": True}
            )
        self.assertRpcRefused(
            self.carol_user, "res.partner", "lab_portal_set_access", self.carol.ids, {"admin": True}
        )
        self.assertFalse(self.carol_user.partner_id.lab_portal_admin)
        self.assertFalse(self.dave.lab_portal_admin)

    def test_admin_sets_a_colleagues_access_over_rpc(self):
        self.rpc(
            self.portal_a,
            "res.partner",
            "lab_portal_set_access",
            self.carol.ids,
            {"orders": False, "admin": True},
        )
        self.assertFalse(self.carol.lab_portal_orders)
        self.assertTrue(self.carol.lab_portal_admin)
        self.assertTrue(self.carol.lab_portal_reports, "what was not sent is kept")
        # not their own access, not another company's contact
        self.assertRpcRefused(
            self.portal_a,
            "res.partner",
            "lab_portal_set_access",
            self.contact_a.ids,
            {"orders": False},
        )
        self.assertRpcRefused(
            self.portal_a,
            "res.partner",
            "lab_portal_set_access",
            self.contact_b.ids,
            {"orders": False},
        )
        self.assertRpcRefused(
            self.portal_a,
            "res.partner",
            "lab_portal_set_access",
            self.carol.ids,
            {"is_company": True},
        )
        self.assertTrue(self.contact_b.lab_portal_orders)
        self.assertTrue(self.contact_a.lab_portal_orders)

    def test_admin_invites_a_colleague_over_rpc(self):
        partner_id = self.rpc(
            self.portal_a,
            "res.partner",
            "lab_portal_invite",
            "Frank A",
            "frank@a.example.com",
            {"orders": False, "reports": True},
        )
        frank = self.env["res.partner"].browse(partner_id)
        self.assertEqual(frank.parent_id, self.customer_a)
        self.assertFalse(frank.lab_portal_orders)
        self.assertTrue(frank.lab_portal_reports)
        self.assertFalse(frank.lab_portal_admin)
        self.assertTrue(frank.user_ids._is_portal(), "Frank is a portal user")
        self.assertFalse(frank.user_ids._is_internal())
        invitation = self.env["mail.mail"].sudo().search([("recipient_ids", "in", frank.ids)])
        self.assertTrue(invitation, "the invitation mail goes to Frank")
        # a colleague who is no administrator, and the lab's technician, are refused
        self.assertRpcRefused(
            self.carol_user, "res.partner", "lab_portal_invite", "Gil", "gil@a.example.com"
        )
        self.assertRpcRefused(
            self.technician, "res.partner", "lab_portal_invite", "Gil", "gil@a.example.com"
        )
        self.assertFalse(self.env["res.partner"].search([("email", "=", "gil@a.example.com")]))
        # an address that already has an account is not taken over
        self.assertRpcRefused(
            self.portal_a,
            "res.partner",
            "lab_portal_invite",
            "Frank again",
            "frank@a.example.com",
            message="already has an account",
        )

    def test_admin_invites_and_sets_access_in_the_portal(self):
        response = self._post(
            "t_portal_a",
            "/my/lab/colleagues/invite",
            name="Hana A",
            email="hana@a.example.com",
            access_reports="on",
        )
        self.assertIn("Your colleague is invited", response.text)
        hana = self.env["res.partner"].search([("email", "=", "hana@a.example.com")])
        self.assertEqual(hana.commercial_partner_id, self.customer_a)
        self.assertEqual((hana.lab_portal_orders, hana.lab_portal_reports), (False, True))
        self._post(
            "t_portal_a",
            f"/my/lab/colleagues/{self.carol.id}/access",
            access_reports="on",
        )
        self.assertFalse(self.carol.lab_portal_orders)
        # Customer B's administrator does not reach Customer A's contacts
        self.contact_b.with_user(self.staff).lab_portal_admin = True
        page = self._post(
            "t_portal_b", f"/my/lab/colleagues/{self.carol.id}/access", access_orders="on"
        )
        self.assertIn("not a colleague", page.text)
        self.assertNotIn("Carol A", page.text.split("o_lab_colleagues")[1].split("</table>")[0])
        self.assertFalse(self.carol.lab_portal_orders)
        # a colleague who is no administrator has no such page
        self.authenticate("t_portal_carol", "t_portal_carol")
        self.assertEqual(self.url_open("/my/lab/colleagues").status_code, 404)

    def test_each_sees_only_what_was_granted(self):
        report = self._released_report(self.order)
        self.carol.with_user(self.staff).lab_portal_orders = False
        self.order.message_subscribe(self.carol.ids)
        # over JSON-RPC: no orders nor invoices, the reports still
        self.assertEqual(self.rpc(self.carol_user, "sale.order", "search", []), [])
        self.assertEqual(self.rpc(self.carol_user, "lab.test.report", "search", []), report.ids)
        self.assertRpcRefused(self.carol_user, "sale.order", "read", self.order.ids, ["name"])
        self.assertEqual(self.rpc(self.carol_user, "sale.order.line", "search", []), [])
        # in the portal: the order's page is closed to her, the report's open
        self.authenticate("t_portal_carol", "t_portal_carol")
        self.assertNotIn(self.order.name, self.url_open("/my/orders").text)
        self.assertIn(report.name, self.url_open("/my/lab/reports").text)
        # the orders come back when granted again; the reports go when withdrawn
        self.carol.with_user(self.staff).write(
            {"lab_portal_orders": True, "lab_portal_reports": False}
        )
        self.assertIn(self.order.id, self.rpc(self.carol_user, "sale.order", "search", []))
        self.assertEqual(self.rpc(self.carol_user, "lab.test.report", "search", []), [])
        self.assertEqual(self.rpc(self.carol_user, "lab.sample", "search", []), [])
        # Alice, granted everything, is untouched; staff see every order
        self.assertIn(self.order.id, self.rpc(self.portal_a, "sale.order", "search", []))
        self.assertIn(report.id, self.rpc(self.portal_a, "lab.test.report", "search", []))
