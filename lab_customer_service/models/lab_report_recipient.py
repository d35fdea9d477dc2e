from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .lab_roles import CUSTOMER_DATA


class LabReportRecipient(models.Model):
    """A contact of a customer who receives its released test reports, their revisions and
    withdrawals besides the order's contact (issue 19): for every order of the customer, or
    for one order.

    The customer is the contact's company: a recipient is always one of the customer's own
    people, and the notices about a report reach only its customer's contacts (R-SR-02).
    """

    _name = "lab.report.recipient"
    _description = "Test Report Recipient"
    _order = "partner_id, order_id, id"
    _rec_name = "contact_id"

    contact_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('is_company', '=', False), ('email', '!=', False)]",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        related="contact_id.commercial_partner_id",
        store=True,
        index=True,
    )
    email = fields.Char(related="contact_id.email")
    order_id = fields.Many2one(
        "sale.order",
        index="btree_not_null",
        ondelete="cascade",
        help="Empty: the contact receives the reports of every order of the customer.",
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True)

    _contact_order_unique = models.UniqueIndex(
        "(contact_id, COALESCE(order_id, 0))",
        "This contact already receives these reports.",
    )

    @api.constrains("contact_id", "order_id")
    def _check_own_customer(self):
        for recipient in self.sudo():
            contact = recipient.contact_id
            if contact.is_company:
                raise ValidationError(
                    self.env._(
                        "%(contact)s is a company: choose a person of it.", contact=contact.name
                    )
                )
            if not contact.email:
                raise ValidationError(
                    self.env._(
                        "%(contact)s has no email address: add one to send them the reports.",
                        contact=contact.name,
                    )
                )
            order = recipient.order_id
            if order and order.partner_id.commercial_partner_id != recipient.partner_id:
                raise ValidationError(
                    self.env._(
                        "%(contact)s is not a contact of %(customer)s, the customer of "
                        "%(order)s: the reports go to the customer's own people only.",
                        contact=contact.name,
                        customer=order.partner_id.commercial_partner_id.name,
                        order=order.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._lab_check_manager()
        contacts = (
            self.env["res.partner"]
            .sudo()
            .browse({vals.get("contact_id") for vals in vals_list if vals.get("contact_id")})
        )
        if self.env.user._is_portal():
            # before any other check, which would tell about another company's people
            company = self.env.user.partner_id.commercial_partner_id
            if contacts.commercial_partner_id - company:
                raise AccessError(
                    self.env._("You choose report recipients among your own company's people.")
                )
        existing = self.sudo().search_fetch(
            [("contact_id", "in", contacts.ids)], ["contact_id", "order_id"]
        )
        taken = {(r.contact_id.id, r.order_id.id) for r in existing}
        for vals in vals_list:
            key = (vals.get("contact_id"), vals.get("order_id") or False)
            if key in taken:
                raise ValidationError(
                    self.env._(
                        "%(contact)s already receives these reports.",
                        contact=self.env["res.partner"].sudo().browse(key[0]).name,
                    )
                )
            taken.add(key)
        return super().create(vals_list)

    def write(self, vals):
        self._lab_check_manager()
        return super().write(vals)

    def unlink(self):
        self._lab_check_manager()
        return super().unlink()

    def _lab_check_manager(self):
        """Customer service, or the customer's portal administrator (the record rules keep them
        to their own company)."""
        user = self.env.user
        if self.env.su or user.has_group(CUSTOMER_DATA):
            return
        if user._is_portal() and user.partner_id.lab_portal_admin:
            return
        raise AccessError(
            self.env._("Only your company's portal administrator chooses who receives reports.")
        )

    @api.model
    def _lab_contacts_for(self, reports):
        """{report: contacts} who receive ``reports``' notices besides the order's contact."""
        reports = reports.sudo()
        recipients = self.sudo().search(
            [
                ("partner_id", "in", reports.partner_id.ids),
                "|",
                ("order_id", "=", False),
                ("order_id", "in", reports.order_id.ids),
            ]
        )
        result = {}
        for report in reports:
            mine = recipients.filtered(
                lambda r, report=report: (
                    r.partner_id == report.partner_id
                    and (not r.order_id or r.order_id == report.order_id)
                )
            )
            result[report] = mine.contact_id - report.order_id.partner_id
        return result
