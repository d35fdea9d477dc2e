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

    def _lab_home_counters(self):
        return super()._lab_home_counters() | {
            "lab_sample_count": ("lab.sample", [], 1),
            "lab_report_count": ("lab.test.report", self._lab_report_domain(), 1),
        }

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
        return self._lab_list_render(
            "lab_customer_service.portal_my_lab_samples",
            "samples",
            "lab_samples",
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

    @http.route(["/my/lab/samples/<int:sample_id>"], type="http", auth="public", website=True)
    def portal_my_lab_sample(self, sample_id, access_token=None, **kw):
        sample_sudo = self._lab_document("lab.sample", sample_id, access_token)
        reports = sample_sudo.report_ids.filtered(lambda r: r.state in PUBLISHED_STATES)
        return self._lab_detail_render(
            "lab_customer_service.portal_my_lab_sample",
            sample_sudo,
            access_token,
            "my_lab_samples_history",
            {"page_name": "lab_sample", "sample": sample_sudo, "reports": reports},
        )

    @http.route(
        ["/my/lab/reports", "/my/lab/reports/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_lab_reports(self, page=1, sortby=None, search=None, **kw):
        return self._lab_list_render(
            "lab_customer_service.portal_my_lab_reports",
            "reports",
            "lab_reports",
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
        # Issue 19: who was mailed, for the customer's own people, not for a link's holder.
        own = request.env.user.partner_id.commercial_partner_id == report_sudo.partner_id
        return self._lab_detail_render(
            "lab_customer_service.portal_my_lab_report",
            report_sudo,
            access_token,
            "my_lab_reports_history",
            {
                "page_name": "lab_report",
                "report": report_sudo,
                "versions": report_sudo.version_ids.filtered(lambda r: r.state in PUBLISHED_STATES),
                "deliveries": report_sudo._lab_deliveries() if own else [],
            },
        )

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
