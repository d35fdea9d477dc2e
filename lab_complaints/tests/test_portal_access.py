from odoo.tests import tagged

from odoo.addons.lab_customer_service.tests.rpc import RpcCase

from .http_common import ComplaintHttpCase


@tagged("post_install", "-at_install")
class TestComplaintPortalAccess(ComplaintHttpCase, RpcCase):
    """Issue 19: a customer's portal administrator chooses who sees the complaints."""

    def test_administrator_hides_complaints_from_a_colleague(self):
        complaint = self._complaint()
        complaint.sudo().is_sender_verified = True
        self.contact_a.with_user(self.staff).lab_portal_admin = True
        carol = self.env["res.partner"].create(
            {"name": "Carol A", "parent_id": self.customer_a.id, "email": "carol@a.example.com"}
        )
        carol_user = self.env["res.users"].create(
            {
                "name": "Carol A",
                "login": "t_portal_carol",
                "password": "t_portal_carol",
                "partner_id": carol.id,
                "group_ids": [(6, 0, self.env.ref("base.group_portal").ids)],
            }
        )
        self.assertEqual(self.rpc(carol_user, "lab.complaint", "search", []), complaint.ids)
        # Alice, the administrator, takes the complaints away from Carol
        self.rpc(
            self.portal_a, "res.partner", "lab_portal_set_access", carol.ids, {"complaints": False}
        )
        self.assertFalse(carol.lab_portal_complaints)
        self.assertEqual(self.rpc(carol_user, "lab.complaint", "search", []), [])
        self.authenticate("t_portal_carol", "t_portal_carol")
        self.assertNotIn(complaint.name, self.url_open("/my/lab/complaints").text)
        # Carol cannot give them back to herself; Alice still sees them
        self.assertRpcRefused(
            carol_user, "res.partner", "write", carol.ids, {"lab_portal_complaints": True}
        )
        self.assertRpcRefused(
            carol_user, "res.partner", "lab_portal_set_access", carol.ids, {"complaints": True}
        )
        self.assertEqual(self.rpc(self.portal_a, "lab.complaint", "search", []), complaint.ids)
        # the administrator's page offers the choice
        self.authenticate("t_portal_a", "t_portal_a")
        self.assertIn("access_complaints", self.url_open("/my/lab/colleagues").text)
