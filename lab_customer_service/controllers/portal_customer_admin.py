from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from .portal import LabPortal, form_id

COLLEAGUES_TEMPLATE = "lab_customer_service.portal_my_lab_colleagues"
RECIPIENTS_TEMPLATE = "lab_customer_service.portal_my_report_recipients"


class LabCustomerAdminPortal(LabPortal):
    """A customer's own administration in the portal (issue 19): its colleagues and what each
    sees, who receives its test reports, and "Repeat this order".

    Every change goes through the ORM as the portal user (``res.partner.lab_portal_*``,
    ``lab.report.recipient``, ``sale.order._lab_repeat``): the checks are the model's, the same
    over JSON-RPC as here.
    """

    def _lab_admin_access_keys(self):
        """The access a colleague can be given, in the order the form shows them."""
        _ = request.env._
        labels = {
            "orders": _("Orders and invoices"),
            "reports": _("Samples and reports"),
            "admin": _("Portal administrator"),
        }
        labels |= self._lab_admin_extra_labels()
        known = request.env["res.partner"]._lab_portal_access_fields()
        # what a colleague sees first, the administrator's right last
        keys = sorted(known, key=lambda key: key == "admin")
        return {key: labels.get(key, key) for key in keys}

    def _lab_admin_extra_labels(self):
        """Labels of the access other addons add (``_lab_portal_access_fields``)."""
        return {}

    def _lab_admin_company(self):
        user = request.env.user
        if not user._is_portal() or not user.partner_id.lab_portal_admin:
            raise NotFound()
        return user.partner_id.commercial_partner_id

    def _lab_colleagues_values(self, **extra):
        company = self._lab_admin_company()
        # sudo: a portal user reads their own company's contacts only as their administrator
        colleagues = (
            request.env["res.partner"]
            .sudo()
            .search(
                [("commercial_partner_id", "=", company.id), ("is_company", "=", False)],
                order="name",
            )
        )
        values = self._prepare_portal_layout_values()
        values.update(
            self._lab_form_errors(),
            page_name="lab_colleagues",
            colleagues=colleagues,
            company=company,
            access_keys=self._lab_admin_access_keys(),
            access_fields=request.env["res.partner"]._lab_portal_access_fields(),
            form={},
        )
        values.update(extra)
        return values

    @http.route("/my/lab/colleagues", type="http", auth="user", website=True, methods=["GET"])
    def portal_my_lab_colleagues(self, **kw):
        return request.render(COLLEAGUES_TEMPLATE, self._lab_colleagues_values())

    def _lab_posted_access(self, post):
        return {key: bool(post.get(f"access_{key}")) for key in self._lab_admin_access_keys()}

    @http.route(
        "/my/lab/colleagues/invite", type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_lab_colleague_invite(self, **post):
        self._lab_admin_company()
        try:
            request.env["res.partner"].lab_portal_invite(
                post.get("name"), post.get("email"), self._lab_posted_access(post)
            )
        except (UserError, ValidationError, AccessError) as error:
            values = self._lab_colleagues_values(form=post)
            return self._lab_render_with_error(COLLEAGUES_TEMPLATE, values, error)
        return request.redirect("/my/lab/colleagues?invited=1")

    @http.route(
        "/my/lab/colleagues/<int:partner_id>/access",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_lab_colleague_access(self, partner_id, **post):
        self._lab_admin_company()
        try:
            request.env["res.partner"].browse(partner_id).lab_portal_set_access(
                self._lab_posted_access(post)
            )
        except (UserError, ValidationError, AccessError) as error:
            values = self._lab_colleagues_values()
            return self._lab_render_with_error(COLLEAGUES_TEMPLATE, values, error)
        return request.redirect("/my/lab/colleagues?saved=1")

    # Report recipients

    def _lab_recipients_values(self, **extra):
        user = request.env.user
        company = user.partner_id.commercial_partner_id
        Recipient = request.env["lab.report.recipient"]
        recipients = Recipient.search([]) if Recipient.has_access("read") else Recipient
        is_admin = bool(user._is_portal() and user.partner_id.lab_portal_admin)
        values = self._prepare_portal_layout_values()
        values.update(
            self._lab_form_errors(),
            page_name="lab_report_recipients",
            recipients=recipients,
            is_lab_admin=is_admin,
            form={},
        )
        if is_admin:
            # sudo: the administrator picks among their own company's people only
            values["contacts"] = (
                request.env["res.partner"]
                .sudo()
                .search(
                    [
                        ("commercial_partner_id", "=", company.id),
                        ("is_company", "=", False),
                        ("email", "!=", False),
                    ],
                    order="name",
                )
            )
            Order = request.env["sale.order"]
            values["orders"] = (
                Order.search([("state", "=", "sale")], order="date_order desc", limit=200)
                if Order.has_access("read")
                else Order
            )
        values.update(extra)
        return values

    @http.route("/my/report-recipients", type="http", auth="user", website=True, methods=["GET"])
    def portal_my_report_recipients(self, **kw):
        if not request.env.user._is_portal():
            raise NotFound()
        return request.render(RECIPIENTS_TEMPLATE, self._lab_recipients_values())

    @http.route(
        "/my/report-recipients/add", type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_report_recipient_add(self, contact_id=None, order_id=None, **post):
        choose = request.env._("Choose a contact of your company.")
        # "" or 0 is the form's "all orders"; anything else that is no id is refused, not
        # widened to every order
        order_given = str(order_id or "").strip() not in ("", "0")
        contact_id, order_id = form_id(contact_id), form_id(order_id)
        try:
            if not contact_id:
                raise UserError(choose)
            if order_given and not order_id:
                raise UserError(request.env._("Choose one of your orders, or all of them."))
            request.env["lab.report.recipient"].create(
                {"contact_id": contact_id, "order_id": order_id}
            )
        except (UserError, ValidationError, AccessError) as error:
            request.env.cr.rollback()
            values = self._lab_recipients_values(form=post)
            return self._lab_render_with_error(RECIPIENTS_TEMPLATE, values, error, default=choose)
        return request.redirect("/my/report-recipients")

    @http.route(
        "/my/report-recipients/<int:recipient_id>/remove",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_report_recipient_remove(self, recipient_id, **post):
        recipient = request.env["lab.report.recipient"].browse(recipient_id).exists()
        try:
            recipient.unlink()
        except (UserError, AccessError) as error:
            return self._lab_render_with_error(
                RECIPIENTS_TEMPLATE, self._lab_recipients_values(), error
            )
        return request.redirect("/my/report-recipients")

    # Repeat an order

    @http.route(
        "/my/orders/<int:order_id>/repeat", type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_order_repeat(self, order_id, **post):
        try:
            new = request.env["sale.order"].browse(order_id)._lab_repeat()
        except (AccessError, MissingError):
            raise NotFound() from None
        return request.redirect(new.get_portal_url(query_string="&lab_repeated=1"))
