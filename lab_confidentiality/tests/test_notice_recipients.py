from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.lab_customer_service.tests.notice_case import NoticeAssertions

from .common import ConfidentialityCase


@tagged("post_install", "-at_install")
class TestNoticeRecipients(NoticeAssertions, ConfidentialityCase):
    """Issue 17: the visit approval goes to the person who asked for the visit, the agreement
    notices to the person who signs; never to the customer company's mailbox instead."""

    def test_visit_approval_goes_to_the_person_who_asked(self):
        """R-CF-03: the customer company is the permit's customer; Alice asked and is told."""
        self._signed_nda(self.contact_a)
        permit = self._permit(self.customer_a, requested_by_id=self.contact_a.id)
        permit.with_user(self.staff).action_request()
        permit.with_user(self.deputy).action_approve()
        self.assertEqual(permit.state, "approved")
        # R-SR-02: every lab user reads the permit (areas, hours); the notice naming the visitor
        # is Alice's own message, not in the permit's chatter.
        self.assertFalse(self._notices(permit))
        notice = (
            self.env["mail.message"]
            .search([("model", "=", permit._name), ("res_id", "=", permit.id)])
            .filtered(
                lambda m: (
                    m.message_type == "user_notification"
                    and f"visit {permit.name} approved" in (m.subject or "")
                )
            )
        )
        self.assertNoticeTo(notice, self.contact_a)
        self.assertFalse(
            notice.with_user(self.technician)._filtered_access("read"),
            "a technician does not read it",
        )

    def test_agreement_to_sign_goes_to_the_signatory(self):
        """R-CF-01"""
        nda = (
            self.env["lab.nda"]
            .with_user(self.staff)
            .create({"partner_id": self.contact_a.id, "template_id": self.visitor_template.id})
        )
        nda.action_send()
        # Issue 16: a personal link, mailed and not posted on the agreement, whose messages
        # the customer's other portal users can read.
        self.assertFalse(self._notices(nda))
        mail = self.env["mail.mail"].search([("subject", "like", nda.name)])
        self.assertMailTo(mail, self.contact_a)
        self.assertIn("sign_token=", str(mail.body_html))

    def test_expiry_notice_goes_to_the_signatory(self):
        """R-CF-02: Ivan of the IT provider is told his agreement expires, not his employer."""
        provider = self.env["res.partner"].create(
            {"name": "IT Provider Ltd", "is_company": True, "email": "office@it.example.com"}
        )
        self.it_person.parent_id = provider
        nda = self._signed_nda(self.it_person, self.it_template)
        signed = self._notices(nda)
        with freeze_time(nda.date_expiry - timedelta(days=10)):
            self.env["lab.nda"]._cron_expiry()
        self.assertNoticeTo(self._notices(nda) - signed, self.it_person)
