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

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "lab_request_count" in counters:
            Request = request.env["lab.customer.request"]
            values["lab_request_count"] = (
                Request.search_count(PORTAL_DOMAIN) if Request.has_access("read") else 0
            )
        return values

    @http.route(
        ["/my/lab/requests", "/my/lab/requests/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_lab_requests(self, page=1, **kw):
        values = self._prepare_portal_layout_values()
        requests_, list_values = self._lab_list(
            "lab.customer.request",
            PORTAL_DOMAIN,
            "/my/lab/requests",
            page=page,
            history="my_lab_requests_history",
        )
        values.update(list_values, lab_requests=requests_, page_name="lab_request")
        return request.render("lab_customer_service.portal_my_lab_requests", values)

    @http.route("/my/lab/requests/<int:request_id>", type="http", auth="public", website=True)
    def portal_my_lab_request(self, request_id, access_token=None, **kw):
        request_sudo = self._lab_document(
            "lab.customer.request",
            request_id,
            access_token,
            check=lambda record: record.is_sender_verified,
        )
        values = self._get_page_view_values(
            request_sudo,
            access_token,
            {"page_name": "lab_request"},
            "my_lab_requests_history",
            False,
            **kw,
        )
        values["lab_request"] = request_sudo
        return request.render("lab_customer_service.portal_my_lab_request", values)

    @http.route(
        "/my/lab/requests/new", type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_new_lab_request(self, **post):
        values = self._prepare_portal_layout_values()
        values.update(self._lab_form_errors(), page_name="lab_request_new", form=post)
        if request.httprequest.method == "POST":
            record, errors = self._lab_request_create(post)
            if record:
                return request.redirect(record.get_portal_url())
            values.update(errors)
        return request.render("lab_customer_service.portal_new_lab_request", values)

    def _lab_request_create(self, post):
        """Create the request from the form. Returns (record, ``_lab_form_errors`` values).

        Portal users cannot create requests themselves (R-PT-01, issue 15): the form is their one
        way in, and these values, cleaned above and naming the user as the contact, are the only
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
        if error:
            return None, self._lab_form_errors(error)
        try:
            # sudo: the portal has no create right; the values are the whitelisted ones above.
            with env.cr.savepoint():
                record = (
                    env["lab.customer.request"]
                    .sudo()
                    .create(
                        {
                            "subject": subject[:200],
                            "description": plaintext2html(description) if description else False,
                            "request_type": request_type,
                            "channel": "portal",
                            "partner_id": partner.id,
                            "email_from": partner.email,
                            "phone": phone[:30] or partner.phone,
                            "company_id": (partner.company_id or env.company).id,
                        }
                    )
                )
        except ValidationError as exc:
            return None, self._lab_form_errors(error_message=str(exc))
        return record.sudo(False), self._lab_form_errors()
