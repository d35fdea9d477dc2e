from odoo import fields, http
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MockEmail

from .common import LabCase
from .rpc import RpcCase


class RecipientCase(LabCase):
    """Issue 19: a customer's people who receive its reports, besides the order's contact."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.carol, cls.dave, cls.erin = Partner.create(
            [
                {"name": "Carol A", "parent_id": cls.customer_a.id, "email": "carol@a.example.com"},
                {"name": "Dave A", "parent_id": cls.customer_a.id, "email": "dave@a.example.com"},
                {"name": "Erin A", "parent_id": cls.customer_a.id, "email": "erin@a.example.com"},
            ]
        )
        cls.order = cls._lab_order(cls.contact_a, confirm=True)
        cls.other_order = cls._lab_order(cls.contact_a, confirm=True)
        cls.order_b = cls._lab_order(cls.contact_b, confirm=True)
        # Alice administers Customer A's portal (as customer service set it)
        cls.contact_a.with_user(cls.staff).lab_portal_admin = True
        # (new_test_user would rename Carol after her login)
        cls.carol_user = (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "login": "t_portal_carol",
                    "password": "t_portal_carol",
                    "partner_id": cls.carol.id,
                    "group_ids": [fields.Command.set(cls.env.ref("base.group_portal").ids)],
                }
            )
        )

    @classmethod
    def _released_report(cls, order):
        sample = cls.env["lab.sample"].create({"order_id": order.id, "state": "in_test"})
        report = cls.env["lab.test.report"].create(
            {"order_id": order.id, "sample_ids": [fields.Command.set(sample.ids)]}
        )
        report.attachment_ids = cls.env["ir.attachment"].create(
            {"name": "report.pdf", "raw": b"%PDF-1.4 report", "mimetype": "application/pdf"}
        )
        report.with_user(cls.technician).action_prepare()
        report.with_user(cls.quality_manager).action_review()
        report.with_user(cls.technical_manager).action_release()
        return report


@tagged("post_install", "-at_install")
class TestReportRecipients(MockEmail, RecipientCase):
    def _last_notice(self, report):
        return report.sudo().lab_notice_message_ids.sorted("id")[-1:]

    def test_release_reaches_order_and_customer_recipients(self):
        """Carol receives every order's reports, Dave this order's; Erin another order's only."""
        Recipient = self.env["lab.report.recipient"].with_user(self.staff)
        Recipient.create(
            [
                {"contact_id": self.carol.id},
                {"contact_id": self.dave.id, "order_id": self.order.id},
                {"contact_id": self.erin.id, "order_id": self.other_order.id},
            ]
        )
        report = self._released_report(self.order)
        notice = self._last_notice(report)
        self.assertEqual(notice.model, "sale.order", "kept on the order, not the report")
        self.assertEqual(notice.partner_ids, self.contact_a | self.carol | self.dave)
        mails = self.env["mail.mail"].sudo().search([("mail_message_id", "=", notice.id)])
        self.assertEqual(mails.recipient_ids, self.contact_a | self.carol | self.dave)
        self.assertEqual(
            report.with_user(self.staff).lab_delivery_ids.res_partner_id, notice.partner_ids
        )

    def test_revision_and_withdrawal_reach_recipients(self):
        self.env["lab.report.recipient"].with_user(self.staff).create({"contact_id": self.carol.id})
        report = self._released_report(self.order)
        report.with_user(self.quality_manager)._lab_revise("Wrong unit in table 2")
        self.assertIn("correction", self._last_notice(report).subject)
        self.assertEqual(self._last_notice(report).partner_ids, self.contact_a | self.carol)
        other = self._released_report(self.order)
        other.with_user(self.quality_manager)._lab_revise("Wrong sample", withdraw=True)
        self.assertEqual(self._last_notice(other).partner_ids, self.contact_a | self.carol)

    def test_no_recipient_keeps_the_orders_contact_only(self):
        report = self._released_report(self.order_b)
        self.assertEqual(self._last_notice(report).partner_ids, self.contact_b)

    def test_recipient_of_another_customer_is_refused(self):
        Recipient = self.env["lab.report.recipient"].with_user(self.staff)
        with self.assertRaises(ValidationError):
            Recipient.create({"contact_id": self.contact_b.id, "order_id": self.order.id})
        with self.assertRaises(ValidationError):
            Recipient.create({"contact_id": self.customer_a.id})
        nomail = self.env["res.partner"].create(
            {"name": "No Mail", "parent_id": self.customer_a.id}
        )
        with self.assertRaises(ValidationError):
            Recipient.create({"contact_id": nomail.id})

    def test_delivery_status_per_recipient(self):
        """Sent to each, then Carol's mail bounces: the report shows it for her alone."""
        self.env["lab.report.recipient"].with_user(self.staff).create({"contact_id": self.carol.id})
        report = self._released_report(self.order)
        notice = self._last_notice(report)
        with self.mock_mail_gateway():
            self.env["mail.mail"].sudo().search([("mail_message_id", "=", notice.id)]).send()
        deliveries = report.with_user(self.staff).lab_delivery_ids
        self.assertEqual(set(deliveries.mapped("notification_status")), {"sent"})
        bounced = deliveries.filtered(lambda n: n.res_partner_id == self.carol)
        bounced.sudo().write({"notification_status": "bounce", "failure_type": "mail_bounce"})
        rows = {row["person"]: row["status"] for row in report._lab_deliveries()}
        self.assertEqual(rows, {self.contact_a.name: "sent", "Carol A": "bounce"})

    def test_technicians_never_learn_the_recipients(self):
        """R-SR-02: recipients and deliveries name the customer's people."""
        self.env["lab.report.recipient"].create({"contact_id": self.carol.id})
        report = self._released_report(self.order)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.env["lab.report.recipient"].with_user(self.technician).search([])
        with self.assertRaises(AccessError):
            report.with_user(self.technician).lab_delivery_ids  # noqa: B018
        with self.assertRaises(AccessError):
            report.with_user(self.technician).lab_notice_message_ids  # noqa: B018


