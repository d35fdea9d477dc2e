from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .lab_roles import CUSTOMER_DATA

# A change of these on a confirmed laboratory order is an amendment of the contract (R-CR-03).
_AMENDMENT_FIELDS = {"product_id", "product_uom_qty"}
_CONSENT_FIELDS = ("lab_consent_date", "lab_consent_user_id")
_CONSENT_PROOF_FIELDS = ("lab_consent_document", "lab_consent_filename")


class SaleOrderLine(models.Model):
    _inherit = ["sale.order.line", "lab.protected.mixin"]
    # R-CR-05 (issue 15): the customer's consent to subcontracting is given in the portal by
    # the customer, or recorded by customer service from the customer's signed document; it
    # lapses when the subcontractor it was given for changes.
    _lab_protected_actions = {
        "_lab_portal_consent": _CONSENT_FIELDS,
        "action_lab_record_consent": ("lab_consent_date",),
        "_lab_withdraw_consent": _CONSENT_FIELDS,
    }

    lab_accreditation = fields.Selection(
        related="product_id.lab_accreditation", string="Accreditation"
    )
    is_lab_test = fields.Boolean(related="product_id.is_lab_test", string="Laboratory Test")
    # R-CR-05: who does a subcontracted test, and the customer's written consent.
    lab_subcontractor_id = fields.Many2one(
        "res.partner",
        string="Subcontractor",
        domain=[("is_lab_subcontractor", "=", True)],
        index="btree_not_null",
    )
    lab_consent_date = fields.Date(string="Customer Consent On", readonly=True, copy=False)
    lab_consent_document = fields.Binary(string="Consent Document", attachment=True, copy=False)
    lab_consent_filename = fields.Char(copy=False)
    lab_consent_user_id = fields.Many2one(
        "res.users", string="Consented in the Portal By", readonly=True, copy=False
    )

    @api.constrains("lab_consent_date", "lab_consent_document", "lab_subcontractor_id")
    def _check_lab_consent(self):
        for line in self:
            if (
                line.lab_consent_date or line.lab_consent_document
            ) and not line.lab_subcontractor_id:
                raise ValidationError(
                    self.env._(
                        "%(test)s has no subcontractor yet: the customer cannot consent to an "
                        "unnamed subcontractor.",
                        test=line.product_id.display_name,
                    )
                )
            if line.lab_consent_date and line.lab_accreditation != "subcontracted":
                raise ValidationError(
                    self.env._("%(test)s is not subcontracted.", test=line.product_id.display_name)
                )

    def _lab_has_consent(self):
        self.ensure_one()
        return bool(
            self.lab_consent_date and (self.lab_consent_document or self.lab_consent_user_id)
        )

    def _lab_amendment_snapshot(self):
        return (self.product_id, self.product_uom_qty)

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        for order, new_lines in (
            lines.filtered(lambda line: line.is_lab_test and line.order_id.state == "sale")
            .grouped("order_id")
            .items()
        ):
            order._lab_record_amendment(
                [
                    self.env._(
                        "Test added: %(test)s × %(qty)s",
                        test=line.product_id.display_name,
                        qty=line.product_uom_qty,
                    )
                    for line in new_lines
                ]
            )
        lines.order_id._check_lab_legal_entity()
        lines.order_id.filtered(lambda o: o.state in ("draft", "sent"))._lab_ensure_review()
        return lines

    def write(self, vals):
        if set(_CONSENT_PROOF_FIELDS) & vals.keys():
            self._lab_check_consent_proof_open()
        if "lab_subcontractor_id" in vals:
            self.filtered(
                lambda line: (
                    line.lab_consent_date
                    and line.lab_subcontractor_id.id != vals["lab_subcontractor_id"]
                )
            )._lab_withdraw_consent()
        tracked = self.browse()
        if _AMENDMENT_FIELDS & vals.keys():
            tracked = self.filtered(
                lambda line: (
                    line.order_id.state == "sale"
                    and line.order_id.is_lab_order
                    and not line.display_type
                    and not line.is_downpayment
                )
            )
        before = {line: line._lab_amendment_snapshot() for line in tracked}
        res = super().write(vals)
        for order, texts in tracked._lab_amendment_changes(before).items():
            order._lab_record_amendment(texts)
        return res

    def _lab_check_consent_proof_open(self):
        """Refuse replacing the signed consent document of a line whose consent is recorded."""
        consented = self.filtered("lab_consent_date")
        if consented:
            raise UserError(
                self.env._(
                    "The customer's consent to subcontracting %(test)s is recorded: its "
                    "document can no longer be replaced.",
                    test=consented[0].product_id.display_name,
                )
            )

    def _lab_amendment_changes(self, before):
        """{order: [change in words]} of the lines' tests and quantities since ``before``
        {line: snapshot}."""
        changes = defaultdict(list)
        for line in self:
            old_product, old_qty = before[line]
            if old_product != line.product_id:
                changes[line.order_id].append(
                    self.env._(
                        "Test changed: %(old)s → %(new)s",
                        old=old_product.display_name,
                        new=line.product_id.display_name,
                    )
                )
            if old_qty != line.product_uom_qty:
                changes[line.order_id].append(
                    self.env._(
                        "%(test)s: quantity %(old)s → %(new)s",
                        test=line.product_id.display_name,
                        old=old_qty,
                        new=line.product_uom_qty,
                    )
                )
        return changes

    def _lab_attachments_frozen(self):
        # The customer's signed consent is the proof once the consent is recorded.
        return self.filtered("lab_consent_date")

    def action_lab_record_consent(self):
        """Customer service records the customer's signed consent to subcontracting, attached
        to the line as a document (R-CR-05)."""
        self._lab_check_role(
            CUSTOMER_DATA,
            message=self.env._("Only customer service records a customer's consent."),
        )
        self.check_access("write")
        for line in self:
            line._lab_check_consent_recordable()
        self._lab_grant("action_lab_record_consent").write(
            {"lab_consent_date": fields.Date.context_today(self)}
        )
        for order, lines in self.grouped("order_id").items():
            order.message_post(
                body=self.env._(
                    "The customer's written consent to subcontracting is recorded for %(tests)s.",
                    tests=", ".join(lines.product_id.mapped("display_name")),
                )
            )
        return True

    def _lab_check_consent_recordable(self):
        """The line's test is subcontracted to a named subcontractor, the signed consent is
        attached, and no consent is recorded yet."""
        self.ensure_one()
        test = self.product_id.display_name
        if self.lab_accreditation != "subcontracted":
            raise UserError(self.env._("%(test)s is not subcontracted.", test=test))
        if self.lab_consent_date:
            raise UserError(
                self.env._("The customer's consent for %(test)s is already recorded.", test=test)
            )
        if not self.lab_subcontractor_id:
            raise UserError(
                self.env._(
                    "%(test)s has no subcontractor yet: the customer cannot consent to an "
                    "unnamed subcontractor.",
                    test=test,
                )
            )
        if not self.lab_consent_document:
            raise UserError(
                self.env._(
                    "Attach the customer's signed consent for %(test)s before recording it.",
                    test=test,
                )
            )

    def _lab_withdraw_consent(self):
        """The subcontractor changed: the consent was given for another one."""
        if not self:
            return
        self._lab_grant("_lab_withdraw_consent").write(
            {"lab_consent_date": False, "lab_consent_user_id": False}
        )
        for order, lines in self.grouped("order_id").items():
            order.message_post(
                body=self.env._(
                    "The subcontractor of %(tests)s changed: the customer's consent, given for "
                    "another subcontractor, is withdrawn.",
                    tests=", ".join(lines.product_id.mapped("display_name")),
                )
            )

    def _lab_portal_consent(self, user):
        """The customer consents to subcontracting in the portal, after the controller's check."""
        self.order_id._lab_check_customer_user(user)
        lines = self.filtered(
            lambda line: line.lab_accreditation == "subcontracted" and not line.lab_consent_date
        )
        unnamed = lines.filtered(lambda line: not line.lab_subcontractor_id)
        if unnamed:
            raise UserError(
                self.env._(
                    "The laboratory has not named the subcontractor for %(tests)s yet.",
                    tests=", ".join(unnamed.product_id.mapped("display_name")),
                )
            )
        lines.sudo()._lab_grant("_lab_portal_consent").write(
            {"lab_consent_date": fields.Date.context_today(self), "lab_consent_user_id": user.id}
        )
        for order in lines.order_id:
            order.sudo().message_post(
                body=self.env._(
                    "%(user)s consented to subcontracting in the portal.", user=user.name
                ),
                author_id=user.partner_id.id,
            )
        return lines
