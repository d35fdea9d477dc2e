from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import LabCase

RAW_MAIL = """Return-Path: <alice@customer.example.com>
From: Alice A <alice@customer.example.com>
To: lab-requests@lab.example.com
Subject: Price of a respirable dust analysis
Message-ID: <req-0001@customer.example.com>
Date: Fri, 20 Nov 2026 09:15:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Hello, how much does a respirable dust analysis cost, and how long does it take?
Alice
"""


@tagged("post_install", "-at_install")
class TestCustomerRequest(LabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.lab_request_response_days = 2
        cls.alias_domain = cls.env["mail.alias.domain"].create({"name": "lab.example.com"})
        cls.alias = cls.env.ref("lab_customer_service.mail_alias_lab_request")
        cls.alias.alias_domain_id = cls.alias_domain
        # new_test_user gave the portal contact a placeholder address; the customer writes from
        # their real one.
        cls.contact_a.email = "alice@customer.example.com"

    def _request(self, user=None, **vals):
        values = {
            "subject": "Lead time for noise",
            "partner_id": self.contact_a.id,
            "channel": "phone",
            "request_type": "lead_time",
        }
        values.update(vals)
        return self.env["lab.customer.request"].with_user(user or self.staff).create(values)

    def test_mail_to_alias_creates_request_for_sender(self):
        """A mail to lab-requests@ opens a request from the customer found by the sender."""
        Request = self.env["lab.customer.request"]
        before = Request.search([])
        self.env["mail.thread"].message_process(False, RAW_MAIL)
        request = Request.search([]) - before
        self.assertEqual(len(request), 1)
        self.assertEqual(request.partner_id, self.contact_a)
        self.assertEqual(request.commercial_partner_id, self.customer_a)
        self.assertEqual(request.channel, "email")
        self.assertEqual(request.subject, "Price of a respirable dust analysis")
        self.assertIn("how much does a respirable dust analysis cost", request.description)
        self.assertEqual(request.state, "new")
        self.assertTrue(request.name.startswith("RQ"))
        self.assertTrue(request.date_deadline, "the service level gives a response deadline")

    def test_deadline_in_working_days(self):
        """2 working days: received on a Wednesday, due Friday; on a Friday, due Tuesday."""
        with freeze_time("2026-11-18 10:00:00"):
            wednesday = self._request()
        self.assertEqual(wednesday.date_deadline, fields.Date.from_string("2026-11-20"))
        with freeze_time("2026-11-20 16:00:00"):
            friday = self._request()
        self.assertEqual(friday.date_deadline, fields.Date.from_string("2026-11-24"))

    def test_request_without_contact_way_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "no way to reach the customer"):
            self._request(partner_id=False, email_from=False, phone=False)
        request = self._request(partner_id=False, phone="+90 555 111 22 33")
        self.assertEqual(request.phone, "+90 555 111 22 33")

    def test_answer_template_signs_with_name_and_phone(self):
        request = self._request()
        request.with_user(self.staff).action_take()
        self.assertEqual(request.user_id, self.staff)
        self.assertEqual(request.state, "assigned")
        with self.assertRaisesRegex(UserError, "Write the answer"):
            request.with_user(self.staff).action_send_answer()
        request.with_user(self.staff).answer = "<p>Ten working days from reception.</p>"
        action = request.with_user(self.staff).action_send_answer()
        composer = Form(
            self.env["mail.compose.message"].with_user(self.staff).with_context(**action["context"])
        )
        self.assertIn(self.staff.name, composer.body)
        self.assertIn(self.staff.phone, composer.body)
        self.assertIn("Ten working days from reception.", composer.body)
        self.assertIn(request.name, composer.subject)
        composer.save()._action_send_mail()
        self.assertEqual(request.state, "answered")
        self.assertEqual(request.answered_by_id, self.staff)
        self.assertTrue(request.is_answered_on_time)
        message = request.message_ids.filtered(lambda m: self.staff.phone in (m.body or ""))
        self.assertEqual(len(message), 1, "the signed answer is in the request's chatter")
        self.assertIn(self.contact_a, message.partner_ids)

    def test_answered_by_phone(self):
        request = self._request()
        with self.assertRaisesRegex(UserError, "Write the answer"):
            request.with_user(self.staff).action_mark_answered()
        request.with_user(self.staff).answer = "<p>Given by phone: 200 EUR.</p>"
        request.with_user(self.staff).action_mark_answered()
        self.assertEqual(request.state, "answered")
        self.assertEqual(request.user_id, self.staff, "whoever answered becomes responsible")

    def test_overdue_escalates_once_to_supervisor(self):
        self.company.lab_request_supervisor_id = self.supervisor
        # Two working days to answer: a request of a week ago is overdue unless answered.
        with freeze_time(self.now - timedelta(days=7)):
            late = self._request(subject="Late one")
            answered = self._request(subject="Answered late", answer="<p>ok</p>")
        on_time = self._request(subject="On time")
        answered.action_mark_answered()

        Request = self.env["lab.customer.request"].with_user(self.staff)
        self.assertEqual(Request.search([("is_overdue", "=", True)]), late)
        self.assertTrue(late.is_overdue)
        self.assertFalse(on_time.is_overdue)

        Request._cron_escalate_overdue()
        activity = late.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.supervisor)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("lab_customer_service.mail_activity_type_request_overdue"),
        )
        self.assertFalse(on_time.activity_ids)
        self.assertFalse(answered.activity_ids)
        self.assertTrue(late.date_escalated)
        Request._cron_escalate_overdue()
        self.assertEqual(len(late.activity_ids), 1, "escalated once, not at every run")

    def test_overdue_escalates_to_deputy_without_supervisor(self):
        self.company.lab_request_supervisor_id = False
        with freeze_time(self.now - timedelta(days=7)):
            late = self._request()
        self.env["lab.customer.request"]._cron_escalate_overdue()
        self.assertTrue(
            late.activity_ids.user_id.has_group("lab_customer_service.group_lab_deputy_director")
        )

    def test_roles(self):
        """Customer service registers requests; lab technicians do not see them."""
        request = self._request(user=self.reception)
        self.assertEqual(request.create_uid, self.reception)
        with self.assertRaises(AccessError):
            self._request(user=self.technician)
        with self.assertRaises(AccessError):
            request.with_user(self.technician).read(["subject"])
        with self.assertRaises(AccessError):
            request.with_user(self.staff).unlink()
        request.with_user(self.quality_manager).unlink()
