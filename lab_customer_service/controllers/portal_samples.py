from odoo import http
from odoo.fields import Domain
from odoo.http import request

from ..models.lab_test_report import PUBLISHED_STATES
from .portal import LabPortal


class LabSamplePortal(LabPortal):
    """My samples and My reports (R-PT-01, R-RP-02).

    Lists run as the portal user, so the record rules decide what a customer sees: their own
    company's samples and the released versions of its reports. Detail pages accept an access
    token; an unreleased report is never served, whatever the token.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "lab_sample_count" in counters:
            Sample = request.env["lab.sample"]
            values["lab_sample_count"] = (
                Sample.search_count([], limit=1) if Sample.has_access("read") else 0
            )
        if "lab_report_count" in counters:
            Report = request.env["lab.test.report"]
            values["lab_report_count"] = (
                Report.search_count(self._lab_report_domain(), limit=1)
                if Report.has_access("read")
                else 0
            )
        return values

    def _lab_report_domain(self):
        return Domain("state", "in", PUBLISHED_STATES)

    def _lab_sample_sortings(self):
        _ = request.env._
        return {
            "date": {"label": _("Newest"), "order": "date_received desc, id desc"},
            "name": {"label": _("Code"), "order": "name"},
            "expected": {"label": _("Expected Report Date"), "order": "date_expected, id"},
            "state": {"label": _("Status"), "order": "state, id desc"},
        }

    def _lab_report_sortings(self):
        _ = request.env._
        return {
            "date": {"label": _("Newest"), "order": "date_released desc, id desc"},
            "name": {"label": _("Report Number"), "order": "name, version desc"},
            "deadline": {
                "label": _("Objection Deadline"),
                "order": "objection_deadline desc, id desc",
            },
        }

    @http.route(
        ["/my/lab/samples", "/my/lab/samples/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_lab_samples(self, page=1, sortby=None, search=None, **kw):
        values = self._prepare_portal_layout_values()
        samples, list_values = self._lab_list(
            "lab.sample",
            Domain.TRUE,
            "/my/lab/samples",
            page=page,
            sortby=sortby,
            sortings=self._lab_sample_sortings(),
            search=search,
            search_fields=["name", "description"],
            history="my_lab_samples_history",
        )
        values.update(list_values, samples=samples, page_name="lab_samples")
        return request.render("lab_customer_service.portal_my_lab_samples", values)

    @http.route(["/my/lab/samples/<int:sample_id>"], type="http", auth="public", website=True)
    def portal_my_lab_sample(self, sample_id, access_token=None, **kw):
        sample_sudo = self._lab_document("lab.sample", sample_id, access_token)
        values = self._get_page_view_values(
            sample_sudo,
            access_token,
            {"page_name": "lab_sample", "sample": sample_sudo},
            "my_lab_samples_history",
            False,
        )
        values["reports"] = sample_sudo.report_ids.filtered(lambda r: r.state in PUBLISHED_STATES)
        return request.render("lab_customer_service.portal_my_lab_sample", values)

    @http.route(
        ["/my/lab/reports", "/my/lab/reports/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_lab_reports(self, page=1, sortby=None, search=None, **kw):
        values = self._prepare_portal_layout_values()
        reports, list_values = self._lab_list(
            "lab.test.report",
            self._lab_report_domain(),
            "/my/lab/reports",
            page=page,
            sortby=sortby,
            sortings=self._lab_report_sortings(),
            search=search,
            search_fields=["name"],
            history="my_lab_reports_history",
        )
        values.update(list_values, reports=reports, page_name="lab_reports")
        return request.render("lab_customer_service.portal_my_lab_reports", values)

    def _lab_check_report(self, report_id, access_token):
        # A token is no key to a report that was never released (R-RP-01).
        return self._lab_document(
            "lab.test.report",
            report_id,
            access_token,
            check=lambda report: report.state in PUBLISHED_STATES,
        )

    @http.route(["/my/lab/reports/<int:report_id>"], type="http", auth="public", website=True)
    def portal_my_lab_report(self, report_id, access_token=None, **kw):
        report_sudo = self._lab_check_report(report_id, access_token)
        values = self._get_page_view_values(
            report_sudo,
            access_token,
            {"page_name": "lab_report", "report": report_sudo},
            "my_lab_reports_history",
            False,
        )
        values["versions"] = report_sudo.version_ids.filtered(lambda r: r.state in PUBLISHED_STATES)
        # Issue 19: who was mailed, for the customer's own people, not for a link's holder.
        own = request.env.user.partner_id.commercial_partner_id == report_sudo.partner_id
        values["deliveries"] = report_sudo._lab_deliveries() if own else []
        return request.render("lab_customer_service.portal_my_lab_report", values)

    @http.route(
        ["/my/lab/reports/<int:report_id>/files/<int:attachment_id>"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_my_lab_report_file(self, report_id, attachment_id, access_token=None, **kw):
        report_sudo = self._lab_check_report(report_id, access_token)
        attachment_sudo = report_sudo.attachment_ids.filtered(lambda a: a.id == attachment_id)
        if not attachment_sudo:
            raise request.not_found()
        return (
            request.env["ir.binary"]
            ._get_stream_from(attachment_sudo)
            .get_response(as_attachment=True)
        )
