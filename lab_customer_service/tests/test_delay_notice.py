from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.base.models.ir_cron import IrCron

from .common import LabCase
from .rpc import RpcCase

SAVEPOINT = "lab_delay_test_commit"


class SimulatedCrash(Exception):
    pass


@tagged("post_install", "-at_install")
class TestDelayNotice(LabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.lab_delay_risk_days = 1
        cls.template = cls.env.ref("lab_customer_service.mail_template_lab_order_delay")

    def _order_with_sample(self, partner, date_received, products=None):
        order = self._lab_order(partner, products=products, confirm=True)
        order.user_id = self.staff
        self.env["lab.sample"].create(
            {
                "order_id": order.id,
                "test_ids": [(6, 0, (products or self.test_dust).ids)],
                "date_received": date_received,
            }
        )
        return order

    def _notices(self, order):
        """Delay notices the customer of ``order`` was sent, as logged on the order."""
        return self.env["mail.message"].search(
            [
                ("model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("subject", "ilike", "may be late"),
            ]
        )

    def _run_cron(self, batch_size=200, crash_on_batch=None):
        """Run the delay cron; ``_commit_progress`` is a savepoint (tests cannot commit). With
        ``crash_on_batch``, the run dies after queuing that batch's notices, before its commit,
        and the test cursor is rolled back to the last "commit" as the real cursor would be."""
        calls = {"batches": 0}
        real_send = type(self.env["lab.delay.notice"])._lab_notify

        def fake_commit(cron_self, processed=0, *, remaining=None, deactivate=False):
            self.env.flush_all()  # as cr.commit() does
            self.env.cr.execute(f"SAVEPOINT {SAVEPOINT}")
            return float("inf")

        def send(notices, orders, today):
            calls["batches"] += 1
            real_send(notices, orders, today)
            if calls["batches"] == crash_on_batch:
                raise SimulatedCrash()

        with (
            patch.object(IrCron, "_commit_progress", fake_commit),
            patch.object(type(self.env["lab.delay.notice"]), "_lab_notify", send),
        ):
            try:
                self.env["sale.order"]._cron_lab_notify_delays(batch_size=batch_size)
            except SimulatedCrash:
                self.env.cr.execute(f"ROLLBACK TO SAVEPOINT {SAVEPOINT}")
                self.env.transaction.clear()  # what a real rollback does to the ORM
        return calls["batches"]

    def test_expected_dates_in_working_days(self):
        """Received on Friday 20 Nov 2026: 10 working days of dust -> Friday 4 Dec; with
        20-day silica the order waits for the slowest test."""
        friday = fields.Datetime.from_string("2026-11-20 10:00:00")
        order = self._order_with_sample(self.customer_a, friday)
        sample = order.lab_sample_ids
        self.assertEqual(sample.date_expected, date(2026, 12, 4))
        self.assertEqual(order.lab_date_expected, date(2026, 12, 4))
        self.env["lab.sample"].create(
            {
                "order_id": order.id,
                "test_ids": [(6, 0, self.test_silica.ids)],
                "date_received": friday,
            }
        )
        self.assertEqual(order.lab_date_expected, date(2026, 12, 18))

    def test_order_expected_date_before_reception(self):
        with freeze_time("2026-11-16 09:00:00"):  # a Monday
            order = self._lab_order(self.customer_a, products=self.test_noise, confirm=True)
            self.assertEqual(order.lab_date_expected, date(2026, 11, 23))

    def test_delay_notified_once(self):
        now = fields.Datetime.now()
        today = now.date()
        late = self._order_with_sample(self.customer_a, now - timedelta(days=30))
        future = self._order_with_sample(self.customer_b, now)
        self.assertEqual(late.lab_delay_state, "late")
        self.assertEqual(future.lab_delay_state, "on_time")
        self.assertIn(late, self.env["sale.order"].search([("lab_delay_state", "=", "late")]))

        self._run_cron()
        notice = self._notices(late)
        self.assertEqual(len(notice), 1, "the customer is told once")
        mail = self.env["mail.mail"].search([("mail_message_id", "=", notice.id)])
        self.assertEqual(mail.recipient_ids, late.partner_id, "queued to the customer")
        self.assertIn(late.name, notice.body)
        self.assertFalse(self._notices(future))
        # The register (R-CM-03): one record, to whom, for which date, by which mail.
        record = late.lab_delay_notice_ids
        self.assertEqual(len(record), 1)
        self.assertEqual(record.expected_date, late.lab_date_expected)
        self.assertEqual(record.recipient_id, late.partner_id)
        self.assertEqual(record.partner_id, self.customer_a)
        self.assertEqual(record.message_id, notice)
        self.assertEqual(record.delay_state, "late")
        self.assertTrue(record.notified_on)
        self.assertFalse(future.lab_delay_notice_ids)
        activity = late.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("lab_customer_service.mail_activity_type_lab_delay")
            )
        )
        self.assertEqual(activity.user_id, self.staff, "the responsible staff is told too")

        self._run_cron()
        self.assertEqual(len(self._notices(late)), 1, "a second run sends nothing again")
        self.assertEqual(len(late.lab_delay_notice_ids), 1, "and records nothing again")

        # The lab re-plans: a new expected date is a new delay, told once more.
        late.lab_sample_ids.date_expected = today - timedelta(days=1)
        self._run_cron()
        self.assertEqual(len(self._notices(late)), 2)
        self.assertEqual(
            sorted(late.lab_delay_notice_ids.mapped("expected_date")),
            [record.expected_date, today - timedelta(days=1)],
        )

    def test_reported_work_is_not_notified(self):
        now = fields.Datetime.now()
        order = self._order_with_sample(self.customer_a, now - timedelta(days=30))
        self.env["lab.test.report"].create(
            {"order_id": order.id, "state": "released", "date_released": now}
        )
        self.assertEqual(order.lab_delay_state, "reported")
        self._run_cron()
        self.assertFalse(self._notices(order))

    def test_crash_mid_run_sends_nothing_twice(self):
        long_ago = fields.Datetime.now() - timedelta(days=40)
        orders = self.env["sale.order"]
        for partner in (self.customer_a, self.customer_b, self.customer_a):
            orders |= self._order_with_sample(partner, long_ago)
        self.env.flush_all()
        self.env.cr.execute(f"SAVEPOINT {SAVEPOINT}")

        # First run: one order per batch, dies while handling the second batch.
        self.assertEqual(self._run_cron(batch_size=1, crash_on_batch=2), 2)
        notified = orders.filtered(lambda o: self._notices(o))
        self.assertEqual(len(notified), 1, "the batch committed before the crash is kept")
        self.assertEqual(
            self.env["lab.delay.notice"].search([("order_id", "in", orders.ids)]).order_id,
            notified,
            "the notice record is kept with its mail, the crashed batch's with none",
        )

        # Second run resumes: only the two orders left are notified.
        self.assertEqual(self._run_cron(batch_size=1), 2)
        for order in orders:
            self.assertEqual(len(self._notices(order)), 1, f"{order.name} told exactly once")

    def test_staff_sees_expected_date_technician_does_not_see_order(self):
        order = self._order_with_sample(self.customer_a, fields.Datetime.now())
        self.assertTrue(order.with_user(self.staff).lab_date_expected)
        sample = order.lab_sample_ids.with_user(self.technician)
        self.assertTrue(sample.date_expected, "the lab sees the due date of its samples")