@tagged("post_install", "-at_install")
class TestReportRecipientsPortal(RecipientCase, RpcCase):
    """The customer's administrator manages them, over JSON-RPC and in the portal."""

    def _post(self, login, url, **data):
        self.authenticate(login, login)
        return self.url_open(url, data=dict(data, csrf_token=http.Request.csrf_token(self)))

    def test_admin_adds_and_removes_over_rpc(self):
        rid = self.rpc(
            self.portal_a, "lab.report.recipient", "create", {"contact_id": self.carol.id}
        )
        recipient = self.env["lab.report.recipient"].browse(rid)
        self.assertEqual(recipient.partner_id, self.customer_a)
        self.rpc(self.portal_a, "lab.report.recipient", "unlink", [rid])
        self.assertFalse(recipient.exists())

    def test_colleague_and_other_customer_refused_over_rpc(self):
        # Carol is a portal user of Customer A, not its administrator
        self.assertRpcRefused(
            self.carol_user, "lab.report.recipient", "create", {"contact_id": self.carol.id}
        )
        # Customer B's administrator cannot add Customer A's people nor see them
        self.contact_b.with_user(self.staff).lab_portal_admin = True
        self.assertRpcRefused(
            self.portal_b, "lab.report.recipient", "create", {"contact_id": self.carol.id}
        )
        recipient = self.env["lab.report.recipient"].create({"contact_id": self.carol.id})
        self.assertEqual(self.rpc(self.portal_b, "lab.report.recipient", "search", []), [])
        self.assertRpcRefused(self.portal_b, "lab.report.recipient", "unlink", recipient.ids)
        self.assertRpcRefused(self.carol_user, "lab.report.recipient", "unlink", recipient.ids)
        self.assertTrue(recipient.exists())
        # a technician, one role below customer service, is refused too
        self.assertRpcRefused(
            self.technician, "lab.report.recipient", "create", {"contact_id": self.carol.id}
        )

    def test_admin_manages_in_the_portal(self):
        response = self._post(
            "t_portal_a",
            "/my/report-recipients/add",
            contact_id=self.carol.id,
            order_id=self.order.id,
        )
        self.assertEqual(response.status_code, 200)
        recipient = self.env["lab.report.recipient"].search([("contact_id", "=", self.carol.id)])
        self.assertEqual(recipient.order_id, self.order)
        self.assertIn("Carol A", response.text)
        self._post("t_portal_a", f"/my/report-recipients/{recipient.id}/remove")
        self.assertFalse(recipient.exists())

    def test_portal_add_without_a_valid_contact_asks_for_one(self):
        """A missing or tampered contact or order (not an id) is answered in the form, not
        with a Python message, and writes nothing."""
        before = self.env["lab.report.recipient"].search([])
        for contact_id in ("", "abc", "1 OR 1=1", "-3"):
            response = self._post("t_portal_a", "/my/report-recipients/add", contact_id=contact_id)
            self.assertEqual(response.status_code, 200, contact_id)
            self.assertIn("Choose a contact of your company.", response.text, contact_id)
            self.assertNotIn("invalid literal", response.text, contact_id)
        # a tampered order is refused, never taken for "all orders"
        for order_id in ("abc", "-3", "1 OR 1=1"):
            response = self._post(
                "t_portal_a",
                "/my/report-recipients/add",
                contact_id=self.carol.id,
                order_id=order_id,
            )
            self.assertIn("Choose one of your orders, or all of them.", response.text, order_id)
        self.assertEqual(self.env["lab.report.recipient"].search([]), before)

    def test_portal_refuses_colleague_and_other_customer(self):
        recipient = self.env["lab.report.recipient"].create({"contact_id": self.carol.id})
        response = self._post(
            "t_portal_carol", "/my/report-recipients/add", contact_id=self.dave.id
        )
        self.assertIn("portal administrator", response.text)
        self.assertFalse(
            self.env["lab.report.recipient"].search([("contact_id", "=", self.dave.id)])
        )
        self.assertNotIn("/remove", response.text, "no remove button for a non-administrator")
        self.contact_b.with_user(self.staff).lab_portal_admin = True
        page = self._post("t_portal_b", "/my/report-recipients/add", contact_id=self.carol.id)
        self.assertNotIn(
            "Carol A", page.text.split("o_lab_report_recipients")[1].split("</table>")[0]
        )
        self._post("t_portal_b", f"/my/report-recipients/{recipient.id}/remove")
        self.assertTrue(recipient.exists())

    def test_portal_report_page_shows_each_recipients_status(self):
        self.env["lab.report.recipient"].create({"contact_id": self.carol.id})
        report = self._released_report(self.order)
        self.authenticate("t_portal_carol", "t_portal_carol")
        page = self.url_open(f"/my/lab/reports/{report.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_lab_report_deliveries", page.text)
        self.assertIn("Carol A", page.text)
        self.assertIn(self.contact_a.name, page.text)
        # a stranger with the mail's link sees the report, not who received it
        self.authenticate(None, None)
        page = self.url_open(report.sudo().get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("o_lab_report_deliveries", page.text)
