from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import LabCase


def _altered(token):
    """The token with its last character changed."""
    return token[:-1] + ("1" if token[-1] != "1" else "2")


@tagged("post_install", "-at_install")
class TestPortalSamples(LabCase, HttpCase):
    """R-PT-01, R-RP-02: My samples and My reports show only the customer's own records; tokens
    open one record only; an unreleased report is never reachable."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_a = cls._lab_order(cls.customer_a, confirm=True)
        cls.order_b = cls._lab_order(cls.customer_b, confirm=True)
        cls.sample_a = cls.env["lab.sample"].create(
            {"order_id": cls.order_a.id, "description": "Furnace hall"}
        )
        cls.sample_b = cls.env["lab.sample"].create(
            {"order_id": cls.order_b.id, "description": "Solvent store"}
        )
        cls.sample_a._portal_ensure_token()
        cls.sample_b._portal_ensure_token()
        cls.sample_a.state = "in_test"
        Report = cls.env["lab.test.report"]
        cls.report_a = Report.create(
            {"order_id": cls.order_a.id, "sample_ids": [fields.Command.set(cls.sample_a.ids)]}
        )
        cls.report_a.attachment_ids = cls.env["ir.attachment"].create(
            {"name": "TR-A.pdf", "raw": b"%PDF-1.4 customer A", "mimetype": "application/pdf"}
        )
        cls.report_a.with_user(cls.technician).action_prepare()
        cls.report_a.with_user(cls.quality_manager).action_review()
        cls.report_a.with_user(cls.technical_manager).action_release()
        cls.draft_a = Report.create({"order_id": cls.order_a.id})
        cls.draft_a.attachment_ids = cls.env["ir.attachment"].create(
            {"name": "DRAFT.pdf", "raw": b"%PDF-1.4 draft", "mimetype": "application/pdf"}
        )
        cls.draft_a._portal_ensure_token()
        cls.file_a = cls.report_a.attachment_ids
        cls.draft_file = cls.draft_a.attachment_ids

    def _get(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return response

    def _sample_url(self, sample, token=None):
        url = f"/my/lab/samples/{sample.id}"
        return url if token is None else f"{url}?access_token={token}"

    def _report_url(self, report, token=None, file=None):
        url = f"/my/lab/reports/{report.id}"
        if file:
            url += f"/files/{file.id}"
        return url if token is None else f"{url}?access_token={token}"

    def test_customer_sees_own_samples_and_released_reports(self):
        self.authenticate("t_portal_a", "t_portal_a")
        page = self._get("/my/lab/samples").text
        self.assertIn(self.sample_a.name, page)
        self.assertNotIn(self.sample_b.name, page)
        page = self._get(self._sample_url(self.sample_a)).text
        self.assertIn("Furnace hall", page)
        page = self._get("/my/lab/reports").text
        self.assertIn(self.report_a.name, page)
        self.assertNotIn(self.draft_a.name, page, "an unreleased report is not listed")
        page = self._get(self._report_url(self.report_a)).text
        self.assertIn(fields.Date.to_string(self.report_a.objection_deadline)[:4], page)
        self.assertIn("TR-A.pdf", page)
        download = self._get(
            self._report_url(self.report_a, self.report_a.access_token, self.file_a)
        )
        self.assertEqual(download.content, b"%PDF-1.4 customer A")

    def test_search_sort_and_pagination(self):
        more = self.env["lab.sample"].create(
            [{"order_id": self.order_a.id, "description": f"Point {i}"} for i in range(85)]
        )
        self.authenticate("t_portal_a", "t_portal_a")
        page = self._get("/my/lab/samples?search=Furnace").text
        self.assertIn(self.sample_a.name, page)
        self.assertNotIn(more[0].name, page)
        page1 = self._get("/my/lab/samples?sortby=name").text
        page2 = self._get("/my/lab/samples/page/2?sortby=name").text
        first, last = sorted((more | self.sample_a).mapped("name"))[0], max(more.mapped("name"))
        self.assertIn(first, page1)
        self.assertNotIn(last, page1, "80 per page")
        self.assertIn(last, page2)

    def test_other_customer_and_public_refused(self):
        secret_a = (self.sample_a.name, "Furnace hall")
        for login in ("t_portal_b", None):
            self.authenticate(login, login)
            for url in (
                self._sample_url(self.sample_a),
                self._sample_url(self.sample_a, ""),
                self._sample_url(self.sample_a, _altered(self.sample_a.access_token)),
                self._sample_url(self.sample_a, self.sample_b.access_token),
                self._report_url(self.report_a),
                self._report_url(self.report_a, ""),
                self._report_url(self.report_a, _altered(self.report_a.access_token)),
                self._report_url(self.report_a, self.sample_a.access_token),
                self._report_url(self.report_a, None, self.file_a),
                self._report_url(self.report_a, "", self.file_a),
            ):
                response = self.url_open(url, allow_redirects=False)
                # Issue 18: one answer on every detail page, a 404, never a redirect to /my.
                self.assertEqual(response.status_code, 404, f"{login} on {url}")
                text = response.text
                for secret in secret_a + ("customer A",):
                    self.assertNotIn(secret, text, f"{login} must not see {url}")
        # the right token opens the record for anyone it was sent to
        self.authenticate(None, None)
        self.assertIn(
            "Furnace hall",
            self._get(self._sample_url(self.sample_a, self.sample_a.access_token)).text,
        )

    def test_old_token_refused_after_regeneration(self):
        old = self.sample_a.access_token
        self.sample_a.access_token = False
        new = self.sample_a._portal_ensure_token()
        self.assertNotEqual(old, new)
        self.authenticate(None, None)
        self.assertNotIn("Furnace hall", self.url_open(self._sample_url(self.sample_a, old)).text)
        self.assertIn("Furnace hall", self._get(self._sample_url(self.sample_a, new)).text)

    def test_unreleased_report_never_reachable(self):
        token = self.draft_a.access_token
        for login in ("t_portal_a", None):
            self.authenticate(login, login)
            for url in (
                self._report_url(self.draft_a),
                self._report_url(self.draft_a, token),
                self._report_url(self.draft_a, token, self.draft_file),
                self._report_url(self.report_a, self.report_a.access_token, self.draft_file),
            ):
                response = self.url_open(url, allow_redirects=False)
                self.assertEqual(response.status_code, 404, url)
                self.assertNotIn("DRAFT", response.text, url)
                self.assertNotIn(b"%PDF-1.4 draft", response.content, url)

    def test_pages_do_not_grow_with_other_customers_samples(self):
        self.authenticate("t_portal_a", "t_portal_a")
        urls = ("/my/lab/samples", "/my/lab/reports", "/my/lab/samples?search=Furnace")

        def count_queries():
            counts = []
            for url in urls:
                self._get(url)  # warm caches
                before = self.cr.sql_log_count
                page = self._get(url).text
                counts.append(self.cr.sql_log_count - before)
                self.assertNotIn(self.sample_b.name, page)
            return counts

        empty = count_queries()
        self.env.flush_all()
        self.cr.execute(
            """
            INSERT INTO lab_sample (name, order_id, partner_id, company_id, state, date_received,
                                    seal_state, description)
                 SELECT 'BULK-' || n, %(order)s, %(partner)s, %(company)s, 'received',
                        now() - n * interval '1 minute', 'intact', 'Furnace ' || n
                   FROM generate_series(1, 50000) n
            """,
            {
                "order": self.order_b.id,
                "partner": self.customer_b.id,
                "company": self.env.company.id,
            },
        )
        self.cr.execute("ANALYZE lab_sample")
        self.assertEqual(count_queries(), empty)
        self.assertIn(self.sample_a.name, self._get("/my/lab/samples").text)


@tagged("post_install", "-at_install")
class TestPortalSamplesTour(LabCase, HttpCase):
    """The same journey in a browser: My Samples, search, sample page, report page."""

    def test_portal_tour(self):
        order = self._lab_order(self.customer_a, confirm=True)
        samples = self.env["lab.sample"].create(
            [
                {"order_id": order.id, "name": "TOUR-S-1", "description": "Furnace hall"},
                {"order_id": order.id, "name": "TOUR-S-2", "description": "Rolling mill"},
            ]
        )
        samples.state = "in_test"
        report = self.env["lab.test.report"].create(
            {
                "name": "TOUR-R-1",
                "order_id": order.id,
                "sample_ids": [fields.Command.set(samples[:1].ids)],
            }
        )
        report.attachment_ids = self.env["ir.attachment"].create(
            {"name": "tour-report.pdf", "raw": b"%PDF-1.4 tour", "mimetype": "application/pdf"}
        )
        report.with_user(self.technician).action_prepare()
        report.with_user(self.quality_manager).action_review()
        report.with_user(self.technical_manager).action_release()
        self.start_tour("/my", "lab_portal_samples_tour", login="t_portal_a")
