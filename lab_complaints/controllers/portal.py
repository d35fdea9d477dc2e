from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from .main import PORTAL_DOMAIN, LabComplaintMain, _text

PORTAL_FORM_TEMPLATE = "lab_complaints.portal_complaint_form"


class LabComplaintPortal(LabComplaintMain):
    """Complaints and appeals in the customer portal (R-CM-01, R-RP-04)."""

    # ------------------------------------------------------------------ customer portal

    def _lab_home_counters(self):
        return super()._lab_home_counters() | {
            "lab_complaint_count": ("lab.complaint", PORTAL_DOMAIN, None),
        }

    @http.route(
        ["/my/lab/complaints", "/my/lab/complaints/page/<int:page>"],
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def lab_portal_complaints(self, page=1, **kwargs):
        reports = request.env["lab.test.report"].search([("state", "=", "released")], limit=20)
        return self._lab_list_render(
            "lab_complaints.portal_my_complaints",
            "complaints",
            "lab_complaint",
            "lab.complaint",
            PORTAL_DOMAIN,
            "/my/lab/complaints",
            page=page,
            values={"reports": reports},
        )

    def _lab_portal_form_values(self, form=None):
        values = self._prepare_portal_layout_values()
        values.update(
            form=form or {},
            **self._lab_form_errors(),
            orders=request.env["sale.order"].search(
                [("is_lab_order", "=", True), ("state", "=", "sale")], limit=50
            ),
            reports=request.env["lab.test.report"].search([("state", "=", "released")], limit=50),
            page_name="lab_complaint",
        )
        return values

    @http.route("/my/lab/complaints/new", type="http", auth="user", methods=["GET"], website=True)
    def lab_portal_complaint_form(self, report_id=None, **kwargs):
        form = {}
        if report_id and report_id.isdigit():
            form = {"report_id": report_id, "complaint_type": "appeal"}
        return request.render(PORTAL_FORM_TEMPLATE, self._lab_portal_form_values(form))

    def _lab_portal_record(self, model, value, errors):
        """A record the portal user may read, picked on the form, or nothing."""
        value = _text(value)
        if not value:
            return request.env[model]
        try:
            return self._document_check_access(model, int(value))
        except (AccessError, MissingError, ValueError):
            errors.append(
                request.env._(
                    "That document is not one of yours, or the report is not released yet: only "
                    "a released report can be appealed."
                )
            )
            return request.env[model]

    @http.route(
        "/my/lab/complaints/submit", type="http", auth="user", methods=["POST"], website=True
    )
    def lab_portal_complaint_submit(self, **post):
        values, errors = self._lab_parse_complaint(post, ("complaint", "appeal", "suggestion"))
        report = self._lab_portal_record("lab.test.report", post.get("report_id"), errors)
        order = self._lab_portal_record("sale.order", post.get("order_id"), errors)
        if values["complaint_type"] == "appeal" and not report:
            errors.append(request.env._("Choose the test report you appeal against."))
        files = self._lab_parse_files(errors)
        if errors:
            form_values = self._lab_portal_form_values(self._lab_form_values(post))
            return self._lab_render_with_error(PORTAL_FORM_TEMPLATE, form_values, errors, 400)
        partner = request.env.user.partner_id
        values.update(
            channel="portal",
            partner_id=partner.id,
            report_id=report.id,
            order_id=(order or report.order_id).id,
            company_id=(report or order).company_id.id or request.env.company.id,
        )
        try:
            # Checked above: the report and order are the user's own, the values whitelisted.
            with request.env.cr.savepoint():
                complaint = (
                    request.env["lab.complaint"]
                    .sudo()
                    .with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
                    .create(values)
                )
        except (UserError, ValidationError) as error:
            form_values = self._lab_portal_form_values(self._lab_form_values(post))
            return self._lab_render_with_error(PORTAL_FORM_TEMPLATE, form_values, error, 400)
        complaint.message_subscribe(partner_ids=partner.ids)
        complaint._lab_log_receipt(files)
        return request.redirect(complaint.get_portal_url())


class LabComplaintCustomerAdminPortal(LabComplaintPortal):
    """A customer's administrator chooses who sees complaints (issue 19)."""

    def _lab_admin_extra_labels(self):
        return super()._lab_admin_extra_labels() | {"complaints": request.env._("Complaints")}
