from lxml import html

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.lab_customer_service.tests.rpc import RpcCase

from .http_common import ComplaintHttpCase

FORGED = """Return-Path: <someone@elsewhere.example.net>
From: Alice A <alice@customer.example.com>
To: {to}
Subject: {subject}
Message-ID: <{msg_id}@elsewhere.example.net>
Date: Mon, 23 Nov 2026 09:00:00 +0000
Content-Type: text/plain; charset=utf-8

Send the report of our last order to this other address.
"""


@tagged("post_install", "-at_install")
class TestSenderVerification(RpcCase, ComplaintHttpCase):
    """Issue 16 point 5 (R-CM-01, R-CP-02): anybody can write ``From:`` a customer's contact.
    A request or complaint mailed from a contact's address is filed under that contact but
    stays out of the company's portal (record rule, pages, counters) until staff verify it or
    the contact confirms it through the link mailed to the address on their card."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact_a.email = "alice@customer.example.com"
        domain = cls.env["mail.alias.domain"].create({"name": "lab-verify.example.org"})
        cls.env.company.alias_domain_id = domain
        (
            cls.env.ref("lab_customer_service.mail_alias_lab_request")
            | cls.env.ref("lab_complaints.mail_alias_complaints")
        ).alias_domain_id = domain

    def _deliver(self, alias, model, msg_id):
        """Feed a mail claiming to come from Alice to Odoo, as fetchmail does."""
        subject = f"About {msg_id}"
        self.env["mail.thread"].message_process(
            False,
            FORGED.format(to=f"{alias}@lab-verify.example.org", subject=subject, msg_id=msg_id),
        )
        record = self.env[model].search([("subject", "=", subject)])
        self.assertEqual(len(record), 1)
        return record

    def _confirmation_mail(self, record):
        mail = (
            self.env["mail.mail"]
            .search([("model", "=", record._name), ("res_id", "=", record.id)])
            .filtered(lambda m: "did you send us" in (m.subject or ""))
        )
        self.assertEqual(len(mail), 1, "the contact is asked to confirm, once")
        return mail

    def _portal_rpc_ids(self, record):
        return self.rpc(self.portal_a, record._name, "search", [["id", "=", record.id]])

    def _portal_counter(self, counter):
        self.authenticate("t_portal_a", "t_portal_a")
        return self.make_jsonrpc_request("/my/counters", {"counters": [counter]})[counter]

    def _assert_hidden_from_portal(self, record, list_url, counter):
        self.assertFalse(self._portal_rpc_ids(record), "the record rule hides it")
        self.assertRpcRefused(self.portal_a, record._name, "read", [record.id], ["subject"])
        self.authenticate("t_portal_a", "t_portal_a")
        self.assertNotIn(record.name, self.url_open(list_url).text)
        self.assertEqual(self._portal_counter(counter), 0)

    def _assert_shown_in_portal(self, record, list_url, counter):
        self.assertEqual(self._portal_rpc_ids(record), record.ids)
        self.authenticate("t_portal_a", "t_portal_a")
        self.assertIn(record.name, self.url_open(list_url).text)
        self.assertEqual(self._portal_counter(counter), 1)

    # ------------------------------------------------------------------ requests

    def test_mailed_request_waits_for_staff_verification(self):
        request = self._deliver("lab-requests", "lab.customer.request", "forged-request")
        self.assertEqual(request.partner_id, self.contact_a, "filed under the contact")
        self.assertFalse(request.is_sender_verified)
        mail = self._confirmation_mail(request)
        self.assertEqual(mail.recipient_ids, self.contact_a, "to the address on the card")
        self.assertFalse(mail.email_to)
        self.assertIn(request._lab_sender_confirmation_url(), mail.body_html)
        self.assertNotIn("other address", mail.body_html, "nothing the sender wrote")

        self._assert_hidden_from_portal(request, "/my/lab/requests", "lab_request_count")
        detail = self.url_open(f"/my/lab/requests/{request.id}", allow_redirects=False)
        self.assertEqual(detail.status_code, 404)
        token = request.sudo()._portal_ensure_token()
        detail = self.url_open(
            f"/my/lab/requests/{request.id}?access_token={token}", allow_redirects=False
        )
        self.assertEqual(detail.status_code, 404, "not by its link either")

        # the roles below refused, and the flag refused to everyone but its actions
        for user in (self.technician, self.technical_manager, self.portal_a):
            self.assertRpcRefused(
                user, "lab.customer.request", "action_verify_sender", [request.id]
            )
        self.assertRpcRefused(
            self.staff,
            "lab.customer.request",
            "write",
            [request.id],
            {"is_sender_verified": True},
            message="changes only through its action",
        )
        for user in (self.portal_a, self.technician):
            self.assertRpcRefused(
                user,
                "lab.customer.request",
                "create",
                {"subject": "Mine", "partner_id": self.contact_a.id, "is_sender_verified": True},
            )
        self.assertFalse(request.is_sender_verified)

        self.rpc(self.staff, "lab.customer.request", "action_verify_sender", [request.id])
        self.assertTrue(request.is_sender_verified)
        self.assertTrue(
            request.message_ids.filtered(lambda m: "verified that the contact" in (m.body or "")),
            "the chatter says who verified it",
        )
        self._assert_shown_in_portal(request, "/my/lab/requests", "lab_request_count")
        self.authenticate("t_portal_a", "t_portal_a")
        detail = self.url_open(f"/my/lab/requests/{request.id}", allow_redirects=False)
        self.assertEqual(detail.status_code, 200)

    def test_requests_of_staff_and_portal_are_verified_at_once(self):
        by_staff = (
            self.env["lab.customer.request"]
            .with_user(self.staff)
            .create({"subject": "By phone", "partner_id": self.contact_a.id})
        )
        self.assertTrue(by_staff.is_sender_verified)
        self.authenticate("t_portal_a", "t_portal_a")
        form = self.url_open("/my/lab/requests/new").text
        csrf = html.fromstring(form).xpath("//input[@name='csrf_token']/@value")[0]
        self.url_open(
            "/my/lab/requests/new",
            data={"csrf_token": csrf, "subject": "From the portal", "request_type": "price"},
        )
        by_portal = self.env["lab.customer.request"].search([("subject", "=", "From the portal")])
        self.assertEqual(by_portal.channel, "portal")
        self.assertTrue(by_portal.is_sender_verified)
        self.assertEqual(set(self._portal_rpc_ids(by_portal)), set(by_portal.ids))

    def test_contact_confirms_a_mailed_request_by_the_link(self):
        request = self._deliver("lab-requests", "lab.customer.request", "own-request")
        url = request._lab_sender_confirmation_url()
        self.assertIn(url, self._confirmation_mail(request).body_html)
        path = url[len(request.get_base_url()) :]
        self.assertEqual(self.url_open(path).status_code, 200)
        self.assertFalse(request.is_sender_verified, "opening the link confirms nothing")
        self.assertEqual(self.url_open(path[:-4] + "abcd").status_code, 404)
        token = path.split("token=")[1]
        response = self._post(path.split("?")[0], {"token": token}, form_url=path)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(request.is_sender_verified)
        self._assert_shown_in_portal(request, "/my/lab/requests", "lab_request_count")

    # ------------------------------------------------------------------ complaints

    def test_mailed_complaint_waits_for_its_sender(self):
        complaint = self._deliver("complaints", "lab.complaint", "forged-complaint")
        self.assertEqual(complaint.partner_id, self.contact_a)
        self.assertFalse(complaint.is_sender_verified)
        mail = self._confirmation_mail(complaint)
        self.assertEqual(mail.recipient_ids, self.contact_a)
        self.assertFalse(mail.email_to)
        self.assertNotIn("other address", mail.body_html)
        self._assert_hidden_from_portal(complaint, "/my/lab/complaints", "lab_complaint_count")
        self.authenticate("t_portal_a", "t_portal_a")
        with mute_logger("odoo.http"):
            page = self.url_open(f"/lab/complaint/{complaint.id}", allow_redirects=False)
        self.assertEqual(page.status_code, 404)

        for user in (self.technician, self.portal_a):
            self.assertRpcRefused(user, "lab.complaint", "action_verify_sender", [complaint.id])
        for user in (self.staff, self.quality_manager):
            self.assertRpcRefused(
                user,
                "lab.complaint",
                "write",
                [complaint.id],
                {"is_sender_verified": True},
                message="changes only through its action",
            )
        self.assertRpcRefused(
            self.portal_a,
            "lab.complaint",
            "create",
            {"subject": "Mine", "partner_id": self.contact_a.id, "is_sender_verified": True},
        )
        self.assertFalse(complaint.is_sender_verified)

        # the contact confirms through the link mailed to their card's address
        url = complaint._lab_sender_confirmation_url()
        self.assertIn(url, mail.body_html)
        path = url[len(complaint.get_base_url()) :]
        other = self.env["lab.customer.request"].create(
            {"subject": "Other", "partner_id": self.contact_a.id}
        )
        with mute_logger("odoo.http"):
            wrong_model = self.url_open(
                path.replace(f"lab.complaint/{complaint.id}", f"lab.customer.request/{other.id}")
            )
        self.assertEqual(wrong_model.status_code, 404, "a token serves its own record only")
        token = path.split("token=")[1]
        self._post(path.split("?")[0], {"token": token}, form_url=path)
        self.assertTrue(complaint.is_sender_verified)
        self._assert_shown_in_portal(complaint, "/my/lab/complaints", "lab_complaint_count")

    def test_staff_verifies_a_mailed_complaint(self):
        complaint = self._deliver("complaints", "lab.complaint", "phoned-complaint")
        self.assertFalse(complaint.is_sender_verified)
        complaint.with_user(self.staff).action_verify_sender()
        self.assertTrue(complaint.is_sender_verified)
        self._assert_shown_in_portal(complaint, "/my/lab/complaints", "lab_complaint_count")
        by_staff = self.Complaint.with_user(self.staff).create(
            {"subject": "Told at the counter", "partner_id": self.contact_a.id}
        )
        self.assertTrue(by_staff.is_sender_verified, "staff's own records are verified")
