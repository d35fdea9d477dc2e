from datetime import timedelta

import lxml.html
import pytz

from odoo import fields
from odoo.tests import HttpCase, tagged

from .a11y import AccessibilityMixin
from .common import LabCase


@tagged("post_install", "-at_install")
class TestPortalAccessibility(LabCase, HttpCase, AccessibilityMixin):
    """Issue 21 (R-PT-01, R-CM-04): the customer's pages of lab_customer_service pass axe-core's
    WCAG 2.1 A/AA rules with no serious or critical violation, as a portal user and as the
    public, and their lists lose no column on a 390 px phone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        order = cls._lab_order(cls.customer_a, confirm=True)
        cls.samples = cls.env["lab.sample"].create(
            [
                {
                    "order_id": order.id,
                    # long enough to wrap on a phone: a cut cell fails the phone check
                    "description": f"Welding bay, filter damaged in transport, wall {i}",
                }
                for i in range(3)
            ]
        )
        cls.samples[0].state = "reported"
        cls.report = cls.env["lab.test.report"].create(
            {"order_id": order.id, "sample_ids": [fields.Command.set(cls.samples[:1].ids)]}
        )
        cls.report.attachment_ids = cls.env["ir.attachment"].create(
            {"name": "TR.pdf", "raw": b"%PDF-1.4 report", "mimetype": "application/pdf"}
        )
        cls.report.with_user(cls.technician).action_prepare()
        cls.report.with_user(cls.quality_manager).action_review()
        cls.report.with_user(cls.technical_manager).action_release()
        cls.lab_request = cls.env["lab.customer.request"].create(
            {"subject": "Price of silica", "partner_id": cls.contact_a.id}
        )
        cls.env["lab.published.document"].create(
            {"name": "Price list", "category": "price", "is_published": True}
        )
        # A quotation under contract review with a subcontracted test: our sections of the
        # stock order page (review notice, subcontracting and the consent button).
        cls.quotation = cls._lab_order(cls.customer_a, products=cls.test_silica)
        cls.env["ir.config_parameter"].sudo().set_param(
            "lab_customer_service.verify_hourly_limit", 1000
        )
        # Issue 19's pages: Alice administers Customer A's portal; Carol receives its reports
        # (the report page then lists whom it was sent to); a submission waits for signing.
        cls.contact_a.with_user(cls.staff).lab_portal_admin = True
        cls.carol = cls.env["res.partner"].create(
            {"name": "Carol A", "parent_id": cls.customer_a.id, "email": "carol@a.example.com"}
        )
        cls.env["lab.report.recipient"].with_user(cls.staff).create({"contact_id": cls.carol.id})
        cls.test_dust.default_code = "DUST"
        cls.submit_order = cls._lab_order(cls.contact_a, cls.test_dust, confirm=True)
        tz = cls.submit_order.company_id._lab_tz()
        sampled = (
            pytz.utc.localize(cls.now - timedelta(hours=3))
            .astimezone(tz)
            .strftime("%Y-%m-%d %H:%M")
        )
        cls.submission, errors = (
            cls.env["lab.sample.submission"]
            .with_user(cls.portal_a)
            ._lab_submit_rows(
                cls.submit_order.with_user(cls.portal_a),
                [
                    (
                        1,
                        {
                            "customer_ref": "W-0001",
                            "sampling_point": "Well 1",
                            "date_sampled": sampled,
                            "matrix": "Water",
                            "tests": "DUST",
                        },
                    )
                ],
                cls.now,
            )
        )
        assert not errors, errors
        cls.submit_url = f"/my/orders/{cls.submit_order.id}/lab/submit"
        # Two rows typed with mistakes: the page answers with the errors of each row.
        cls.bad_rows = (
            ".o_lab_submission_form",
            {
                "row_count": "2",
                "action": "submit",
                "customer_ref_1": "A",
                "sampling_point_1": "Tap",
                "date_sampled_1": "not a date",
                "customer_ref_2": "B",
                "tests_2": str(cls.test_silica.id),
            },
            ".o_lab_row_errors",
        )

    def test_portal_pages_as_a_customer(self):
        for url in (
            "/my/home",
            "/my/lab/samples",
            self.samples[0].access_url,
            "/my/lab/reports",
            self.report.access_url,
            "/my/lab/requests",
            self.lab_request.get_portal_url(),
            "/my/lab/requests/new",
            "/my/lab/documents",
        ):
            with self.subTest(url=url):
                self.assertAccessible(url, login="t_portal_a")
        self.assertAccessible(
            self.quotation.get_portal_url(), login="t_portal_a", include=["#lab_contract"]
        )

    def test_issue_19_pages_as_a_customer(self):
        """Sample submission, report recipients, colleagues (as the customer's portal
        administrator), the report's deliveries and "Repeat this order"."""
        self.authenticate("t_portal_a", "t_portal_a")
        self.assertIn("o_lab_report_deliveries", self.url_open(self.report.access_url).text)
        for url in (
            "/my/lab/submissions",
            self.submission.access_url,
            f"{self.submission.access_url}?message=submitted",
            self.submit_url,
            "/my/report-recipients",
            "/my/lab/colleagues",
        ):
            with self.subTest(url=url):
                self.assertAccessible(url, login="t_portal_a")
        with self.subTest(url=f"{self.submit_url} with row errors"):
            self.assertAccessible(self.submit_url, login="t_portal_a", submit=self.bad_rows)
        for url in (
            self.submit_order.get_portal_url(),
            self.submit_order.get_portal_url(query_string="&lab_repeated=1"),
        ):
            with self.subTest(url=url):
                self.assertAccessible(
                    url, login="t_portal_a", include=["#sale_order_sidebar_button"]
                )

    def test_row_errors_are_tied_to_their_fields(self):
        """WCAG 3.3.1: the fields of a wrong row say so and point to that row's messages."""
        self.authenticate("t_portal_a", "t_portal_a")
        page = self.url_open(self.submit_url)
        marker = 'name="csrf_token" value="'
        start = page.text.index(marker) + len(marker)
        data = dict(self.bad_rows[1], csrf_token=page.text[start : page.text.index('"', start)])
        html = lxml.html.fromstring(self.url_open(self.submit_url, data=data).content)
        messages = {li.get("id"): li for li in html.xpath("//li[@class='o_lab_row_error']")}
        self.assertTrue(messages)
        for row in ("1", "2"):
            field = html.get_element_by_id(f"customer_ref_{row}")
            self.assertEqual(field.get("aria-invalid"), "true")
            ids = field.get("aria-describedby").split()
            self.assertTrue(ids)
            for message_id in ids:
                self.assertTrue(
                    messages[message_id].text_content().strip().startswith(f"Row {row}:")
                )

    def test_issue_19_pages_fit_a_phone(self):
        for url in (
            "/my/lab/submissions",
            self.submission.access_url,
            self.submit_url,
            "/my/report-recipients",
            "/my/lab/colleagues",
        ):
            with self.subTest(url=url):
                self.assertFitsPhone(url, login="t_portal_a")
        with self.subTest(url=f"{self.submit_url} with row errors"):
            self.assertFitsPhone(self.submit_url, login="t_portal_a", submit=self.bad_rows)

    def test_issue_19_pages_with_the_keyboard(self):
        for url in (
            self.submission.access_url,
            self.submit_url,
            "/my/report-recipients",
            "/my/lab/colleagues",
        ):
            with self.subTest(url=url):
                self.assertKeyboardUsable(url, login="t_portal_a")
        with self.subTest(url=f"{self.submit_url} with row errors"):
            self.assertKeyboardUsable(self.submit_url, login="t_portal_a", submit=self.bad_rows)

    def test_public_pages(self):
        self.assertAccessible(f"/lab/verify/{self.report.lab_verification_code}")
        self.assertAccessible("/lab/verify/NO-SUCH-CODE")
        self.assertAccessible(self.report.get_portal_url())
        self.assertAccessible(
            f"/lab/sender/confirm/lab.customer.request/{self.lab_request.id}"
            f"?token={self.lab_request._lab_sender_token()}"
        )

    def test_lists_fit_a_phone(self):
        for url in ("/my/lab/samples", "/my/lab/reports", "/my/lab/requests"):
            with self.subTest(url=url):
                self.assertFitsPhone(url, login="t_portal_a")
        self.assertFitsPhone(self.report.access_url, login="t_portal_a")
        self.assertFitsPhone(f"/lab/verify/{self.report.lab_verification_code}")

    def test_keyboard_reaches_every_action(self):
        for url in ("/my/lab/samples", self.report.access_url, "/my/lab/requests/new"):
            with self.subTest(url=url):
                self.assertKeyboardUsable(url, login="t_portal_a")
        self.assertKeyboardUsable(f"/lab/verify/{self.report.lab_verification_code}")
