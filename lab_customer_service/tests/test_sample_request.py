"""A new sample request from the portal becomes a quotation for contract review (issue 19
point 1; R-PT-01, R-CR-01/02, R-SR-01)."""

from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import LabCase
from .rpc import RpcCase
from .test_sample_submission import csv_bytes, local_text


@tagged("post_install", "-at_install")
class TestSampleRequest(LabCase, RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.test_dust.default_code = "DUST"
        cls.test_noise.default_code = "NOISE"
        cls.company = cls.portal_a.company_id
        cls.sampled = local_text(cls.company, cls.now - timedelta(hours=3))

    def _rows(self, tests_per_row):
        return [
            [
                n,
                {
                    "customer_ref": f"R-{n}",
                    "sampling_point": f"Stack {n}",
                    "date_sampled": self.sampled,
                    "matrix": "Air",
                    "container": "Filter",
                    "tests": tests,
                },
            ]
            for n, tests in enumerate(tests_per_row, start=1)
        ]

    def test_portal_request_becomes_a_quotation_for_review(self):
        """Three samples by JSON-RPC: a draft quotation, one line per test with one unit per
        sample, its draft contract review, and the submission waiting for it."""
        result = self.rpc(
            self.portal_a,
            "lab.sample.submission",
            "lab_submit_request",
            self._rows(["DUST", "DUST;NOISE", self.test_dust.name]),
        )
        self.assertFalse(result["errors"])
        submission = self.env["lab.sample.submission"].browse(result["submission_id"])
        order = submission.order_id
        self.assertEqual(order.id, result["order_id"])
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.partner_id, self.customer_a)
        self.assertTrue(order.is_lab_order)
        self.assertEqual(
            {line.product_id: line.product_uom_qty for line in order.order_line},
            {self.test_dust: 3, self.test_noise: 1},
        )
        self.assertEqual(order.lab_review_id.state, "draft")
        self.assertEqual(submission.state, "draft")
        self.assertTrue(submission.awaits_order)
        self.assertEqual(submission.partner_id, self.customer_a)
        self.assertEqual(submission.line_ids.mapped("customer_ref"), ["R-1", "R-2", "R-3"])
        self.assertEqual(submission.line_ids[1].test_ids, self.test_dust | self.test_noise)
        # the customer sees it waiting for the quotation, not sendable yet
        self.authenticate("t_portal_a", "t_portal_a")
        page = self.url_open(submission.access_url)
        self.assertIn("o_lab_submission_awaits", page.text)
        self.assertIn(order.name, page.text)
        with self.assertRaisesRegex(UserError, order.name):
            submission.with_user(self.portal_a).action_submit()
        # reception cannot scan it before the order is confirmed
        wizard = self.env["lab.sample.reception.wizard"].with_user(self.reception)
        with self.assertRaisesRegex(UserError, "not confirmed"):
            wizard._lab_find_submission(submission.barcode)
        # R-CR-02: the quotation is confirmed only once its contract review is approved
        with self.assertRaises(UserError):
            order.with_user(self.staff).action_confirm()
        self.assertEqual(order.state, "draft")
        self._confirm_lab_order(order)
        self.assertEqual(order.state, "sale")
        self.assertFalse(submission.awaits_order)
        # then the customer sends the samples as on any confirmed order, and reception scans
        response = self.url_open(
            f"/my/lab/submissions/{submission.id}/submit",
            data={"csrf_token": self._csrf(submission.access_url)},
        )
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        self.assertEqual(submission.state, "submitted")
        form = Form(wizard)
        form.scan_code = submission.barcode
        self.assertEqual(form.submission_id, submission)
        self.assertEqual(len(form.line_ids), 3)

    def test_a_bad_row_creates_nothing(self):
        orders = self.env["sale.order"].search_count([])
        rows = self._rows(["DUST", "NOPE", "NOISE"])
        rows[0][1]["customer_ref"] = "=HYPERLINK(1)"
        result = self.rpc(self.portal_a, "lab.sample.submission", "lab_submit_request", rows)
        self.assertFalse(result["submission_id"])
        self.assertFalse(result["order_id"])
        self.assertEqual(set(result["errors"]), {"1", "2"})
        self.assertIn("not in the laboratory's test catalogue", result["errors"]["2"][0])
        self.assertIn("formulas", result["errors"]["1"][0])
        self.assertEqual(self.env["sale.order"].search_count([]), orders)
        self.assertFalse(self.env["lab.sample.submission"].search_count([]))
        # a test the catalogue does not sell is refused too
        self.test_noise.sale_ok = False
        result = self.rpc(
            self.portal_a, "lab.sample.submission", "lab_submit_request", self._rows(["NOISE"])
        )
        self.assertIn("1", result["errors"])
        self.assertEqual(self.env["sale.order"].search_count([]), orders)

    def test_page_request_and_other_roles(self):
        """The portal page makes the request; another customer cannot see it; staff and a
        technician cannot make one."""
        self.authenticate("t_portal_a", "t_portal_a")
        listing = self.url_open("/my/lab/submissions")
        self.assertIn("/my/lab/submissions/new", listing.text)
        url = "/my/lab/submissions/new"
        data = {"csrf_token": self._csrf(url), "row_count": "2", "action": "submit"}
        for n in (1, 2):
            data.update(
                {
                    f"customer_ref_{n}": f"P-{n}",
                    f"sampling_point_{n}": f"Point {n}",
                    f"date_sampled_{n}": self.sampled.replace(" ", "T"),
                    f"matrix_{n}": "Soil",
                    f"tests_{n}": str(self.test_silica.id),
                }
            )
        response = self.url_open(url, data=data)
        submission = self.env["lab.sample.submission"].search([])
        self.assertEqual(len(submission), 1, response.text[-3000:])
        self.assertIn("o_lab_requested", response.text)
        self.assertEqual(submission.order_id.order_line.product_id, self.test_silica)
        self.assertEqual(submission.order_id.order_line.product_uom_qty, 2)
        # another customer neither opens nor lists it
        self.authenticate("t_portal_b", "t_portal_b")
        self.assertEqual(self.url_open(submission.access_url).status_code, 404)
        self.assertFalse(
            self.env["lab.sample.submission"].with_user(self.portal_b).search_count([])
        )
        self.assertFalse(
            self.env["sale.order"]
            .with_user(self.portal_b)
            .search_count([("id", "=", submission.order_id.id)])
        )
        # the lab's people do not make a customer's request
        for user in (self.technician, self.staff):
            self.assertRpcRefused(
                user, "lab.sample.submission", "lab_submit_request", self._rows(["DUST"])
            )
        with self.assertRaises(AccessError):
            self.env["lab.sample.submission"].with_user(self.technician)._lab_submit_request(
                self._rows(["DUST"]), self.now
            )
        self.assertEqual(self.env["lab.sample.submission"].search_count([]), 1)

    def test_file_upload_request_same_checks(self):
        """The CSV upload makes a request too, with the same row checks (holding time,
        duplicates) and the catalogue in place of the order's tests."""
        header = ["Your Sample ID", "Sampling Point", "Sampling Date and Time", "Matrix"]
        header += ["Container", "Preservation", "Tests", "Remarks"]
        good = [
            ["U-1", "Stack 1", self.sampled, "Air", "", "", "DUST", ""],
            ["U-2", "Stack 2", self.sampled, "Air", "", "", "dust; NOISE", ""],
        ]
        bad = [list(row) for row in good]
        bad[1][0] = "U-1"
        bad[0][2] = local_text(self.company, self.now - timedelta(hours=800))
        self.authenticate("t_portal_a", "t_portal_a")
        url = "/my/lab/submissions/new"
        csrf = self._csrf(url)
        response = self.url_open(
            url,
            data={"csrf_token": csrf, "action": "upload"},
            files={"file": ("samples.csv", csv_bytes(bad, header), "text/csv")},
        )
        self.assertIn("Row 2: Sampled 800 hours ago", response.text)
        self.assertIn("Row 3: Sample ID “U-1” is already used on row 2", response.text)
        self.assertFalse(self.env["lab.sample.submission"].search_count([]))
        response = self.url_open(
            url,
            data={"csrf_token": csrf, "action": "upload"},
            files={"file": ("samples.csv", csv_bytes(good, header), "text/csv")},
        )
        submission = self.env["lab.sample.submission"].search([])
        self.assertEqual(len(submission.line_ids), 2, response.text[-2000:])
        self.assertEqual(
            {line.product_id: line.product_uom_qty for line in submission.order_id.order_line},
            {self.test_dust: 2, self.test_noise: 1},
        )
