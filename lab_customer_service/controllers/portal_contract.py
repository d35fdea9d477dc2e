from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import is_html_empty

from .portal import LabPortal


class LabContractPortal(LabPortal):
    """The customer's side of the contract: acceptance gate, consent, amendments, deviations."""

    def _lab_order_or_none(self, order_id, access_token=None):
        try:
            return self._document_check_access("sale.order", order_id, access_token=access_token)
        except (AccessError, MissingError):
            return None

    @http.route()
    def portal_quote_accept(self, order_id, access_token=None, name=None, signature=None):
        # R-CR-02: a customer cannot sign a quotation whose contract review is not approved.
        access_token = access_token or request.httprequest.args.get("access_token")
        order_sudo = self._lab_order_or_none(order_id, access_token)
        if order_sudo and order_sudo.is_lab_order and order_sudo.state in ("draft", "sent"):
            if order_sudo._confirmation_error_message():
                if order_sudo.lab_review_state != "approved":
                    error = request.env._(
                        "This quotation cannot be accepted yet: the laboratory is still reviewing "
                        "it. We will let you know as soon as it is ready."
                    )
                else:
                    error = request.env._(
                        "Some tests of this quotation are subcontracted: please consent to "
                        "subcontracting on this page first, or wait until the laboratory names "
                        "the subcontractor."
                    )
                return {"error": error}
        return super().portal_quote_accept(
            order_id, access_token=access_token, name=name, signature=signature
        )

    def _lab_order_record(self, order_id, access_token, field, record_id):
        """(order, its record ``record_id`` of the one2many ``field``) once the order passed its
        access check; 404 when either is not the customer's."""
        order_sudo = self._lab_document("sale.order", order_id, access_token)
        record = order_sudo[field].filtered(lambda record: record.id == record_id)
        if not record:
            raise NotFound()
        return order_sudo, record

    def _lab_redirect(self, order_sudo, message):
        return request.redirect(order_sudo.get_portal_url(query_string=f"&lab_message={message}"))

    def _lab_order_step(self, order_sudo, step, done, refused=None):
        """The customer's step on their order: ``step(user)`` runs as the model decides (its
        own checks); back to the order with the message ``done``, or ``refused`` when the model
        refuses it (``UserError``; without ``refused`` the error stands). Not theirs: 404."""
        try:
            step(request.env.user)
        except AccessError:
            raise NotFound() from None
        except UserError:
            if refused is None:
                raise
            return self._lab_redirect(order_sudo, refused)
        return self._lab_redirect(order_sudo, done)

    @http.route(
        "/my/orders/<int:order_id>/lab/deviations/<int:deviation_id>/acknowledge",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_lab_deviation_acknowledge(self, order_id, deviation_id, access_token=None, **kw):
        order_sudo, deviation = self._lab_order_record(
            order_id, access_token, "lab_deviation_ids", deviation_id
        )
        return self._lab_order_step(
            order_sudo, deviation._portal_acknowledge, "deviation_acknowledged"
        )

    @http.route(
        "/my/orders/<int:order_id>/lab/revisions/<int:revision_id>/agree",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_lab_revision_agree(self, order_id, revision_id, access_token=None, **kw):
        order_sudo, revision = self._lab_order_record(
            order_id, access_token, "lab_revision_ids", revision_id
        )
        return self._lab_order_step(
            order_sudo, revision._portal_agree, "revision_agreed", "revision_unexplained"
        )

    @http.route(
        "/my/orders/<int:order_id>/lab/consent",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_lab_subcontract_consent(self, order_id, access_token=None, **kw):
        order_sudo = self._lab_document("sale.order", order_id, access_token)
        consent = order_sudo.order_line._lab_portal_consent
        return self._lab_order_step(order_sudo, consent, "consent_given", "consent_refused")

    @http.route(
        ["/my/lab/documents", "/my/lab/documents/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_lab_documents(self, page=1, **kw):
        # Read as the portal user: the record rule shows only published documents.
        return self._lab_list_render(
            "lab_customer_service.portal_lab_documents",
            "documents",
            "lab_documents",
            "lab.published.document",
            [("is_published", "=", True)],
            "/my/lab/documents",
            page=page,
            values={"is_html_empty": is_html_empty},
        )
