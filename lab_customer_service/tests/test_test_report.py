import ast
from datetime import date, datetime

from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import LabCase


@tagged("post_install", "-at_install")
class TestTestReport(LabCase):
    """R-RP-01..04: three steps by three people before release; versions; objection window."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._lab_order(cls.customer_a, confirm=True)
        cls.samples = cls.env["lab.sample"].create(
            [{"order_id": cls.order.id, "state": "in_test"} for _i in range(2)]
        )
        cls.test_dust.lab_retention_days = 30
        cls.calendar = cls.env.company.resource_calendar_id
        cls.calendar.tz = "Europe/Istanbul"

    def _report(self):
        report = self.env["lab.test.report"].create(
            {"order_id": self.order.id, "sample_ids": [fields.Command.set(self.samples.ids)]}
        )
        report.attachment_ids = self.env["ir.attachment"].create(
            {"name": "report.pdf", "raw": b"%PDF-1.4 report", "mimetype": "application/pdf"}
        )
        return report

    def _release(self, report):
        report.with_user(self.technician).action_prepare()
        report.with_user(self.quality_manager).action_review()
        report.with_user(self.technical_manager).action_release()
        return report

    def test_release_chain_records_three_people(self):
        report = self._release(self._report())
        self.assertEqual(report.state, "released")
        self.assertEqual(report.prepared_by_id, self.technician)
        self.assertEqual(report.reviewed_by_id, self.quality_manager)
        self.assertEqual(report.authorised_by_id, self.technical_manager)
        self.assertTrue(report.date_released)
        self.assertTrue(report.access_token)
        self.assertEqual(set(self.samples.mapped("state")), {"reported"})
        self.assertEqual(report.attachment_ids.res_id, report.id, "the file belongs to the report")
        self.assertFalse(report.message_ids.filtered(lambda m: m.message_type == "comment"))
        # R-SR-02: the notice names the customer; it is on the order, not on the report
        notice = self.order.message_ids.filtered(lambda m: report.name in (m.subject or ""))
        self.assertIn(self.order.partner_id, notice.partner_ids, "the customer is told")
        self.assertIn(report.get_portal_url().split("?")[0], str(notice.body))
        self.assertEqual(
            self.order._lab_involved_users() & (self.technician | self.quality_manager),
            self.technician | self.quality_manager,
        )

    def test_one_person_cannot_do_two_steps(self):
        report = self._report()
        report.with_user(self.director).action_prepare()
        with self.assertRaisesRegex(UserError, "already took part"):
            report.with_user(self.director).action_review()
        self.assertEqual(report.state, "prepared")
        report.with_user(self.quality_manager).action_review()
        with self.assertRaisesRegex(UserError, "already took part"):
            report.with_user(self.director).action_release()
        with self.assertRaisesRegex(UserError, "already took part"):
            report.with_user(self.quality_manager).action_release()
        self.assertEqual(report.state, "reviewed")
        self.assertFalse(report.date_released)

    def test_each_step_needs_its_role(self):
        report = self._report()
        with self.assertRaises(UserError):
            report.with_user(self.staff).action_prepare()
        report.with_user(self.technician).action_prepare()
        with self.assertRaises(UserError):
            report.with_user(self.supervisor).action_review()
        report.with_user(self.quality_manager).action_review()
        with self.assertRaisesRegex(UserError, "authorised signatory"):
            report.with_user(self.supervisor).action_release()
        self.env.company.lab_signatory_ids = self.supervisor
        report.with_user(self.supervisor).action_release()
        self.assertEqual(report.authorised_by_id, self.supervisor)

    def test_unreviewed_report_cannot_be_released(self):
        report = self._report()
        with self.assertRaisesRegex(UserError, "current state"):
            report.with_user(self.technical_manager).action_release()
        report.with_user(self.technician).action_prepare()
        with self.assertRaisesRegex(UserError, "current state"):
            report.with_user(self.technical_manager).action_release()
        self.assertEqual(report.state, "prepared")

    def test_report_needs_its_file(self):
        report = self.env["lab.test.report"].create({"order_id": self.order.id})
        with self.assertRaisesRegex(UserError, "Attach the report file"):
            report.with_user(self.technician).action_prepare()

    def test_revision_keeps_every_version(self):
        v1 = self._release(self._report())
        with self.assertRaises(UserError):
            v1.with_user(self.technician)._lab_revise("Wrong unit")
        v2 = (
            v1.with_user(self.quality_manager)
            ._lab_revise("Wrong unit in table 2")
            .with_env(self.env)
        )
        self.assertEqual((v2.name, v2.version, v2.state), (v1.name, 2, "draft"))
        self.assertEqual(v2.previous_id, v1)
        self.assertEqual(v1.state, "released", "still valid until the revision is released")
        self.assertIn("correction", self.order.message_ids[0].subject, "the customer is told")
        v2.attachment_ids = self.env["ir.attachment"].create({"name": "r2.pdf", "raw": b"%PDF v2"})
        v2.with_user(self.supervisor).action_prepare()
        v2.with_user(self.quality_manager).action_review()
        v2.with_user(self.technical_manager).action_release()
        self.assertEqual(v1.state, "superseded")
        self.assertEqual(v2.state, "released")
        self.assertEqual(v2.version_ids, v1 | v2)
        self.assertEqual(v2.display_name, f"{v1.name} rev. 2")

    def test_withdrawal(self):
        report = self._release(self._report())
        wizard = (
            self.env["lab.test.report.revision.wizard"]
            .with_user(self.quality_manager)
            .create({"report_id": report.id, "mode": "withdraw", "reason": "Wrong campaign"})
        )
        wizard.action_confirm()
        self.assertEqual(report.state, "withdrawn")
        self.assertEqual(report.revision_reason, "Wrong campaign")
        self.assertIn("withdrawn", str(self.order.message_ids[0].body))
        self.assertFalse(report.is_objection_open)

    def test_objection_deadline_skips_weekend_and_public_holiday(self):
        # 23 April (Thursday) is a public holiday in Turkey.
        self.env["resource.calendar.leaves"].create(
            {
                "name": "National Sovereignty and Children's Day",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 4, 22, 21, 0),
                "date_to": datetime(2026, 4, 23, 20, 59),
            }
        )
        report = self._report()
        # Released on Friday 17 April 2026, 15:00 Istanbul time.
        with freeze_time("2026-04-17 12:00:00"):
            self._release(report)
            self.assertTrue(report.is_objection_open)
        # 10 working days from Monday 20 April, skipping 23 April and two weekends: 4 May.
        self.assertEqual(report.objection_deadline, date(2026, 5, 4))
        self.assertFalse(report._lab_is_objection_late(date(2026, 5, 4)))
        self.assertTrue(report._lab_is_objection_late(date(2026, 5, 5)))
        with freeze_time("2026-05-05 09:00:00"):
            report.invalidate_recordset(["is_objection_open"])
            self.assertFalse(report.is_objection_open)
        # retention end: release day + 30 days of the dust test
        self.assertEqual(set(self.samples.mapped("date_retention_end")), {date(2026, 5, 17)})

    def test_objection_days_are_the_labs_days(self):
        """Issue 17 (R-RP-04): the objection window opens and closes on Istanbul days, not UTC
        ones: 22:30 UTC on 10 March is already 11 March, 01:30, at the lab."""
        report = self._report()
        # Released on Tuesday 24 February 2026, 01:30 in Istanbul (still the 23rd in UTC).
        with freeze_time("2026-02-23 22:30:00"):
            self._release(report)
        # 10 working days counted from Wednesday 25 February: Tuesday 10 March.
        self.assertEqual(report.objection_deadline, date(2026, 3, 10))
        Report = self.env["lab.test.report"]
        open_reports = [("is_objection_open", "=", True), ("id", "=", report.id)]
        closed_reports = [("is_objection_open", "=", False), ("id", "=", report.id)]
        # the list's "Objection Window Open" filter, whatever the browser's day
        search_view = self.env.ref("lab_customer_service.lab_test_report_view_search")
        [node] = etree.fromstring(search_view.arch).xpath("//filter[@name='objection_open']")
        objection_filter, id_domain = ast.literal_eval(node.get("domain")), [("id", "=", report.id)]
        for instant, is_open in (
            ("2026-03-09 22:30:00", True),  # 10 March, 01:30 at the lab: the last day
            ("2026-03-10 20:59:00", True),  # 10 March, 23:59
            ("2026-03-10 21:00:00", False),  # 11 March, 00:00
            ("2026-03-10 22:30:00", False),  # 11 March, 01:30, though still 10 March in UTC
        ):
            with self.subTest(instant=instant), freeze_time(instant):
                report.invalidate_recordset(["is_objection_open"])
                self.assertEqual(report.is_objection_open, is_open)
                self.assertEqual(bool(Report.search(open_reports)), is_open)
                self.assertEqual(bool(Report.search(closed_reports)), not is_open)
                self.assertEqual(bool(Report.search(objection_filter + id_domain)), is_open)
                moment = fields.Datetime.to_datetime(instant)
                self.assertEqual(report._lab_is_objection_late(moment), not is_open)
                self.assertEqual(report._lab_is_objection_late(), not is_open)

    def test_objection_period_is_configurable(self):
        self.env.company.lab_objection_days = 2
        report = self._report()
        with freeze_time("2026-04-17 12:00:00"):  # a Friday
            self._release(report)
        self.assertEqual(report.objection_deadline, date(2026, 4, 21))