@tagged("post_install", "-at_install")
class TestDelayNoticeAccess(LabCase, RpcCase):
    """R-CM-03: the register is read by customer-facing staff and by each customer for their own
    orders; it is written by the delay scheduled action only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.lab_delay_risk_days = 1
        long_ago = cls.now - timedelta(days=30)
        cls.order_a = cls._lab_order(cls.customer_a, confirm=True)
        cls.order_b = cls._lab_order(cls.customer_b, confirm=True)
        cls.env["lab.sample"].create(
            [
                {
                    "order_id": order.id,
                    "test_ids": [(6, 0, cls.test_dust.ids)],
                    "date_received": long_ago,
                }
                for order in cls.order_a | cls.order_b
            ]
        )
        with patch.object(IrCron, "_commit_progress", lambda *args, **kwargs: float("inf")):
            cls.env["sale.order"]._cron_lab_notify_delays()
        cls.notice_a = cls.order_a.lab_delay_notice_ids
        cls.notice_b = cls.order_b.lab_delay_notice_ids

    def test_staff_and_customer_read_their_notices(self):
        notices = self.notice_a | self.notice_b
        self.assertEqual(len(self.notice_a), 1)
        self.assertEqual(len(self.notice_b), 1)
        for user in (self.staff, self.reception, self.quality_manager, self.director):
            found = self.rpc(user, "lab.delay.notice", "search", [("id", "in", notices.ids)])
            self.assertEqual(sorted(found), sorted(notices.ids), user.login)
        rows = self.rpc(
            self.portal_a,
            "lab.delay.notice",
            "search_read",
            [],
            fields=["order_id", "expected_date", "recipient_id"],
        )
        self.assertEqual([row["id"] for row in rows], self.notice_a.ids, "A sees only A's")
        self.assertEqual(
            self.rpc(self.portal_b, "lab.delay.notice", "search", []), self.notice_b.ids
        )
        self.assertRpcRefused(self.portal_b, "lab.delay.notice", "read", self.notice_a.ids)

    def test_customer_sees_notices_on_the_order_page(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open(f"/my/orders/{self.order_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_lab_delay_notice", page.text)

    def test_technician_cannot_read_notices(self):
        for user in (self.technician, self.supervisor, self.outsider):
            self.assertRpcRefused(user, "lab.delay.notice", "search_read", [])

    def test_nobody_writes_the_register(self):
        vals = {
            "order_id": self.order_a.id,
            "partner_id": self.customer_a.id,
            "expected_date": "2026-01-05",
        }
        admin = self.env.ref("base.user_admin")
        for user in (self.staff, self.quality_manager, self.director, admin, self.portal_a):
            self.assertRpcRefused(user, "lab.delay.notice", "create", vals)
            change = {"expected_date": "2026-01-05"}
            self.assertRpcRefused(user, "lab.delay.notice", "write", self.notice_a.ids, change)
            self.assertRpcRefused(user, "lab.delay.notice", "unlink", self.notice_a.ids)
        self.assertTrue(self.notice_a.exists())
        self.assertEqual(self.notice_a.expected_date, self.order_a.lab_date_expected)
        # even in code, only the system (the scheduled action) changes one
        with self.assertRaises(UserError):
            self.notice_a.with_user(admin).sudo().write({"expected_date": "2026-01-05"})
        with self.assertRaises(UserError):
            self.notice_a.with_user(admin).sudo().unlink()
