from datetime import date, datetime

from odoo.tests import tagged

from odoo.addons.lab_customer_service.tests.management_review_sql import (
    LOCAL_DAY,
    base_figures_sql,
    sql_params,
)

from .common import ComplaintCase


def complaint_figures_sql(cr, company, date_from, date_to):
    """The complaint register's lines of the management review, counted in plain SQL."""
    cr.execute(
        f"""
        SELECT count(*) FILTER (WHERE complaint_type = 'complaint'),
               count(*) FILTER (WHERE complaint_type = 'complaint' AND is_justified = 'yes'),
               count(*) FILTER (WHERE complaint_type = 'concern'),
               count(*) FILTER (WHERE complaint_type = 'appeal'),
               count(*) FILTER (WHERE complaint_type = 'suggestion'),
               avg(extract(epoch FROM date_acknowledged - date_received) / 3600)
                   FILTER (WHERE date_acknowledged IS NOT NULL),
               avg(extract(epoch FROM date_closed - date_received) / 86400)
                   FILTER (WHERE date_closed IS NOT NULL)
          FROM lab_complaint
         WHERE company_id = %(company)s AND {LOCAL_DAY.format(column="date_received")}
        """,
        sql_params(company, date_from, date_to),
    )
    complaints, justified, concerns, appeals, suggestions, ack, close = cr.fetchone()
    return suggestions, {
        "complaints_total": complaints,
        "complaints_justified": justified,
        "concerns_total": concerns,
        "appeals_total": appeals,
        "complaints_ack_hours": round(float(ack or 0), 1),
        "complaints_close_days": round(float(close or 0), 1),
    }


@tagged("post_install", "-at_install")
class TestAnalysis(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The dates below sit on the edges of March in UTC; a test says where the lab is.
        cls.env.company.resource_calendar_id.tz = "UTC"
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
            | complaint(datetime(2026, 3, 12, 8), None, None, "yes", kind="concern")
            | complaint(datetime(2026, 3, 20, 8), kind="suggestion")
            | complaint(datetime(2026, 3, 21, 8), kind="suggestion", is_anonymous=True)
        )
        # 28 February in UTC, 1 March 01:00 in a lab that works in Istanbul.
        cls.first_night = complaint(datetime(2026, 2, 28, 22), kind="suggestion")
        cls.env["lab.feedback"].create(
            {"name": "Open on Saturdays", "kind": "suggestion", "date": "2026-03-15"}
        )
        complaint(datetime(2026, 4, 1, 0, 30), datetime(2026, 4, 1, 1), None, "yes")
        other = cls.env["res.company"].create({"name": "Other Lab"})
        complaint(datetime(2026, 3, 3), datetime(2026, 3, 4), None, "yes", company=other)

    def test_management_review_figures(self):
        figures = self.Complaint.with_user(self.quality_manager)._management_review_figures(
            date(2026, 3, 1), date(2026, 3, 31), self.env.company
        )
        values = {figure["key"]: figure["value"] for figure in figures}
        self.assertEqual(values["complaints_total"], 3, "concerns and suggestions are apart")
        self.assertEqual(values["complaints_justified"], 2, "a justified concern is apart")
        self.assertEqual(values["concerns_total"], 1)
        # 4 h, 8 h (complaints) and 24 h (appeal): acknowledged ones only.
        self.assertEqual(values["complaints_ack_hours"], 12.0)
        # 10 and 20 days
        self.assertEqual(values["complaints_close_days"], 15.0)
        self.assertEqual(values["appeals_total"], 1)
        self.assertNotIn("suggestion", " ".join(values), "suggestions count under Feedback")
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
        self.assertEqual(figures["concerns_total"]["value"], 1)
        self.assertEqual(figures["appeals_total"]["value"], 1)
        # Two through the complaint form, one in the book of reviews (lab.feedback).
        self.assertEqual(figures["feedback_suggestions"]["value"], 3)
        self.assertEqual(
            figures["complaints_justified"]["section"], "Complaints, Concerns and Appeals"
        )
        self.assertIn("survey_answers", figures, "the base figures are still there")
        self.assertIn("Complaints found justified", review.figures_html)
        self.assertIn("Internal concerns raised", review.figures_html)

    def test_a_suggestion_raises_suggestions_not_complaints(self):
        """Issue 17: a suggestion sent as a complaint raised "Complaints received"."""
        review = (
            self.env["lab.management.review"]
            .with_user(self.quality_manager)
            .create({"date_from": date(2026, 5, 1), "date_to": date(2026, 5, 31)})
        )
        self.Complaint.sudo().create(
            {
                "subject": "Send results by text message",
                "channel": "web",
                "complaint_type": "suggestion",
                "date_received": datetime(2026, 5, 4, 10),
            }
        )
        values = {f["key"]: f["value"] for f in review._get_figures()}
        self.assertEqual(values["feedback_suggestions"], 1)
        self.assertEqual(values["complaints_total"], 0)
        self.assertEqual(values["concerns_total"], 0)
        self.assertEqual(values["appeals_total"], 0)

    def test_every_figure_matches_an_independent_sql_count(self):
        """R-MR-01: every line of the review, its own and lab_customer_service's, is what plain
        SQL counts on the lab's days, in UTC and in a lab that works in Istanbul."""
        for tz in ("UTC", "Europe/Istanbul"):
            self.env.company.resource_calendar_id.tz = tz
            for date_from, date_to in (
                (date(2026, 3, 1), date(2026, 3, 31)),
                (date(2026, 2, 1), date(2026, 4, 30)),
                (date(2026, 4, 1), date(2026, 4, 30)),
            ):
                review = (
                    self.env["lab.management.review"]
                    .with_user(self.quality_manager)
                    .create({"date_from": date_from, "date_to": date_to})
                )
                self.env.flush_all()
                company = self.env.company
                suggestions, expected = complaint_figures_sql(self.cr, company, date_from, date_to)
                base = base_figures_sql(self.cr, company, date_from, date_to)
                base["feedback_suggestions"] += suggestions
                expected.update(base)
                values = {f["key"]: f["value"] for f in review._get_figures()}
                self.assertEqual(set(values), set(expected), "every figure is checked")
                for key, value in expected.items():
                    self.assertEqual(values[key], value, f"{key}, {tz}, {date_from}–{date_to}")
        # The first night of March is in March for the lab in Istanbul, not in UTC.
        march = (date(2026, 3, 1), date(2026, 3, 31), self.env.company)
        self.assertEqual(
            self.Complaint.sudo()._management_review_counts(*march)[("suggestion", False)], 3
        )
        self.env.company.resource_calendar_id.tz = "UTC"
        self.assertEqual(
            self.Complaint.sudo()._management_review_counts(*march)[("suggestion", False)], 2
        )

    def test_figures_take_one_query_each(self):
        Complaint = self.Complaint.with_user(self.quality_manager)
        args = (date(2026, 3, 1), date(2026, 3, 31), self.env.company)
        Complaint._management_review_figures(*args)
        self.env.flush_all()
        before = self.cr.sql_log_count
        figures = Complaint._management_review_figures(*args)
        # One grouped query counts every type; each mean time takes its own.
        self.assertEqual(self.cr.sql_log_count - before, 3)
        self.assertEqual(len(figures), 6)

    def test_analysis_by_category_and_channel(self):
        groups = dict(
            self.Complaint._read_group([("id", "in", self.in_period.ids)], ["channel"], ["__count"])
        )
        self.assertEqual(groups, {"letter": 6, "email": 1})
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
        self.assertIn(">03/01/2026</span>", html, "the period in the reader's date format")
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
