from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestAppeal(ComplaintCase):
    def _appeal(self, report=None, **values):
        return self._complaint(
            complaint_type="appeal",
            channel="letter",
            report_id=(report or self.report_a).id,
            **values,
        )

    def test_appeal_in_time_holds_the_samples(self):
        appeal = self._appeal()
        self.assertFalse(appeal.is_late)
        self.assertEqual(appeal.objection_deadline, self.report_a.objection_deadline)
        for sample in self.sample_a1 | self.sample_a2:
            self.assertTrue(sample.is_legal_hold)
            self.assertIn(appeal.name, sample.legal_hold_note)
        self.assertFalse(self.sample_b1.is_legal_hold)

    def test_late_appeal_is_accepted_and_flagged(self):
        self.report_a.objection_deadline = date.today() - timedelta(days=1)
        appeal = self._appeal()
        self.assertTrue(appeal.exists(), "never lost")
        self.assertTrue(appeal.is_late)
        self.assertTrue(any("Late appeal" in body for body in appeal.message_ids.mapped("body")))
        self.assertIn(appeal, self.Complaint.search([("is_late", "=", True)]))

    def test_appeal_is_judged_on_the_labs_day(self):
        """Issue 17 (R-RP-04): an appeal filed at 01:30 in Istanbul is filed that day, even
        though UTC still shows the day before; the deadline is counted in the same days."""
        self.env.company.resource_calendar_id.tz = "Europe/Istanbul"
        self.report_a.objection_deadline = date(2026, 3, 10)
        for instant, is_late in (
            ("2026-03-09 22:30:00", False),  # 10 March, 01:30 at the lab: the last day
            ("2026-03-10 20:30:00", False),  # 10 March, 23:30
            ("2026-03-10 22:30:00", True),  # 11 March, 01:30, though 10 March in UTC
        ):
            with self.subTest(instant=instant), freeze_time(instant):
                appeal = self._appeal()
                self.assertEqual(appeal.date_received, fields.Datetime.to_datetime(instant))
                self.assertEqual(appeal.objection_deadline, date(2026, 3, 10))
                self.assertEqual(appeal.is_late, is_late)
                notes = appeal.message_ids.mapped("body")
                self.assertEqual(any("Late appeal" in str(body) for body in notes), is_late)

    def test_appeal_on_unreleased_report_is_refused(self):
        draft = self.env["lab.test.report"].create({"order_id": self.order_a.id})
        count = self.Complaint.search_count([])
        with self.assertRaisesRegex(UserError, "not released"):
            self._appeal(report=draft)
        self.assertEqual(self.Complaint.search_count([]), count)

    def test_hold_is_lifted_only_when_nothing_holds_the_sample(self):
        first = self._appeal()
        second = self._complaint(sample_ids=[(6, 0, self.sample_a1.ids)], report_id=False)
        for complaint in first | second:
            self._validate(complaint)
            self._decide(complaint)
        first.with_user(self.quality_manager).action_close()
        self.assertTrue(self.sample_a1.is_legal_hold, "the complaint still holds it")
        self.assertIn(second.name, self.sample_a1.legal_hold_note)
        self.assertFalse(self.sample_a2.is_legal_hold, "nothing holds this one any more")
        second.with_user(self.quality_manager).action_close()
        self.assertFalse(self.sample_a1.is_legal_hold)

    def test_hold_set_for_another_reason_is_kept(self):
        self.sample_b1.write({"is_legal_hold": True, "legal_hold_note": "Court order 2026/14"})
        appeal = self._appeal(
            report=self.report_b, partner_id=self.contact_b.id, order_id=self.order_b.id
        )
        self._validate(appeal)
        self._decide(appeal)
        appeal.with_user(self.quality_manager).action_close()
        self.assertTrue(self.sample_b1.is_legal_hold)

    def test_complaint_cannot_become_appeal_on_unreleased_report(self):
        draft = self.env["lab.test.report"].create({"order_id": self.order_a.id})
        complaint = self._complaint(report_id=draft.id)
        with self.assertRaisesRegex(UserError, "not released"):
            complaint.write({"complaint_type": "appeal"})
        self.assertEqual(complaint.complaint_type, "complaint")
