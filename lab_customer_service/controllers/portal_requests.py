from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request
from odoo.tools import email_normalize, plaintext2html

from .portal import LabPortal

REQUEST_TYPES = ("price", "lead_time", "documents", "technical", "other")
# What the portal lists, besides the record rule: never a request received by email whose
# sender is not verified yet (issue 16).
PORTAL_DOMAIN = [("is_sender_verified", "=", True)]


class LabRequestPortal(LabPortal):
    """Customers submit their requests and follow them in the portal (R-CM-01, R-PT-01).

    Every read goes through the portal user's own access rights: the portal record rule shows
    a customer only their own company's requests.
    """

    def _lab_home_counters(self):
        return super()._lab_home_counters() | {
            "lab_request_count": ("lab.customer.request", PORTAL_DOMAIN, None),
        }

    @http.route(
        ["/my/lab/requests", "/my/lab/requests/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_lab_requests(self, page=1, **kw):
        return self._lab_list_render(
            "lab_customer_service.portal_my_lab_requests",
            "lab_requests",
            "lab_request",
            "lab.customer.request",
            PORTAL_DOMAIN,
            "/my/lab/requests",
            page=page,
            history="my_lab_requests_history",
        )

    @http.route("/my/lab/requests/<int:request_id>", type="http", auth="public", website=True)
    def portal_my_lab_request(self, request_id, access_token=None, **kw):
        request_sudo = self._lab_document(
            "lab.customer.request",
            request_id,
            access_token,
            check=lambda record: record.is_sender_verified,
        )
        return self._lab_detail_render(
            "lab_customer_service.portal_my_lab_request",
            request_sudo,
            access_token,
            "my_lab_requests_history",
            {"page_name": "lab_request", "lab_request": request_sudo},
            **kw,
        )

    @http.route(
        "/my/lab/requests/new", type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_new_lab_request(self, **post):
        template = "lab_customer_service.portal_new_lab_request"
        values = self._prepare_portal_layout_values()
        values.update(self._lab_form_errors(), page_name="lab_request_new", form=post)
        if request.httprequest.method != "POST":
            return request.render(template, values)
        vals, error = self._lab_request_vals(post)
        if error:
            values.update(self._lab_form_errors(error))
            return request.render(template, values)
        try:
            # sudo: the portal has no create right; the values are the whitelisted ones.
            with request.env.cr.savepoint():
                record = request.env["lab.customer.request"].sudo().create(vals)
        except ValidationError as exc:
            return self._lab_render_with_error(template, values, exc)
        return request.redirect(record.sudo(False).get_portal_url())

    def _lab_request_vals(self, post):
        """(the request's values, {field: message}) from the form.

        Portal users cannot create requests themselves (R-PT-01, issue 15): the form is their one
        way in, and these values, cleaned here and naming the user as the contact, are the only
        ones it sets; whatever else is posted is ignored.
        """
        env = request.env
        partner = env.user.partner_id
        subject = (post.get("subject") or "").strip()
        description = (post.get("description") or "").strip()
        request_type = post.get("request_type") or "other"
        phone = (post.get("phone") or "").strip()
        error = {}
        if not subject:
            error["subject"] = env._("Say in a few words what your request is about.")
        if request_type not in REQUEST_TYPES:
            error["request_type"] = env._("Choose a type of request.")
        if not (email_normalize(partner.email or "") or phone or partner.phone):
            error["phone"] = env._("Give a phone number so that we can answer you.")
        return {
            "subject": subject[:200],
            "description": plaintext2html(description) if description else False,
            "request_type": request_type,
            "channel": "portal",
            "partner_id": partner.id,
            "email_from": partner.email,
            "phone": phone[:30] or partner.phone,
            "company_id": (partner.company_id or env.company).id,
        }, error
