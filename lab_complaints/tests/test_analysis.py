from datetime import date, datetime

from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestAnalysis(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Complaint = cls.env["lab.complaint"].sudo()

        def complaint(
            received,
            acknowledged=None,
            closed=None,
            justified=None,
            kind="complaint",
            company=None,
            **values,
        ):
            record = Complaint.create(
                {
                    "subject": f"{kind} {received}",
                    "channel": "letter",
                    "complaint_type": kind,
                    "date_received": received,
                    "report_id": cls.report_a.id if kind == "appeal" else False,
                    "company_id": (company or cls.env.company).id,
                    "is_justified": justified,
                    **values,
                }
            )
            record.write({"date_acknowledged": acknowledged, "date_closed": closed})
            return record

        cls.in_period = (
            complaint(
                datetime(2026, 3, 2, 8),
                datetime(2026, 3, 2, 12),
                datetime(2026, 3, 12, 8),
                "yes",
                category_id=cls.category.id,
            )
            | complaint(
                datetime(2026, 3, 5, 8),
                datetime(2026, 3, 5, 16),
                datetime(2026, 3, 25, 8),
                "yes",
                channel="email",
            )
            | complaint(datetime(2026, 3, 31, 23), None, None, "no", is_anonymous=True)
            | complaint(
                datetime(2026, 3, 10, 8), datetime(2026, 3, 11, 8), None, None, kind="appeal"
            )
        )
        complaint(datetime(2026, 4, 1, 0, 30), datetime(2026, 4, 1, 1), None, "yes")
        other = cls.env["res.company"].create({"name": "Other Lab"})
        complaint(datetime(2026, 3, 3), datetime(2026, 3, 4), None, "yes", company=other)

    def test_management_review_figures(self):
        figures = self.Complaint.with_user(self.quality_manager)._management_review_figures(
            date(2026, 3, 1), date(2026, 3, 31), self.env.company
        )
        values = {figure["key"]: figure["value"] for figure in figures}
        self.assertEqual(values["complaints_total"], 3)
        self.assertEqual(values["complaints_justified"], 2)
        # 4 h, 8 h (complaints) and 24 h (appeal): acknowledged ones only.
        self.assertEqual(values["complaints_ack_hours"], 12.0)
        # 10 and 20 days
        self.assertEqual(values["complaints_close_days"], 15.0)
        self.assertEqual(values["appeals_total"], 1)
        for figure in figures:
            self.assertEqual(set(figure), {"section", "key", "label", "value", "unit"})

    def test_figures_reach_the_management_review(self):
        """R-MR-01: the lab's management review carries the complaint figures of its period."""
        review = (
            self.env["lab.management.review"]
            .with_user(self.quality_manager)
            .create({"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)})
        )
        figures = {f["key"]: f for f in review._get_figures()}
        self.assertEqual(figures["complaints_total"]["value"], 3)
        self.assertEqual(figures["appeals_total"]["value"], 1)
        self.assertEqual(figures["complaints_justified"]["section"], "Complaints and Appeals")
        self.assertIn("survey_answers", figures, "the base figures are still there")
        self.assertIn("Complaints found justified", review.figures_html)

    def test_figures_take_one_query_each(self):
        Complaint = self.Complaint.with_user(self.quality_manager)
        args = (date(2026, 3, 1), date(2026, 3, 31), self.env.company)
        Complaint._management_review_figures(*args)
        self.env.flush_all()
        before = self.cr.sql_log_count
        figures = Complaint._management_review_figures(*args)
        self.assertEqual(self.cr.sql_log_count - before, len(figures))

    def test_analysis_by_category_and_channel(self):
        groups = dict(
            self.Complaint._read_group([("id", "in", self.in_period.ids)], ["channel"], ["__count"])
        )
        self.assertEqual(groups, {"letter": 3, "email": 1})
        [(category, days)] = self.Complaint._read_group(
            [("category_id", "=", self.category.id), ("date_closed", "!=", False)],
            ["category_id"],
            ["days_to_close:avg"],
        )
        self.assertEqual(days, 10.0)

    def test_journal_pdf_for_a_period(self):
        wizard = (
            self.env["lab.complaint.journal.wizard"]
            .with_user(self.quality_manager)
            .create({"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)})
        )
        action = wizard.action_print()
        self.assertEqual(sorted(action["context"]["active_ids"]), sorted(self.in_period.ids))
        Report = self.env["ir.actions.report"].with_user(self.quality_manager)
        html = Report._render_qweb_html(
            "lab_complaints.action_report_complaint_journal",
            self.in_period.ids,
            data=action["data"],
        )[0].decode()
        self.assertIn("2026-03-01", html)
        self.assertIn("Anonymous", html)
        for complaint in self.in_period:
            self.assertIn(complaint.name, html)
        # The PDF path (under test Odoo returns the HTML rather than calling wkhtmltopdf).
        __, kind = Report._render_qweb_pdf(
            "lab_complaints.action_report_complaint_journal",
            self.in_period.ids,
            data=action["data"],
        )
        self.assertEqual(kind, "html")

    def test_complaint_form_pdf(self):
        complaint = self._validate(self._complaint())
        complaint.with_user(self.quality_manager).investigation_note = "<p>Balance drift found.</p>"
        Report = self.env["ir.actions.report"].with_user(self.quality_manager)
        html = Report._render_qweb_html(
            "lab_complaints.action_report_complaint_form", complaint.ids
        )[0].decode()
        self.assertIn(complaint.name, html)
        self.assertIn("Balance drift found", html, "the internal form carries the investigation")
        self.assertIn("balance was out of calibration", html)
