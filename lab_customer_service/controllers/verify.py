from odoo import http
from odoo.http import request

from ..models.lab_test_report_verification import normalize_code, sha256_hex

# A report PDF is a few MB at most; anything larger is refused unread.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DEFAULT_HOURLY_LIMIT = 60
LIMIT_PARAM = "lab_customer_service.verify_hourly_limit"


class LabReportVerification(http.Controller):
    """The public page of a report's verification code (ISO/IEC 17025 §7.8.2, issue 20).

    Anyone holding a report checks here that it is genuine and still valid: the page names
    the laboratory, the report, its version and status, its release and signatory, the
    accreditation status of its tests and the SHA-256 of each genuine file, and compares an
    uploaded copy with them byte for byte (the upload is never stored). Nothing else about the
    customer or the results, no record id, no access token; every request counts against the
    client's hourly limit, found or not, so codes cannot be tried in bulk.
    """

    def _lab_allowed(self):
        RateLimit = request.env["lab.rate.limit"].sudo()
        limit = RateLimit._lab_hourly_limit(LIMIT_PARAM, DEFAULT_HOURLY_LIMIT)
        key = RateLimit._lab_client_key(request.httprequest.environ)
        return RateLimit._lab_allow("verify", key, limit)

    def _lab_limited(self, page, *args):
        """``page(*args)`` while the client is within its hourly limit, else the 429 page: every
        request counts, found or not."""
        if not self._lab_allowed():
            return self._lab_page({"too_many": True}, status=429)
        return page(*args)

    def _lab_page(self, values, status=200):
        return request.render("lab_customer_service.lab_verify_page", values, status=status)

    def _lab_render(self, code, upload=None, status=200):
        report = request.env["lab.test.report"]._lab_find_by_code(code)
        if not report:
            return self._lab_page({"not_found": True, "code": normalize_code(code)}, status=404)
        values = self._lab_report_values(report)
        values["upload"] = upload
        return self._lab_page(values, status=status)

    def _lab_report_values(self, report):
        """What the page shows of ``report`` (read as the system: the public holds no rights)."""
        company = report.company_id
        newer = report._lab_superseding_version() if report.state == "superseded" else None
        return {
            "code": report.lab_verification_code,
            "company_name": company.name,
            "report_number": report.name,
            "version": report.version,
            "state": report.state,
            "newer_version": newer.version if newer else False,
            "date_withdrawn": company._lab_format_datetime(report.lab_date_withdrawn),
            "date_released": company._lab_format_datetime(report.date_released),
            "signatory": report.authorised_by_id.name,
            "customer_name": (
                report.partner_id.name if company.lab_verify_show_customer else False
            ),
            "tests": report._lab_accreditation_lines(),
            "files": [(f.name, f.sha256, f.is_signed) for f in report.lab_file_ids],
            "max_upload_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
        }

    @http.route(
        "/lab/verify/<string:code>", type="http", auth="public", methods=["GET"], sitemap=False
    )
    def lab_verify(self, code, **kwargs):
        return self._lab_limited(self._lab_render, code)

    @http.route(
        "/lab/verify/<string:code>/compare",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
    )
    def lab_verify_compare(self, code, **post):
        return self._lab_limited(self._lab_compare, code, post.get("file"))

    def _lab_compare(self, code, upload):
        """The page of ``code`` with the uploaded copy compared, byte for byte, with its
        genuine files (the upload is never stored)."""
        if not upload or not hasattr(upload, "stream"):
            return self._lab_render(code, {"error": "missing"}, status=400)
        data = upload.stream.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            return self._lab_render(code, {"error": "too_large"}, status=413)
        report = request.env["lab.test.report"]._lab_find_by_code(code)
        digest = sha256_hex(data)
        match = report.lab_file_ids.filtered(lambda f: f.sha256 == digest)[:1]
        return self._lab_render(
            code,
            {"identical": bool(match), "file_name": match.name, "sha256": digest},
        )
