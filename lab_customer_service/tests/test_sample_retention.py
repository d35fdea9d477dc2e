from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import LabCase


@tagged("post_install", "-at_install")
class TestSampleRetention(LabCase):
    """R-SH-01..03: retention after the report, disposal recorded and refused too early or under
    hold, return of leftovers with preservation instructions, re-test of retained samples."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.test_dust.write({"lab_retention_days": 30, "lab_preservation": "Sealed, ambient"})
        cls.order = cls._lab_order(cls.customer_a, confirm=True)
        cls.sample = cls.env["lab.sample"].create({"order_id": cls.order.id, "state": "reported"})
        cls.today = fields.Date.today()
        cls.sample.date_retention_end = cls.today + timedelta(days=5)

    def _dispose(self, user, samples):
        return (
            self.env["lab.sample.disposal"]
            .with_user(user)
            .create({"sample_ids": [fields.Command.set(samples.ids)], "method": "hazardous_waste"})
        )

    def test_disposal_refused_before_retention_end(self):
        with self.assertRaisesRegex(UserError, "must be retained until"):
            self._dispose(self.supervisor, self.sample)
        self.assertEqual(self.sample.state, "reported")
        self.assertFalse(
            self.env["lab.sample.disposal"].search([("sample_ids", "in", self.sample.ids)])
        )

    def test_disposal_refused_before_report(self):
        received = self.env["lab.sample"].create({"order_id": self.order.id, "state": "in_test"})
        with self.assertRaisesRegex(UserError, "its report is released"):
            self._dispose(self.supervisor, received)

    def test_disposal_refused_under_legal_hold(self):
        self.sample.date_retention_end = self.today
        self.env["lab.sample.legal.hold.wizard"].with_user(self.quality_manager).with_context(
            active_ids=self.sample.ids
        ).create({"note": "Objection 12"}).action_confirm()
        self.assertEqual(self.sample.legal_hold_note, "Objection 12")
        with freeze_time(self.today + timedelta(days=60)):
            with self.assertRaisesRegex(UserError, "legal hold"):
                self._dispose(self.supervisor, self.sample)
        self.assertEqual(self.sample.state, "reported")

    def test_disposal_after_retention_is_recorded(self):
        with freeze_time(self.today + timedelta(days=6)):
            with self.assertRaises(AccessError):
                self._dispose(self.technician, self.sample)
            disposal = self._dispose(self.supervisor, self.sample)
        self.assertEqual(self.sample.state, "disposed")
        self.assertEqual(self.sample.disposal_id, disposal)
        self.assertEqual(disposal.disposed_by_id, self.supervisor)
        self.assertEqual(disposal.method, "hazardous_waste")
        self.assertIn(self.supervisor, self.sample._lab_involved_users())
        with self.assertRaises(UserError):
            disposal.unlink()

    def test_return_with_preservation_instructions_and_receipt(self):
        with self.assertRaises(AccessError):
            self.env["lab.sample.return"].with_user(self.technician).create(
                {"sample_ids": [fields.Command.set(self.sample.ids)]}
            )
        record = (
            self.env["lab.sample.return"]
            .with_user(self.reception)
            .create({"sample_ids": [fields.Command.set(self.sample.ids)]})
        )
        self.assertEqual(self.sample.state, "returned")
        self.assertEqual(record.partner_id, self.customer_a)
        self.assertIn("Sealed, ambient", record.preservation_note)
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "lab_customer_service.report_sample_return", record.ids
        )
        self.assertIn("Sealed, ambient", html.decode())
        self.assertIn("responsibility", html.decode(), "packing and transport are the customer's")
        with self.assertRaisesRegex(UserError, "representative"):
            record.with_user(self.reception).action_confirm_receipt()
        record.receipt_name = "Mehmet Y."
        record.with_user(self.reception).action_confirm_receipt()
        self.assertTrue(record.date_receipt)
        with self.assertRaisesRegex(UserError, "already left"):
            self._dispose(self.supervisor, self.sample)

    def test_retest_of_a_retained_sample(self):
        with self.assertRaises(UserError):
            self.sample.with_user(self.technician).action_request_retest()
        self.sample.with_user(self.reception).action_request_retest()
        self.assertEqual(self.sample.state, "accepted")
        self.assertEqual(self.sample.retest_count, 1)
        expired = self.env["lab.sample"].create(
            {
                "order_id": self.order.id,
                "state": "reported",
                "date_retention_end": self.today - timedelta(days=1),
            }
        )
        with self.assertRaisesRegex(UserError, "not retained any more"):
            expired.with_user(self.reception).action_request_retest()
