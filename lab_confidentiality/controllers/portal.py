import binascii
from datetime import datetime

import pytz
from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.lab_customer_service.controllers.portal import LabPortal

PORTAL_PURPOSES = ("witness", "audit", "training")
VISIT_FORM_TEMPLATE = "lab_confidentiality.portal_lab_visit_new"


class LabConfidentialityPortal(LabPortal):
    """Visits and confidentiality agreements in the customer portal (R-CF-03, R-CF-01)."""

    def _lab_permit_domain(self):
        partner = request.env.user.partner_id
        return [("partner_id", "child_of", [partner.commercial_partner_id.id])]

    def _lab_nda_domain(self):
        partner = request.env.user.partner_id
        return [
            ("partner_id", "child_of", [partner.commercial_partner_id.id]),
            ("state", "in", ("sent", "signed", "expired")),
        ]

    def _lab_home_counters(self):
        to_sign = self._lab_nda_domain() + [("state", "=", "sent")]
        return super()._lab_home_counters() | {
            "lab_visit_count": ("lab.visit.permit", self._lab_permit_domain(), None),
            "lab_nda_count": ("lab.nda", self._lab_nda_domain(), None),
            "lab_nda_to_sign_count": ("lab.nda", to_sign, None),
        }

    # Visits ---------------------------------------------------------------------------------

    @http.route(
        ["/my/lab/visits", "/my/lab/visits/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_lab_visits(self, page=1, **kw):
        return self._lab_list_render(
            "lab_confidentiality.portal_my_lab_visits",
            "permits",
            "lab_visit",
            "lab.visit.permit",
            self._lab_permit_domain(),
            "/my/lab/visits",
            page=page,
            history="my_lab_visits_history",
        )

    def _lab_visit_form_values(self, posted=None):
        partner = request.env.user.partner_id
        company = partner.commercial_partner_id
        # Narrow reads for the form: the lab's areas by name, and the customer's own contacts.
        areas = (
            request.env["lab.area"]
            .sudo()
            .search([("company_id", "in", [request.env.company.id, False])])
        )
        contacts = (
            request.env["res.partner"]
            .sudo()
            .search([("id", "child_of", company.ids), ("is_company", "=", False)])
        )
        Permit = request.env["lab.visit.permit"]
        purposes = [
            (key, label)
            for key, label in Permit._fields["purpose"]._description_selection(request.env)
            if key in PORTAL_PURPOSES
        ]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "areas": areas,
                "contacts": contacts | partner,
                "purposes": purposes,
                **self._lab_form_errors(),
                "posted": posted or {},
                "page_name": "lab_visit_new",
            }
        )
        return values

    @http.route("/my/lab/visits/new", type="http", auth="user", website=True, methods=["GET"])
    def portal_lab_visit_new(self, **kw):
        if not request.env["lab.visit.permit"].has_access("read"):
            return request.redirect("/my")
        return request.render(VISIT_FORM_TEMPLATE, self._lab_visit_form_values())

    def _lab_parse_datetime(self, value):
        """A datetime-local value typed in the user's time zone, as naive UTC."""
        try:
            local = datetime.strptime(value or "", "%Y-%m-%dT%H:%M")
        except ValueError as error:
            raise UserError(request.env._("Give the start and end of the visit.")) from error
        tz = pytz.timezone(request.env.user.tz or "UTC")
        return tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)

    def _lab_visit_vals(self, form):
        env = request.env
        partner = env.user.partner_id
        customer = partner.commercial_partner_id
        values = self._lab_visit_form_values()
        purpose = form.get("purpose")
        if purpose not in PORTAL_PURPOSES:
            raise UserError(env._("Choose the purpose of the visit."))
        date_start = self._lab_parse_datetime(form.get("date_start"))
        date_end = self._lab_parse_datetime(form.get("date_end"))
        env["lab.visit.permit"]._lab_check_visit_window(date_start, date_end, fields.Datetime.now())
        area_ids = {int(a) for a in request.httprequest.form.getlist("area_ids") if a.isdigit()}
        areas = values["areas"].filtered(lambda a: a.id in area_ids)
        if not areas or len(areas) != len(area_ids):
            raise UserError(env._("Choose the areas you want to enter."))
        posted_ids = request.httprequest.form.getlist("visitor_ids")
        visitor_ids = {int(v) for v in posted_ids if v.isdigit()}
        visitors = values["contacts"].filtered(lambda c: c.id in visitor_ids)
        if len(visitors) != len(visitor_ids):
            raise UserError(env._("Visitors must be people of your company."))
        new_name = (form.get("new_visitor_name") or "").strip()
        new_email = (form.get("new_visitor_email") or "").strip()
        if not visitors and not new_name:
            raise UserError(env._("Name at least one visitor."))
        return {
            "partner_id": customer.id,
            "requested_by_id": partner.id,
            "purpose": purpose,
            "date_start": date_start,
            "date_end": date_end,
            "area_ids": [fields.Command.set(areas.ids)],
            "visitor_ids": [fields.Command.set(visitors.ids)],
            "description": (form.get("description") or "").strip(),
            "company_id": env.company.id,
        }, (new_name, new_email)

    @http.route("/my/lab/visits/new", type="http", auth="user", website=True, methods=["POST"])
    def portal_lab_visit_create(self, **form):
        env = request.env
        if not env["lab.visit.permit"].has_access("read"):
            return request.redirect("/my")
        try:
            vals, (new_name, new_email) = self._lab_visit_vals(form)
        except UserError as error:
            values = self._lab_visit_form_values(posted=form)
            return self._lab_render_with_error(VISIT_FORM_TEMPLATE, values, error)
        customer = env.user.partner_id.commercial_partner_id
        # The portal user may not create records; the lab records the request for them, with the
        # customer, areas and visitors checked above.
        if new_name:
            extra = (
                env["res.partner"]
                .sudo()
                .create(
                    {
                        "name": new_name,
                        "email": new_email or False,
                        "parent_id": customer.id,
                        "type": "contact",
                    }
                )
            )
            vals["visitor_ids"].append(fields.Command.link(extra.id))
        permit = env["lab.visit.permit"].sudo().create(vals)
        permit.action_request()
        return request.redirect(permit.get_portal_url())

    @http.route("/my/lab/visits/<int:permit_id>", type="http", auth="public", website=True)
    def portal_lab_visit_page(
        self, permit_id, access_token=None, report_type=None, download=False, **kw
    ):
        permit_sudo = self._lab_document("lab.visit.permit", permit_id, access_token)
        if report_type in ("html", "pdf", "text"):
            if permit_sudo.state != "approved":
                return request.redirect(permit_sudo.get_portal_url())
            return self._show_report(
                model=permit_sudo,
                report_type=report_type,
                report_ref="lab_confidentiality.action_report_lab_visit_permit",
                download=download,
            )
        return self._lab_detail_render(
            "lab_confidentiality.portal_lab_visit_page",
            permit_sudo,
            access_token,
            "my_lab_visits_history",
            {"permit": permit_sudo, "page_name": "lab_visit"},
        )

    # Confidentiality agreements -------------------------------------------------------------

    def _lab_nda_access(self, nda_id, sign_token):
        """The one door to an agreement (R-CF-01): the reader's login, as the portal rules
        allow, or the signatory's personal link. The record's portal token opens nothing.
        Returns the agreement as superuser and the link presented (or an empty recordset)."""
        nda = request.env["lab.nda"].browse(nda_id)
        nda_sudo = nda.sudo().exists()
        if not nda_sudo:
            raise MissingError(request.env._("This document does not exist."))
        link = request.env["lab.nda.signing.link"]._lab_find(nda_sudo, sign_token)
        if link and link._lab_is_viewable(fields.Datetime.now()):
            return nda_sudo, link
        if request.env.user._is_public() or not nda.has_access("read"):
            raise AccessError(request.env._("You cannot open this agreement."))
        return nda_sudo, link.browse()

    def _lab_can_sign(self, nda_sudo, link):
        """Only the signatory signs: logged in as themselves, or logged out with their link."""
        user = request.env.user
        if user._is_public():
            return bool(link) and link._lab_is_signable(fields.Datetime.now())
        return user.partner_id == nda_sudo.partner_id

    @http.route(
        ["/my/lab/ndas", "/my/lab/ndas/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_lab_ndas(self, page=1, **kw):
        return self._lab_list_render(
            "lab_confidentiality.portal_my_lab_ndas",
            "ndas",
            "lab_nda",
            "lab.nda",
            self._lab_nda_domain(),
            "/my/lab/ndas",
            page=page,
            history="my_lab_ndas_history",
        )

    @http.route("/my/lab/ndas/<int:nda_id>", type="http", auth="public", website=True)
    def portal_lab_nda_page(self, nda_id, sign_token=None, report_type=None, download=False, **kw):
        try:
            nda_sudo, link = self._lab_nda_access(nda_id, sign_token)
        except (AccessError, MissingError):
            if sign_token and request.env.user._is_public():
                return request.render("lab_confidentiality.portal_lab_nda_link_invalid")
            raise NotFound() from None
        if nda_sudo.state not in ("sent", "signed", "expired"):
            raise NotFound()
        token_query = f"&sign_token={sign_token}" if link else ""
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=nda_sudo,
                report_type=report_type,
                report_ref="lab_confidentiality.action_report_lab_nda",
                download=download,
            )
        return self._lab_detail_render(
            "lab_confidentiality.portal_lab_nda_page",
            nda_sudo,
            None,
            "my_lab_ndas_history",
            {
                "nda": nda_sudo,
                "page_name": "lab_nda",
                "today": fields.Date.context_today(nda_sudo),
                "can_sign": self._lab_can_sign(nda_sudo, link),
                "sign_url": nda_sudo.get_portal_url(suffix="/sign", query_string=token_query),
                "download_url": nda_sudo.get_portal_url(
                    report_type="pdf", download=True, query_string=token_query
                ),
                "link_spent": bool(sign_token) and not link,
            },
        )

    @http.route("/my/lab/ndas/<int:nda_id>/sign", type="jsonrpc", auth="public", website=True)
    def portal_lab_nda_sign(self, nda_id, sign_token=None, name=None, signature=None, **kw):
        sign_token = sign_token or request.httprequest.args.get("sign_token")
        try:
            nda_sudo, link = self._lab_nda_access(nda_id, sign_token)
        except (AccessError, MissingError):
            return {"error": request.env._("Invalid agreement.")}
        if nda_sudo.state != "sent":
            return {"error": request.env._("This agreement is not waiting for a signature.")}
        error = self._lab_nda_sign(nda_sudo, link, name, signature)
        if error:
            return {"error": error}
        self._lab_nda_post_signed(nda_sudo, name)
        token_query = f"&sign_token={sign_token}" if link else ""
        return {
            "force_refresh": True,
            "redirect_url": nda_sudo.get_portal_url(query_string=f"&message=sign_ok{token_query}"),
        }

    def _lab_nda_sign(self, nda_sudo, link, name, signature):
        """Sign ``nda_sudo`` as the reader (or the holder of ``link``); the message why it was
        refused, else None."""
        http_request = request.httprequest
        try:
            with request.env.cr.savepoint():
                nda_sudo._sign_in_portal(
                    name,
                    signature,
                    request.env.user,
                    link=link or None,
                    ip=http_request.remote_addr,
                    user_agent=http_request.user_agent.string,
                )
                request.env.cr.flush()
        except (AccessError, UserError, ValidationError) as error:
            return error.args[0]
        except (TypeError, binascii.Error):
            return request.env._("Invalid signature data.")
        return None

    def _lab_nda_post_signed(self, nda_sudo, name):
        """The signed agreement's PDF in its chatter, by the signatory."""
        user = request.env.user
        pdf = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf("lab_confidentiality.action_report_lab_nda", [nda_sudo.id])[0]
        )
        nda_sudo.message_post(
            attachments=[(f"{nda_sudo.name}.pdf", pdf)],
            author_id=nda_sudo.partner_id.id if user._is_public() else user.partner_id.id,
            body=request.env._("Agreement signed by %(name)s", name=name),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
