from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from odoo.addons.base.models.ir_cron import IrCron

from .common import LabCase


@tagged("post_install", "-at_install")
class TestSampleExpectedDate(LabCase):
    """R-CM-03 (issues 17 and 18): a sample's expected report date follows its tests and its
    reception, counted on the lab's own clock, and the delay notice follows the date."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.calendar = cls.company.resource_calendar_id
        cls.calendar.tz = "Europe/Istanbul"
        cls.test_dust.lab_turnaround_days = 1
        cls.test_noise.lab_turnaround_days = 5
        cls.test_silica.lab_turnaround_days = 20
        cls.order = cls._lab_order(cls.customer_a, cls.test_dust | cls.test_noise, confirm=True)
        cls.order.user_id = cls.staff

    def _sample(self, date_received, tests):
        return (
            self.env["lab.sample"]
            .with_user(self.reception)
            .create(
                {
                    "order_id": self.order.id,
                    "test_ids": [fields.Command.set(tests.ids)],
                    "date_received": date_received,
                }
            )
        )

    def test_reception_day_is_the_labs_day(self):
        """Received Tuesday 10 March 2026 at 22:30 UTC: 01:30 on Wednesday the 11th in Istanbul.
        One working day later is Thursday the 12th, not Wednesday."""
        after_midnight = self._sample(datetime(2026, 3, 10, 22, 30), self.test_dust)
        self.assertEqual(after_midnight.date_expected, date(2026, 3, 12))
        # 20:30 UTC is 23:30 in Istanbul: still Tuesday there
        before_midnight = self._sample(datetime(2026, 3, 10, 20, 30), self.test_dust)
        self.assertEqual(before_midnight.date_expected, date(2026, 3, 11))

    def test_changing_tests_recomputes_the_date_and_the_delay_notice(self):
        sample = self._sample(datetime(2026, 3, 2, 9, 0), self.test_noise)  # a Monday
        self.assertEqual(sample.date_expected, date(2026, 3, 9))
        with freeze_time("2026-03-04 08:00:00"):
            order = self.order.with_user(self.staff)
            self.assertEqual(order.lab_delay_state, "on_time")
            self._run_delay_cron()
            self.assertFalse(self._delay_notices(), "work on time: nobody is told")

            # the reception officer corrects the tests: only the 1-day dust test was ordered
            sample.with_user(self.reception).test_ids = self.test_dust
            self.assertEqual(sample.date_expected, date(2026, 3, 3))
            self.assertEqual(order.lab_date_expected, date(2026, 3, 3))
            order.invalidate_recordset(["lab_delay_state"])
            self.assertEqual(order.lab_delay_state, "late")
            self.assertIn(order, self.env["sale.order"].search([("lab_delay_state", "=", "late")]))
            self._run_delay_cron()
            notices = self._delay_notices()
            self.assertEqual(len(notices), 1, "the customer is told of the new delay")
            mail = self.env["mail.mail"].search([("mail_message_id", "=", notices.id)])
            self.assertEqual(mail.recipient_ids, self.customer_a, "queued to the customer")

    def test_changing_the_reception_date_recomputes_the_date(self):
        """The reception officer types the sample in: the expected date follows the date
        typed, before anything is saved."""
        sample = (
            self.env["lab.sample"]
            .with_user(self.reception)
            .new(
                {
                    "order_id": self.order.id,
                    "test_ids": [fields.Command.set(self.test_noise.ids)],
                    "date_received": datetime(2026, 3, 2, 9, 0),
                }
            )
        )
        self.assertEqual(sample.date_expected, date(2026, 3, 9))
        sample.date_received = datetime(2026, 2, 23, 9, 0)
        self.assertEqual(sample.date_expected, date(2026, 3, 2))
        # late on the evening of the 1st in UTC is the 2nd in the lab
        sample.date_received = datetime(2026, 3, 1, 22, 0)
        self.assertEqual(sample.date_expected, date(2026, 3, 9))

    def _delay_notices(self):
        return self.env["mail.message"].search(
            [
                ("model", "=", "sale.order"),
                ("res_id", "=", self.order.id),
                ("subject", "ilike", "may be late"),
            ]
        )

    def _run_delay_cron(self):
        with patch.object(IrCron, "_commit_progress", lambda *args, **kwargs: float("inf")):
            self.env["sale.order"]._cron_lab_notify_delays()

    def test_reported_work_keeps_its_promised_date(self):
        sample = self._sample(datetime(2026, 3, 2, 9, 0), self.test_noise)
        self.assertEqual(sample.date_expected, date(2026, 3, 9))
        self.env["lab.sample"].browse(sample.id)._lab_grant("_lab_report_released").write(
            {"state": "reported"}
        )
        open_sample = self._sample(datetime(2026, 3, 2, 9, 0), self.test_noise)
        self.test_noise.lab_turnaround_days = 10
        self.assertEqual(open_sample.date_expected, date(2026, 3, 16), "open work is re-planned")
        self.assertEqual(sample.date_expected, date(2026, 3, 9), "reported work keeps its date")
