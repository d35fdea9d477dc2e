from datetime import date, datetime

from freezegun import freeze_time
from lxml import html as lxml_html

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import LabCase
from .management_review_sql import base_figures_sql

REPORT = "lab_customer_service.action_report_lab_management_review"
REPORT_NAME = "lab_customer_service.report_lab_management_review"


@tagged("post_install", "-at_install")
class TestManagementReview(LabCase, HttpCase):
    """Known data in October 2026, noise in November: the October review counts only October.

    The lab works in Istanbul (UTC+3): its October runs from 30 September 21:00 UTC to
    31 October 21:00 UTC, and a figure counts what happened on the lab's days."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.resource_calendar_id.tz = "Europe/Istanbul"
        Request = cls.env["lab.customer.request"]
        with freeze_time("2026-10-12 09:00:00"):  # a Monday: due Wednesday the 14th
            on_time, _open = Request.create(
                [
                    {"subject": "Price", "partner_id": cls.contact_a.id, "answer": "<p>100</p>"},
                    {"subject": "Lead time", "partner_id": cls.contact_b.id},
                ]
            )
        with freeze_time("2026-10-13 09:00:00"):
            on_time.action_mark_answered()
        with freeze_time("2026-11-03 09:00:00"):
            Request.create({"subject": "November", "partner_id": cls.contact_a.id})

        cls.env["lab.feedback"].create(
            [
                {
                    "name": "Send reports by email",
                    "kind": "suggestion",
                    "date": "2026-10-05",
                    "state": "referred",
                    "is_referred": True,
                    "improvement_note": "Report dispatch",
                },
                {"name": "Very kind staff", "kind": "compliment", "date": "2026-10-20"},
                {"name": "November review", "kind": "review", "date": "2026-11-02"},
            ]
        )

        Sample = cls.env["lab.sample"]
        order_1 = cls._lab_order(cls.customer_a, confirm=True)
        order_2 = cls._lab_order(cls.customer_b, confirm=True)
        sample_1, sample_2, _rejected, _first_night = Sample.create(
            [
                {"order_id": order_1.id, "date_received": datetime(2026, 9, 28, 9)},
                {"order_id": order_2.id, "date_received": datetime(2026, 10, 1, 9)},
                {
                    "order_id": order_2.id,
                    "date_received": datetime(2026, 10, 2, 9),
                    "state": "rejected",
                },
                # 30 September in UTC, 1 October 01:30 in the lab: an October figure.
                {
                    "order_id": order_2.id,
                    "date_received": datetime(2026, 9, 30, 22, 30),
                    "state": "rejected",
                },
            ]
        )
        sample_1.date_expected = date(2026, 10, 10)
        sample_2.date_expected = date(2026, 10, 15)
        _rejected.date_expected = date(2026, 10, 15)
        _first_night.date_expected = date(2026, 10, 15)
        Report = cls.env["lab.test.report"]
        Report.create(
            [
                {
                    "order_id": order_1.id,
                    "state": "released",
                    "date_released": datetime(2026, 10, 5, 10),
                },
                {
                    "order_id": order_2.id,
                    "state": "released",
                    "date_released": datetime(2026, 10, 20, 10),
                },
                # 31 October in UTC, 1 November 00:30 in the lab: a November figure.
                {
                    "order_id": order_2.id,
                    "state": "released",
                    "date_released": datetime(2026, 10, 31, 21, 30),
                },
            ]
        )
        cls.env["lab.delay.notice"].sudo().create(
            {
                "order_id": order_2.id,
                "partner_id": order_2.partner_id.commercial_partner_id.id,
                "expected_date": datetime(2026, 10, 15).date(),
                "notified_on": datetime(2026, 10, 16, 8),
            }
        )

        survey = cls.env["survey.survey"].create(
            {
                "title": "Satisfaction",
                "is_lab_survey": True,
                "access_mode": "token",
                "scoring_type": "scoring_without_answers",
                "question_and_page_ids": [
                    (
                        0,
                        0,
                        {
                            "title": "Satisfied?",
                            "question_type": "simple_choice",
                            "suggested_answer_ids": [
                                (0, 0, {"value": "Yes", "answer_score": 10}),
                                (0, 0, {"value": "No", "answer_score": 0}),
                            ],
                        },
                    )
                ],
            }
        )
        survey.with_user(cls.quality_manager).action_lab_approve()
        yes, no = survey.question_ids.suggested_answer_ids
        for order, choice, when in (
            (order_1, yes, datetime(2026, 10, 8)),
            (order_2, no, datetime(2026, 10, 22)),
            (order_1, yes, datetime(2026, 11, 8)),
        ):
            answer = survey._create_answer(
                partner=order.partner_id, check_attempts=False, lab_order_id=order.id
            )
            cls.env["survey.user_input.line"].create(
                {
                    "user_input_id": answer.id,
                    "question_id": survey.question_ids.id,
                    "answer_type": "suggestion",
                    "suggested_answer_id": choice.id,
                }
            )
            answer._mark_done()
            answer.end_datetime = when

    def _review(self, date_from, date_to, user=None):
        return (
            self.env["lab.management.review"]
            .with_user(user or self.quality_manager)
            .create({"name": "Q4 review", "date_from": date_from, "date_to": date_to})
        )

    def test_figures_on_known_data(self):
        review = self._review("2026-10-01", "2026-10-31")
        review._get_figures()  # warm the record, access-right and rule caches
        before = self.env.cr.sql_log_count
        figures = review._get_figures()
        queries = self.env.cr.sql_log_count - before
        values = {f["key"]: f["value"] for f in figures}
        self.assertEqual(values["survey_answers"], 2)
        self.assertEqual(values["satisfaction_csat"], 50.0)
        self.assertEqual(values["feedback_suggestions"], 1)
        self.assertEqual(values["feedback_reviews"], 0)
        self.assertEqual(values["feedback_compliments"], 1)
        self.assertEqual(values["feedback_referred"], 1)
        self.assertEqual(values["reports_released"], 2, "the lab's 1 November does not count")
        self.assertEqual(values["reports_on_time"], 1)
        self.assertEqual(values["on_time_rate"], 50.0)
        self.assertEqual(values["delay_notices"], 1)
        self.assertEqual(values["samples_rejected"], 2, "the lab's 1 October counts")
        self.assertEqual(values["requests_received"], 2)
        self.assertEqual(values["requests_answered"], 1)
        self.assertEqual(values["requests_answered_on_time"], 1)
        self.assertEqual(values["requests_on_time_rate"], 50.0)
        for figure in figures:
            self.assertEqual(
                set(figure), {"section", "key", "label", "value", "unit"}, figure["key"]
            )
        # One grouped query per figure, never one per record: this module's five families give
        # 15 figures in 6 queries (delivery counts two figures in one query and one in another).
        # Other addons append their own figures through the same extension point.
        family_queries = {}
        for family in (
            review._get_satisfaction_figures,
            review._get_feedback_figures,
            review._get_delivery_figures,
            review._get_deviation_figures,
            review._get_request_figures,
        ):
            start = self.env.cr.sql_log_count
            family_figures = family()
            family_queries[family.__name__] = (
                self.env.cr.sql_log_count - start,
                len(family_figures),
            )
        self.assertEqual(sum(q for q, _n in family_queries.values()), 6, family_queries)
        self.assertEqual(sum(n for _q, n in family_queries.values()), 15, family_queries)
        self.assertLessEqual(queries, len(figures), "at most one query per figure, all addons")

    def test_pdf_renders_every_figure(self):
        review = self._review("2026-10-01", "2026-10-31")
        # The PDF's QWeb body (wkhtmltopdf cannot fetch assets from inside a test transaction).
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, review.ids)[0].decode()
        for figure in review._get_figures():
            self.assertIn(f'data-key="{figure["key"]}"', html)
        self.assertIn("On-time delivery rate", html)
        self.assertIn("50.0 %", html)

    def test_empty_period_gives_empty_correct_report(self):
        review = self._review("2020-01-01", "2020-03-31")
        figures = review._get_figures()
        counts = [f["value"] for f in figures if f["unit"] != "%"]
        rates = [f["value"] for f in figures if f["unit"] == "%"]
        self.assertTrue(counts)
        self.assertEqual(set(counts), {0})
        self.assertEqual(set(rates), {None}, "no rate is invented without data")
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, review.ids)[0].decode()
        self.assertIn("no data", html)
        self.assertIn("no data", review.figures_html)

    def test_bad_period_and_roles(self):
        with self.assertRaisesRegex(ValidationError, "must start before it ends"):
            self._review("2026-10-31", "2026-10-01")
        with self.assertRaises(AccessError):
            self._review("2026-10-01", "2026-10-31", user=self.staff)
        review = self._review("2026-10-01", "2026-10-31", user=self.deputy)
        with self.assertRaises(AccessError):
            review.with_user(self.technical_manager).read(["name"])

    def test_every_figure_matches_an_independent_sql_count(self):
        """R-MR-01: each line of the review is what plain SQL counts on the lab's days."""
        for date_from, date_to in (
            (date(2026, 10, 1), date(2026, 10, 31)),
            (date(2026, 11, 1), date(2026, 11, 30)),
            (date(2026, 9, 1), date(2026, 12, 31)),
            (date(2020, 1, 1), date(2020, 3, 31)),
        ):
            review = self._review(date_from, date_to)
            self.env.flush_all()
            expected = base_figures_sql(self.env.cr, review.company_id, date_from, date_to)
            values = {f["key"]: f["value"] for f in review._get_figures()}
            for key, value in expected.items():
                self.assertEqual(values[key], value, f"{key} from {date_from} to {date_to}")

    def test_printed_review_shows_each_figure_on_its_line(self):
        """The printed review (its QWeb body, as /report/html serves it): period in the
        reader's date format, each section under a title, each figure on its own row, and
        sections that move to the next page whole."""
        review = self._review("2026-10-01", "2026-10-31")
        self.authenticate("t_quality", "t_quality")
        response = self.url_open(f"/report/html/{REPORT_NAME}/{review.id}")
        self.assertEqual(response.status_code, 200)
        page = lxml_html.fromstring(response.content)
        text = " ".join(page.text_content().split())
        self.assertIn("Period: 10/01/2026 – 10/31/2026", text)
        sections = page.xpath("//div[contains(@class, 'o_lab_report_section')]")
        titles = [" ".join(s.xpath(".//h4")[0].text_content().split()) for s in sections]
        self.assertEqual(
            titles[:5],
            ["Customer Satisfaction", "Feedback", "Delivery", "Deviations", "Customer Requests"],
        )
        for figure in review._get_figures():
            [row] = page.xpath(f"//tr[@data-key='{figure['key']}']")
            cells = [" ".join(td.text_content().split()) for td in row.xpath("./td")]
            self.assertEqual(cells, [figure["label"], review._format_figure(figure)])
        rows = {tr.get("data-key"): tr for tr in page.xpath("//tr[@data-key]")}
        self.assertEqual(rows["samples_rejected"].xpath("./td")[1].text_content().strip(), "2")
        self.assertEqual(rows["on_time_rate"].xpath("./td")[1].text_content().strip(), "50.0 %")
