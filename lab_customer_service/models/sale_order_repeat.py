from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from .lab_roles import STAFF


class SaleOrder(models.Model):
    """Report recipients of an order, and "Repeat this order" (issue 19).

    Kept apart from ``sale_order.py`` (the contract review gate, amendments, delays).
    """

    _inherit = "sale.order"

    lab_report_recipient_ids = fields.One2many(
        "lab.report.recipient", "order_id", string="Report Recipients"
    )

    def action_lab_repeat(self):
        """Repeat this order: open the new quotation (see ``_lab_repeat``)."""
        new = self._lab_repeat()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": new.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _lab_repeat(self):
        """A new quotation with the same tests and quantities, for the same customer.

        The customer asks for it in the portal (their own company's orders only); customer
        service may do it for them. The quotation is new in every way: today's prices, and
        its own contract review before it can be confirmed (R-CR-01, R-CR-02).
        """
        self.ensure_one()
        self.check_access("read")
        user = self.env.user
        contact = self._lab_repeat_contact(user)
        # sudo: a customer creates no quotation; the caller was checked above.
        order = self.sudo()
        new = (
            self.env["sale.order"]
            .sudo()
            .with_company(order.company_id)
            .create(order._lab_repeat_vals(contact))
        )
        new.message_subscribe(partner_ids=contact.ids)
        new.message_post(
            body=self.env._(
                "Repeat of %(order)s, asked for by %(person)s.",
                order=order.name,
                person=user.partner_id.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return new.with_env(self.env)

    def _lab_repeat_contact(self, user):
        """Who the repeat is for: the portal user of the customer, or (for customer service)
        the order's customer; anyone else is refused."""
        if user._is_portal():
            self._lab_check_customer_user(user)
            return user.partner_id
        if user.has_group(STAFF):
            return self.partner_id
        raise AccessError(self.env._("Only customer service repeats a customer's order."))

    def _lab_repeat_vals(self, contact):
        """The new quotation's values: the order's tests that can still be sold."""
        lines = self.order_line.filtered(
            lambda line: (
                not line.is_downpayment
                and not line.display_type
                and line.product_id.sale_ok
                and line.product_id.active
            )
        )
        if not lines:
            raise UserError(
                self.env._(
                    "%(order)s has no test that can be ordered again: ask the laboratory.",
                    order=self.name,
                )
            )
        return {
            "partner_id": contact.id,
            "company_id": self.company_id.id,
            "user_id": self.user_id.id,
            "team_id": self.team_id.id,
            "origin": self.name,
            "order_line": [
                fields.Command.create(
                    {
                        "product_id": line.product_id.id,
                        "product_uom_qty": line.product_uom_qty,
                        "product_uom_id": line.product_uom_id.id,
                    }
                )
                for line in lines
            ],
        }
