from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.http import request

from ..models.lab_submission_file import column_labels, read_rows, template_csv
from .portal import LabPortal, form_id

DEFAULT_MAX_UPLOAD_MB = 5
ROW_TEXT_FIELDS = ("customer_ref", "sampling_point", "matrix", "container", "preservation")


class LabSubmissionPortal(LabPortal):
    """Sample submission in the portal (R-PT-01, R-SR-01/05, issue 19): from a confirmed order,
    rows typed in the page or a CSV/XLSX file; every row is checked before anything is saved."""

    def _lab_home_counters(self):
        return super()._lab_home_counters() | {
            "lab_submission_count": ("lab.sample.submission", [], 1),
        }

    def _lab_submission_order(self, order_id, access_token=None):
        """The order samples are submitted on: the reader's own, confirmed, with lab tests."""
        order_sudo = self._lab_document("sale.order", order_id, access_token)
        if order_sudo.state != "sale" or not order_sudo.is_lab_order:
            raise NotFound()
        return order_sudo

    def _lab_submission_max_bytes(self):
        param = (
            request.env["ir.config_parameter"]
            .sudo()
            .get_param("lab_customer_service.submission_max_upload_mb")
        )
        try:
            megabytes = float(param) if param else DEFAULT_MAX_UPLOAD_MB
        except ValueError:
            megabytes = DEFAULT_MAX_UPLOAD_MB
        return int(megabytes * 1024 * 1024)

    def _lab_page_rows(self, form):
        """The rows typed in the page: [(row number, {column: value})], empty rows left out."""
        count = min(form_id(form.get("row_count")) or 1, 200)
        rows = []
        for index in range(1, count + 1):
            row = {key: form.get(f"{key}_{index}", "") for key in ROW_TEXT_FIELDS}
            row["remarks"] = form.get(f"remarks_{index}", "")
            row["date_sampled"] = form.get(f"date_sampled_{index}", "")
            row["tests"] = request.httprequest.form.getlist(f"tests_{index}")
            rows.append((index, row))
        return rows

    def _lab_render_submit(self, order_sudo, rows, row_errors=None, error=None):
        """The submission page: on ``order_sudo``, or a new request from the catalogue when
        it is empty; ``error`` is what the model refused (see ``_lab_render_with_error``)."""
        values = self._prepare_portal_layout_values()
        if order_sudo:
            tests = order_sudo.order_line.product_id.filtered("is_lab_test")
            action_url = f"/my/orders/{order_sudo.id}/lab/submit"
        else:
            tests = request.env["lab.sample.submission"]._lab_catalogue(request.env.user.company_id)
            action_url = "/my/lab/submissions/new"
        values.update(
            order=order_sudo,
            action_url=action_url,
            tests=tests,
            rows=rows,
            row_errors=row_errors or {},
            labels=column_labels(request.env),
            max_upload_mb=round(self._lab_submission_max_bytes() / 1024 / 1024, 1),
            page_name="lab_submission_new",
        )
        return self._lab_render_with_error(
            "lab_customer_service.portal_lab_submission_new", values, error
        )

    @http.route(
        ["/my/orders/<int:order_id>/lab/submit"],
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_lab_submission_new(self, order_id, **post):
        return self._lab_submission_page(self._lab_submission_order(order_id), post)

    @http.route(
        ["/my/lab/submissions/new"], type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_lab_submission_request(self, **post):
        """A new request: samples with tests from the catalogue become a quotation."""
        if not request.env.user._is_portal():
            raise NotFound()
        return self._lab_submission_page(request.env["sale.order"].sudo(), post)

    def _lab_submission_page(self, order_sudo, post):
        """The rows form and the file upload, on an order or as a new request (empty order)."""
        first_row = [(1, {"tests": []})]
        if request.httprequest.method == "GET":
            return self._lab_render_submit(order_sudo, first_row)
        action = post.get("action")
        if action == "upload":
            page_rows = first_row
            try:
                rows = self._lab_uploaded_rows()
            except UserError as error:
                return self._lab_render_submit(order_sudo, page_rows, error=error)
        else:
            page_rows = self._lab_page_rows(post)
            if action == "add_row":
                new_row = (len(page_rows) + 1, {"tests": []})
                return self._lab_render_submit(order_sudo, [*page_rows, new_row])
            rows = [(number, row) for number, row in page_rows if self._lab_row_filled(row)]
        return self._lab_submission_save(order_sudo, rows, page_rows)

    def _lab_uploaded_rows(self):
        """The rows of the uploaded file; ``UserError`` when it cannot be read."""
        upload = request.httprequest.files.get("file")
        max_bytes = self._lab_submission_max_bytes()
        data = upload.stream.read(max_bytes + 1) if upload else b""
        return read_rows(request.env, data, upload and upload.filename, max_bytes)

    def _lab_row_filled(self, row):
        """Whether the customer typed anything in a row of the page."""
        keys = (*ROW_TEXT_FIELDS, "date_sampled", "remarks")
        return any(row.get(key) for key in keys) or bool(row.get("tests"))

    def _lab_submission_save(self, order_sudo, rows, page_rows):
        """Submit ``rows`` as the portal user: the new submission's page, or the form again
        (``page_rows``) with what the model refused."""
        order = order_sudo.with_env(request.env)
        now = fields.Datetime.now()
        Submission = request.env["lab.sample.submission"].with_context(mail_create_nolog=True)
        try:
            if order:
                submission, errors = Submission._lab_submit_rows(order, rows, now)
            else:
                submission, errors = Submission._lab_submit_request(rows, now)
        except (UserError, ValidationError, AccessError) as error:
            return self._lab_render_submit(order_sudo, page_rows, error=error)
        if errors:
            return self._lab_render_submit(order_sudo, page_rows, row_errors=errors)
        message = "submitted" if order else "requested"
        return request.redirect(f"{submission.access_url}?message={message}")

    @http.route(["/my/lab/submissions/template.csv"], type="http", auth="user", readonly=True)
    def portal_lab_submission_template(self, **kw):
        return request.make_response(
            template_csv(request.env),
            headers=[
                ("Content-Type", "text/csv; charset=utf-8"),
                ("Content-Disposition", 'attachment; filename="sample_submission.csv"'),
            ],
        )

    @http.route(
        ["/my/lab/submissions", "/my/lab/submissions/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_lab_submissions(self, page=1, **kw):
        SaleOrder = request.env["sale.order"]
        orders = (
            SaleOrder.search(
                [("state", "=", "sale"), ("is_lab_order", "=", True)], limit=50, order="id desc"
            )
            if SaleOrder.has_access("read")
            else SaleOrder
        )
        return self._lab_list_render(
            "lab_customer_service.portal_my_lab_submissions",
            "submissions",
            "lab_submissions",
            "lab.sample.submission",
            Domain.TRUE,
            "/my/lab/submissions",
            page=page,
            history="my_lab_submissions_history",
            values={"orders": orders, "can_request": request.env.user._is_portal()},
        )

    @http.route(
        ["/my/lab/submissions/<int:submission_id>"], type="http", auth="public", website=True
    )
    def portal_my_lab_submission(self, submission_id, access_token=None, message=None, **kw):
        submission_sudo = self._lab_document("lab.sample.submission", submission_id, access_token)
        return self._lab_detail_render(
            "lab_customer_service.portal_my_lab_submission",
            submission_sudo,
            access_token,
            "my_lab_submissions_history",
            {
                "page_name": "lab_submission",
                "submission": submission_sudo,
                "message": message,
                "events": submission_sudo.custody_event_ids
                | submission_sudo.sample_ids.custody_event_ids,
            },
        )

    @http.route(
        ["/my/lab/submissions/<int:submission_id>/submit"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_lab_submission_send(self, submission_id, **kw):
        """Send a request's samples once its quotation is confirmed."""
        submission_sudo = self._lab_document("lab.sample.submission", submission_id)
        try:
            submission_sudo.with_env(request.env).action_submit()
        except (UserError, AccessError):
            return request.redirect(submission_sudo.get_portal_url(query_string="&message=waiting"))
        return request.redirect(submission_sudo.get_portal_url(query_string="&message=submitted"))

    @http.route(
        ["/my/lab/submissions/<int:submission_id>/sign"], type="jsonrpc", auth="user", website=True
    )
    def portal_lab_submission_sign(self, submission_id, name=None, signature=None, **kw):
        try:
            submission_sudo = self._lab_document("lab.sample.submission", submission_id)
            submission_sudo.with_env(request.env).action_sign(name, signature)
        except NotFound:
            return {"error": request.env._("This submission cannot be found.")}
        except (UserError, AccessError) as error:
            return {"error": error.args[0]}
        return {"force_refresh": True, "redirect_url": submission_sudo.get_portal_url()}

    @http.route(
        ["/my/lab/submissions/<int:submission_id>/print/<string:kind>"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_lab_submission_print(self, submission_id, kind, access_token=None, **kw):
        submission_sudo = self._lab_document("lab.sample.submission", submission_id, access_token)
        reports = {
            "custody": "lab_customer_service.action_report_submission_custody",
            "labels": "lab_customer_service.action_report_submission_prelabel",
        }
        if kind not in reports:
            raise NotFound()
        return self._show_report(
            model=submission_sudo, report_type="pdf", report_ref=reports[kind], download=False
        )
