from odoo import fields
from odoo.tests import Form, tagged

from .common import LabCase
from .notice_case import NoticeAssertions


@tagged("post_install", "-at_install")
class TestNoticeRecipients(NoticeAssertions, LabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Irina, the customer's contact, places the order; her company has its own mailbox.
        cls.contact_a.write({"name": "Irina Sokolova", "email": "irina@customer.example.com"})
        cls.order = cls._lab_order(cls.contact_a, confirm=True)
        # Customer B orders as a company, with no contact person.
        cls.order_b = cls._lab_order(cls.customer_b, confirm=True)
        cls.reason_seal = cls.env.ref("lab_customer_service.rejection_reason_seal")

    def _released_report(self, order):
        sample = self.env["lab.sample"].create({"order_id": order.id, "state": "in_test"})
        report = self.env["lab.test.report"].create(
            {"order_id": order.id, "sample_ids": [fields.Command.set(sample.ids)]}
        )
        report.attachment_ids = self.env["ir.attachment"].create(
            {"name": "report.pdf", "raw": b"%PDF-1.4 report", "mimetype": "application/pdf"}
        )
        report.with_user(self.technician).action_prepare()
        report.with_user(self.quality_manager).action_review()
        report.with_user(self.technical_manager).action_release()
        return report

    def _notices_about(self, record):
        """The customer's notices about a sample or report: on its order, which technicians do
        not read (R-SR-02), and none on the record itself."""
        self.assertFalse(self._notices(record), "no customer notice on the record technicians read")
        return self._notices(record.order_id).filtered(lambda m: record.name in (m.subject or ""))

    def test_release_notice_goes_to_the_orders_contact(self):
        """R-RP-02: 'Test report … is available' reaches Irina, not her company's mailbox."""
        report = self._released_report(self.order)
        self.assertEqual(report.partner_id, self.customer_a, "the report is the company's")
        self.assertNoticeTo(self._notices_about(report), self.contact_a)

    def test_release_notice_goes_to_the_company_without_a_contact(self):
        report = self._released_report(self.order_b)
        self.assertNoticeTo(self._notices_about(report), self.customer_b)

    def test_revision_and_withdrawal_notices_go_to_the_orders_contact(self):
        """R-RP-03: the customer told of a correction is the contact who ordered."""
        report = self._released_report(self.order)
        released = self._notices_about(report)
        report.with_user(self.quality_manager)._lab_revise("Wrong unit in table 2")
        self.assertNoticeTo(self._notices_about(report) - released, self.contact_a)

        other = self._released_report(self.order)
        released = self._notices_about(other)
        other.with_user(self.quality_manager)._lab_revise("Wrong sample", withdraw=True)
        self.assertEqual(other.state, "withdrawn")
        self.assertNoticeTo(self._notices_about(other) - released, self.contact_a)

    def test_rejection_notice_goes_to_the_orders_contact(self):
        """R-SR-04"""
        sample = self.env["lab.sample"].create({"order_id": self.order.id})
        sample.with_user(self.reception)._lab_reject(self.reason_seal)
        self.assertEqual(sample.partner_id, self.customer_a)
        self.assertNoticeTo(self._notices_about(sample), self.contact_a)

        sample_b = self.env["lab.sample"].create({"order_id": self.order_b.id})
        sample_b.with_user(self.reception)._lab_reject(self.reason_seal)
        self.assertNoticeTo(self._notices_about(sample_b), self.customer_b)

    def test_deviation_notice_goes_to_the_orders_contact(self):
        """R-CR-04"""
        deviation = (
            self.env["lab.order.deviation"]
            .with_user(self.staff)
            .create(
                {
                    "order_id": self.order.id,
                    "name": "Sample analysed after holding time",
                    "reason": "Courier delay of 2 days",
                    "impact": "Results may be biased low",
                }
            )
        )
        self.assertEqual(deviation.partner_id, self.customer_a)
        self.assertMailTo(self._mails(deviation), self.contact_a)

    def test_amendment_notice_goes_to_the_orders_contact(self):
        """R-CR-03"""
        self.order.order_line[0].with_user(self.staff).product_uom_qty = 3
        revision = self.order.lab_revision_ids
        self.assertEqual(revision.partner_id, self.customer_a)
        self.assertMailTo(self._mails(revision), self.contact_a)

    def test_subcontract_notice_goes_to_the_orders_contact(self):
        """R-CR-05"""
        order = self._lab_order(self.contact_a, products=self.test_silica, confirm=True)
        notice = order.message_ids.filtered(
            lambda m: "performed by an approved subcontractor" in str(m.body)
        )
        self.assertNoticeTo(notice, self.contact_a)

    def test_delay_notice_goes_to_the_orders_contact(self):
        """R-CM-03"""
        today = fields.Date.context_today(self.order)
        self.env["lab.delay.notice"]._lab_notify(self.order, today)
        notice = self.order.message_ids.filtered(lambda m: "may be late" in (m.subject or ""))
        self.assertEqual(len(notice), 1)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", notice.id)])
        self.assertMailTo(mail, self.contact_a)

    def test_request_answer_goes_to_the_person_who_asked(self):
        """R-CM-01"""
        request = (
            self.env["lab.customer.request"]
            .with_user(self.staff)
            .create(
                {
                    "subject": "Lead time for noise",
                    "partner_id": self.contact_a.id,
                    "channel": "phone",
                    "request_type": "lead_time",
                }
            )
        )
        request.with_user(self.staff).answer = "<p>Five working days.</p>"
        action = request.with_user(self.staff).action_send_answer()
        composer = Form(
            self.env["mail.compose.message"].with_user(self.staff).with_context(**action["context"])
        )
        composer.save()._action_send_mail()
        self.assertNoticeTo(self._notices(request), self.contact_a)
