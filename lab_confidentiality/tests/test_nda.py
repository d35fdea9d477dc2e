from datetime import timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SIGNATURE, ConfidentialityCase


@tagged("post_install", "-at_install")
class TestNda(ConfidentialityCase):
    def test_send_freezes_the_agreement_text(self):
        nda = (
            self.env["lab.nda"]
            .with_user(self.staff)
            .create({"partner_id": self.contact_a.id, "template_id": self.visitor_template.id})
        )
        self.assertEqual(nda.date_expiry, nda.date_start + relativedelta(years=1, days=-1))
        nda.action_send()
        self.assertEqual(nda.state, "sent")
        frozen = nda.agreement_text
        self.assertIn("permitted to witness", frozen)
        self.visitor_template.body = "<p>New wording after sending</p>"
        self.assertEqual(nda.agreement_text, frozen, "the text the person signs never moves")
        # The signatory signs in the portal (the controller runs it in sudo after its checks).
        nda.with_user(self.portal_a).sudo()._sign_in_portal("Alice A", SIGNATURE, self.portal_a)
        self.assertEqual(nda.state, "signed")
        self.assertTrue(self.contact_a.lab_has_valid_nda)
        with self.assertRaises(UserError):
            nda.agreement_text = "<p>rewritten</p>"

    def test_signature_on_an_expired_agreement_is_refused(self):
        today = fields.Date.today()
        nda = self.env["lab.nda"].create(
            {
                "partner_id": self.contact_a.id,
                "template_id": self.visitor_template.id,
                "date_start": today - timedelta(days=400),
                "date_expiry": today - timedelta(days=1),
            }
        )
        with self.assertRefused(UserError, "expired"):
            nda.action_send()
        nda.state = "sent"
        with self.assertRefused(UserError, "expired on"):
            nda._sign_in_portal("Alice A", "aGVsbG8=", self.portal_a)
        self.assertEqual(nda.state, "sent")
        self.assertFalse(nda.signature)
        self.assertFalse(self.contact_a.lab_has_valid_nda)

    def test_paper_signature_needs_the_scan(self):
        nda = self.env["lab.nda"].create(
            {"partner_id": self.it_person.id, "template_id": self.it_template.id}
        )
        with self.assertRefused(UserError, "Attach the signed scan"):
            nda.action_register_paper()
        self.assertEqual(nda.state, "draft")
        nda.signed_document = b"JVBERi0xLjQK"
        nda.action_register_paper()
        self.assertEqual((nda.state, nda.signing_method), ("signed", "paper"))
        self.assertTrue(nda.agreement_text, "the text signed on paper is kept too")

    def test_valid_status_follows_the_dates(self):
        nda = self._signed_nda(self.it_person, self.it_template)
        self.assertTrue(nda.is_valid)
        self.assertIn(
            self.it_person, self.env["res.partner"].search([("lab_has_valid_nda", "=", True)])
        )
        with freeze_time(nda.date_expiry + timedelta(days=1)):
            nda.invalidate_recordset(["is_valid"])
            self.it_person.invalidate_recordset(["lab_has_valid_nda"])
            self.assertFalse(nda.is_valid)
            self.assertFalse(self.it_person.lab_has_valid_nda)
            self.assertNotIn(
                self.it_person, self.env["res.partner"].search([("lab_has_valid_nda", "=", True)])
            )

    def test_expiry_reminder_and_expiry(self):
        nda = self._signed_nda(
            self.it_person, self.it_template, responsible_id=self.quality_manager.id
        )
        Nda = self.env["lab.nda"]
        with freeze_time(nda.date_expiry - timedelta(days=40)):
            Nda._cron_expiry()
            self.assertFalse(nda.activity_ids, "too early to remind")
        with freeze_time(nda.date_expiry - timedelta(days=10)):
            Nda._cron_expiry()
            self.assertEqual(nda.activity_ids.user_id, self.quality_manager)
            self.assertTrue(nda.date_reminder_sent)
            self.assertIn("expires on", nda.message_ids[0].subject or "")
            Nda._cron_expiry()
            self.assertEqual(len(nda.activity_ids), 1, "one reminder, not one a day")
        with freeze_time(nda.date_expiry + timedelta(days=1)):
            Nda._cron_expiry()
            self.assertEqual(nda.state, "expired")

    def test_it_access_needs_a_valid_nda(self):
        access = (
            self.env["lab.it.access"]
            .with_user(self.technical_manager)
            .create(
                {
                    "name": "LIMS server update",
                    "partner_id": self.it_person.id,
                    "systems": "LIMS server, backup NAS",
                    "date_start": self.visit_start,
                    "date_end": self.visit_end,
                }
            )
        )
        with self.assertRefused(UserError, "Ivan IT has no valid confidentiality agreement"):
            access.action_start()
        self.assertEqual(access.state, "draft")
        self._signed_nda(self.it_person, self.it_template)
        access.invalidate_recordset(["has_valid_nda"])
        access.action_start()
        self.assertEqual(access.state, "active")
        with self.assertRaises(AccessError):
            self.env["lab.it.access"].with_user(self.staff).create(
                {
                    "name": "Printer",
                    "partner_id": self.it_person.id,
                    "systems": "printer",
                    "date_start": self.visit_start,
                    "date_end": self.visit_end,
                }
            )

    def test_technician_cannot_read_the_register(self):
        self._signed_nda(self.it_person, self.it_template)
        with self.assertRaises(AccessError):
            self.env["lab.nda"].with_user(self.technician).search([])
