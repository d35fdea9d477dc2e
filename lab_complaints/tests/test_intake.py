from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import ComplaintCase

MAIL = """Return-Path: {email_from}
To: {to}
From: {email_from}
Subject: {subject}
Message-ID: <{msg_id}@customer.example.com>
Date: Sat, 21 Nov 2026 10:00:00 +0000
Content-Type: text/plain; charset=utf-8

The noise report arrived two weeks late.
"""


@tagged("post_install", "-at_install")
class TestIntake(ComplaintCase):
    def _mails(self, complaint):
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "lab.complaint"), ("res_id", "=", complaint.id)])
        )

    def test_staff_phone_complaint_is_acknowledged_by_mail(self):
        complaint = self._complaint(channel="phone")
        self.assertTrue(complaint.name.startswith("CMP"), "a reference from the sequence")
        self.assertEqual(complaint.step, "acknowledged", "acknowledged on receipt")
        self.assertTrue(complaint.date_acknowledged)
        mail = self._mails(complaint)
        self.assertEqual(len(mail), 1)
        self.assertIn(complaint.name, mail.subject)
        self.assertEqual(mail.recipient_ids, self.contact_a)
        self.assertNotIn("calibration", mail.body_html)

    def test_letter_without_address_waits_for_staff_acknowledgement(self):
        complaint = self._complaint(
            channel="letter", partner_id=False, complainant_name="Mr Yilmaz"
        )
        self.assertEqual(complaint.step, "received")
        self.assertFalse(self._mails(complaint), "nobody to mail")
        complaint.with_user(self.staff).action_acknowledge()
        self.assertEqual(complaint.step, "acknowledged")
        self.assertTrue(complaint.hours_to_acknowledge >= 0)

    def test_in_person_complaint_by_reception(self):
        complaint = self._complaint(user=self.reception, channel="in_person")
        self.assertEqual(complaint.channel, "in_person")
        self.assertEqual(complaint.partner_id, self.contact_a)

    def test_technician_cannot_record_or_read_complaints(self):
        complaint = self._complaint()
        with self.assertRaises(AccessError):
            self._complaint(user=self.technician)
        with self.assertRaises(AccessError):
            complaint.with_user(self.technician).read(["subject"])

    def test_mail_alias_creates_complaint_and_stops_loops(self):
        domain = self.env["mail.alias.domain"].create({"name": "lab.example.com"})
        alias = self.env.ref("lab_complaints.mail_alias_complaints")
        alias.alias_domain_id = domain
        self.env["ir.config_parameter"].sudo().set_param("mail.gateway.loop.threshold", 3)
        Thread = self.env["mail.thread"]
        for index in range(5):
            Thread.message_process(
                None,
                MAIL.format(
                    email_from="Customer B <b@customer.example.com>",
                    to="complaints@lab.example.com",
                    subject=f"Late report {index}",
                    msg_id=f"late-{index}",
                ),
            )
        complaints = self.Complaint.search(
            [("channel", "=", "email"), ("id", ">", self.last_complaint_id)]
        )
        self.assertEqual(len(complaints), 3, "the sender loop threshold stops the rest")
        first = complaints.sorted("id")[0]
        self.assertEqual(first.subject, "Late report 0")
        self.assertEqual(first.partner_id, self.customer_b, "known sender, known complainant")
        self.assertTrue(first.name.startswith("CMP"), "the subject does not replace the reference")
        self.assertIn("two weeks late", first.description)
        self.assertEqual(first.step, "acknowledged")

    def test_staff_raise_identified_concern(self):
        wizard = (
            self.env["lab.complaint.concern.wizard"]
            .with_user(self.technician)
            .create(
                {"is_anonymous": False, "subject": "Fume hood alarm", "description": "It beeps."}
            )
        )
        wizard.action_submit()
        complaint = self.Complaint.search([("subject", "=", "Fume hood alarm")])
        self.assertEqual(complaint.partner_id, self.technician.partner_id)
        self.assertEqual(complaint.channel, "internal")
        self.assertFalse(complaint.is_anonymous)

    def test_staff_records_a_visit_in_the_form(self):
        with Form(self.Complaint.with_user(self.staff)) as form:
            form.channel = "in_person"
            form.partner_id = self.contact_b
            form.subject = "Results sent to the wrong person"
            form.order_id = self.order_b
            form.sample_ids.add(self.sample_b1)
        complaint = form.record
        self.assertEqual(complaint.channel, "in_person")
        self.assertEqual(complaint.step, "acknowledged")
        self.assertTrue(self.sample_b1.is_legal_hold, "evidence kept while the complaint is open")
