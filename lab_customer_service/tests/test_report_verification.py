import hashlib
import io
import re
from urllib.parse import urlsplit

from odoo import fields
from odoo.tests import tagged
from odoo.tools.pdf import PdfFileReader

from . import external_tools
from .common import LabCase
from .rpc import RpcCase, RpcRefused


def make_pdf(*pages):
    """A real PDF with one page per text, as other software makes a report."""
    from reportlab.pdfgen import canvas  # noqa: PLC0415

    buffer = io.BytesIO()
    can = canvas.Canvas(buffer)
    for text in pages:
        can.drawString(72, 720, text)
        can.showPage()
    can.save()
    return buffer.getvalue()


def page_texts(data):
    return [page.extract_text() for page in PdfFileReader(io.BytesIO(data), strict=False).pages]


class ReportVerificationCase(LabCase, RpcCase):
    """An order with samples, its reports and their release, and the public page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._lab_order(cls.customer_a, confirm=True)
        cls.samples = cls.env["lab.sample"].create([{"order_id": cls.order.id, "state": "in_test"}])
        cls.genuine_source = make_pdf("Results page 1", "Results page 2")
        cls.env["ir.config_parameter"].sudo().set_param(
            "lab_customer_service.verify_hourly_limit", 1000
        )

    def _report(self, files=None):
        report = self.env["lab.test.report"].create(
            {"order_id": self.order.id, "sample_ids": [fields.Command.set(self.samples.ids)]}
        )
        files = files or [("report.pdf", self.genuine_source, "application/pdf")]
        report.attachment_ids = self.env["ir.attachment"].create(
            [{"name": name, "raw": raw, "mimetype": mime} for name, raw, mime in files]
        )
        return report

    def _release(self, report):
        report.with_user(self.technician).action_prepare()
        report.with_user(self.quality_manager).action_review()
        report.with_user(self.technical_manager).action_release()
        return report

    def _page(self, report_or_code):
        code = getattr(report_or_code, "lab_verification_code", report_or_code)
        self.env.flush_all()
        return self.url_open(f"/lab/verify/{code}", allow_redirects=False)

    def _compare(self, report, data):
        page = self._page(report)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open(
            f"/lab/verify/{report.lab_verification_code}/compare",
            data={"csrf_token": token},
            files={"file": ("copy.pdf", data, "application/pdf")},
            allow_redirects=False,
        )


@tagged("post_install", "-at_install")
class TestReportVerification(ReportVerificationCase):
    """Issue 20, points 1-3 and 5 (R-RP-01..03, ISO/IEC 17025 §7.8.2): anyone can verify a
    report."""

    def test_release_stamps_every_pdf_page_and_keeps_its_sha256(self):
        annex = b"sample;result\nS1;12\n"
        report = self._release(
            self._report(
                [
                    ("report.pdf", self.genuine_source, "application/pdf"),
                    ("annex.csv", annex, "text/csv"),
                ]
            )
        )
        code = report.lab_verification_code
        self.assertRegex(code, r"^[A-Z2-7]{16}$", "80 random bits, not the record's id")
        self.assertNotIn(str(report.id), code.lstrip("A"))
        pdf = report.attachment_ids.filtered(lambda a: a.name == "report.pdf")
        texts = page_texts(pdf.raw)
        self.assertEqual(len(texts), 2)
        for text in texts:
            self.assertIn(code, text, "the code is on every page")
            self.assertIn(f"/lab/verify/{code}", text)
        self.assertIn("Results page 2", texts[1], "the page itself is kept")
        by_name = {f.name: f for f in report.lab_file_ids}
        self.assertEqual(by_name["report.pdf"].sha256, hashlib.sha256(pdf.raw).hexdigest())
        self.assertTrue(by_name["report.pdf"].is_stamped)
        self.assertEqual(by_name["annex.csv"].sha256, hashlib.sha256(annex).hexdigest())
        self.assertFalse(by_name["annex.csv"].is_stamped)
        other = self._release(self._report())
        self.assertNotEqual(other.lab_verification_code, code)

    def test_public_page_shows_the_report_and_not_the_customer(self):
        report = self._release(self._report())
        response = self._page(report)
        self.assertEqual(response.status_code, 200)
        text = response.text
        for shown in (
            "Valid",
            report.name,
            report.company_id.name,
            self.technical_manager.name,
            report.lab_file_ids.sha256,
            self.test_dust.name,
            "Accredited",
        ):
            self.assertIn(shown, text)
        for hidden in (self.customer_a.name, report.access_token, f"/my/lab/reports/{report.id}"):
            self.assertNotIn(hidden, text)
        self.env.company.lab_verify_show_customer = True
        self.assertIn(self.customer_a.name, self._page(report).text)

    def test_superseded_and_withdrawn_versions_say_so(self):
        v1 = self._release(self._report())
        v2 = v1.with_user(self.quality_manager)._lab_revise("Wrong unit").with_env(self.env)
        v2.attachment_ids = self.env["ir.attachment"].create(
            {"name": "v2.pdf", "raw": make_pdf("Corrected"), "mimetype": "application/pdf"}
        )
        self._release(v2)
        self.assertNotEqual(v1.lab_verification_code, v2.lab_verification_code)
        text = self._page(v1).text
        self.assertIn("Superseded", text)
        self.assertIn("replaced by version 2", text)
        v2.with_user(self.quality_manager)._lab_revise("Sample mix-up", withdraw=True)
        self.assertTrue(v2.lab_date_withdrawn)
        text = self._page(v2).text
        self.assertIn("WITHDRAWN", text)
        self.assertIn(self.env.company._lab_format_datetime(v2.lab_date_withdrawn), text)

    def test_uploaded_copy_is_compared_and_not_stored(self):
        report = self._release(self._report())
        count = self.env["ir.attachment"].sudo().search_count([])
        genuine = self._compare(report, report.attachment_ids.raw)
        self.assertEqual(genuine.status_code, 200)
        self.assertIn("Identical:", genuine.text)
        forged = self._compare(report, self.genuine_source)  # the unstamped source
        self.assertIn("Not identical:", forged.text)
        self.assertIn(hashlib.sha256(self.genuine_source).hexdigest(), forged.text)
        self.assertEqual(self.env["ir.attachment"].sudo().search_count([]), count, "not stored")
        report.with_user(self.quality_manager)._lab_revise("Wrong sample", withdraw=True)
        withdrawn = self._compare(report, report.attachment_ids.raw)
        self.assertIn("Identical:", withdrawn.text)
        self.assertIn("WITHDRAWN", withdrawn.text)

    def test_unknown_or_unreleased_code_is_not_found(self):
        report = self._release(self._report())
        draft = self._report()
        for code in ("AAAAAAAAAAAAAAAA", str(report.id), str(draft.id), "x"):
            response = self._page(code)
            self.assertEqual(response.status_code, 404)
            self.assertIn("No released test report has this verification code", response.text)
            self.assertNotIn(report.name, response.text)
        # the code is read however it is typed
        spaced = "-".join(re.findall("....", report.lab_verification_code.lower()))
        self.assertEqual(self._page(spaced).status_code, 200)

    def test_requests_are_rate_limited_per_client(self):
        report = self._release(self._report())
        self.env["ir.config_parameter"].sudo().set_param(
            "lab_customer_service.verify_hourly_limit", 2
        )
        self.assertEqual(self._page(report).status_code, 200)
        self.assertEqual(self._page("AAAAAAAAAAAAAAAA").status_code, 404)
        refused = self._page(report)
        self.assertEqual(refused.status_code, 429)
        self.assertNotIn(report.name, refused.text)
        rows = self.env["lab.rate.limit"].sudo().search([])
        self.assertFalse(any("127.0.0.1" in row.key_hash for row in rows), "no address kept")

    def test_nobody_writes_the_code_or_the_hashes(self):
        report = self._release(self._report())
        file = report.lab_file_ids
        code, digest = report.lab_verification_code, file.sha256
        forged = {
            "report_id": report.id,
            "attachment_id": file.attachment_id.id,
            "name": "forged.pdf",
            "sha256": "0" * 64,
        }
        admin = self.env.ref("base.user_admin")
        admin.password = admin.login
        draft = self._report()
        for user in (self.technician, self.quality_manager, admin):
            for model, method, args in (
                ("lab.test.report", "write", [[report.id], {"lab_verification_code": "FORGED"}]),
                ("lab.test.report", "write", [[draft.id], {"lab_verification_code": "FORGED"}]),
                (
                    "lab.test.report",
                    "create",
                    [[{"order_id": self.order.id, "lab_verification_code": "FORGED"}]],
                ),
                ("lab.test.report", "write", [[draft.id], {"lab_file_ids": [(0, 0, forged)]}]),
                ("lab.test.report.file", "write", [[file.id], {"sha256": "0" * 64}]),
                ("lab.test.report.file", "create", [[forged]]),
                ("lab.test.report.file", "unlink", [[file.id]]),
            ):
                with self.subTest(user=user.login, model=model, method=method):
                    with self.assertRaises(RpcRefused):
                        self.rpc(user, model, method, *args)
        self.assertEqual(report.lab_verification_code, code)
        self.assertEqual(report.lab_file_ids.sha256, digest)
        self.assertFalse(draft.lab_verification_code)
        self.assertFalse(draft.lab_file_ids)
        self.assertEqual(len(self.env["lab.test.report.file"].sudo().search([])), 1)

    def test_portal_and_form_show_the_code(self):
        report = self._release(self._report())
        self.authenticate(self.portal_a.login, self.portal_a.login)
        text = self.url_open(f"/my/lab/reports/{report.id}").text
        self.assertIn(report.lab_verification_code, text)
        self.assertIn(report.lab_verification_url, text)

    def test_qr_of_the_downloaded_file_opens_the_page_that_names_its_sha256(self):
        report = self._release(self._report())
        attachment = report.attachment_ids
        self.authenticate(self.portal_a.login, self.portal_a.login)
        download = self.url_open(f"/my/lab/reports/{report.id}/files/{attachment.id}")
        self.assertEqual(download.status_code, 200)
        downloaded = download.content
        (decoded,) = external_tools.decode_qr(self, downloaded)
        self.assertEqual(decoded, report.lab_verification_url, "a phone opens this page")
        self.authenticate(None, None)
        page = self.url_open(urlsplit(decoded).path, allow_redirects=False)
        self.assertEqual(page.status_code, 200)
        self.assertIn(hashlib.sha256(downloaded).hexdigest(), page.text)
        self.assertIn("Valid: this is a genuine test report", page.text)

    def test_each_copy_gets_the_right_answer(self):
        v1 = self._release(self._report())
        genuine = v1.attachment_ids.raw
        self.assertIn("Identical:", self._compare(v1, genuine).text)
        middle = len(genuine) // 2
        altered = genuine[:middle] + bytes([genuine[middle] ^ 0x01]) + genuine[middle + 1 :]
        answer = self._compare(v1, altered).text
        self.assertIn("Not identical:", answer, "one byte changed is not the genuine file")
        self.assertIn(hashlib.sha256(altered).hexdigest(), answer)
        v2 = v1.with_user(self.quality_manager)._lab_revise("Wrong unit").with_env(self.env)
        v2.attachment_ids = self.env["ir.attachment"].create(
            {"name": "v2.pdf", "raw": make_pdf("Corrected"), "mimetype": "application/pdf"}
        )
        self._release(v2)
        superseded = self._compare(v1, genuine).text
        self.assertIn("Identical:", superseded)
        self.assertIn("this version has been superseded and is no longer valid", superseded)
        self.assertIn("Not identical:", self._compare(v2, genuine).text, "v1 is not v2's file")
        v2.with_user(self.quality_manager)._lab_revise("Sample mix-up", withdraw=True)
        withdrawn = self._compare(v2, v2.attachment_ids.raw).text
        self.assertIn("Identical:", withdrawn)
        self.assertIn("this report has been WITHDRAWN and is no longer valid", withdrawn)

    def test_malformed_codes_get_a_clean_not_found(self):
        report = self._release(self._report())
        for code in (
            "A" * 300,
            "%C3%A4%C3%B6%E2%82%AC",
            "%27%20OR%201%3D1--",
            "%00%00",
            "..%2E",
            report.lab_verification_code[:-1],
            report.lab_verification_code + "A",
        ):
            with self.subTest(code=code):
                response = self.url_open(f"/lab/verify/{code}", allow_redirects=False)
                self.assertEqual(response.status_code, 404)
                self.assertIn("No released test report has this verification code", response.text)
                self.assertNotIn("Traceback", response.text)
                self.assertNotIn(report.name, response.text)

    def test_page_queries_do_not_grow_with_reports(self):
        report = self._release(self._report())

        def queries():
            self._page(report)  # warm the caches
            before = self.cr.sql_log_count
            response = self._page(report)
            self.assertEqual(response.status_code, 200)
            return self.cr.sql_log_count - before

        few = queries()
        many_files = [(f"part-{i}.pdf", make_pdf(f"Part {i}"), "application/pdf") for i in range(4)]
        for _index in range(5):
            self._release(self._report(many_files))
        self.assertEqual(queries(), few)
