from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError

from .lab_order_linked_mixin import CUSTOMER_DATA_AND_PORTAL
from .lab_protected_mixin import granted_fields
from .lab_roles import CUSTOMER_DATA


class LabOrderRevision(models.Model):
    """An amendment of a confirmed laboratory order (R-CR-03, 17025 §7.1.5-7.1.7).

    What changed is written by the system; staff add why; the approver of the re-opened review is
    who agreed; the customer agrees in the portal or staff record their written agreement.
    """

    _name = "lab.order.revision"
    _description = "Order Amendment"
    _inherit = ["lab.protected.mixin", "lab.order.linked.mixin", "mail.thread"]
    _order = "order_id, revision desc"
    _check_company_auto = True
    # Issue 15: what changed and when is written by the system as the order changes (it alone
    # creates amendments); the lab's agreement comes with the approval of the re-opened review,
    # the customer's from the portal or from their signed document.
    _lab_protected_actions = {
        "_lab_record": ("date", "changes"),
        "_lab_agree": ("state", "agreed_by_id"),
        "_portal_agree": ("customer_agreed_date", "customer_agreed_user_id"),
        "action_record_customer_agreement": ("customer_agreed_date",),
    }
    _lab_fixed_fields = ("order_id", "revision", "changed_by_id")
    # Once the lab has agreed, the amendment is history: the customer's agreement may follow.
    _lab_frozen_states = ("approved",)
    _lab_frozen_open_fields = (
        "customer_agreement_document",
        "customer_agreement_filename",
        "message_main_attachment_id",
    )

    name = fields.Char(compute="_compute_name", store=True)
    # The customer reads these in the portal (see lab.order.linked.mixin).
    order_id = fields.Many2one(ondelete="cascade", readonly=True, groups=CUSTOMER_DATA_AND_PORTAL)
    partner_id = fields.Many2one(groups=CUSTOMER_DATA_AND_PORTAL)
    revision = fields.Integer(required=True, readonly=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    changes = fields.Text(string="What Changed", readonly=True)
    reason = fields.Text(string="Why", tracking=True)
    changed_by_id = fields.Many2one("res.users", default=lambda self: self.env.user, readonly=True)
    agreed_by_id = fields.Many2one("res.users", string="Agreed By (Lab)", readonly=True)
    state = fields.Selection(
        [("open", "Under Review"), ("approved", "Approved")],
        default="open",
        required=True,
        readonly=True,
        tracking=True,
    )
    customer_agreed_date = fields.Date(string="Customer Agreed On", readonly=True, tracking=True)
    customer_agreement_document = fields.Binary(
        string="Customer's Written Agreement", attachment=True
    )
    customer_agreement_filename = fields.Char()
    customer_agreed_user_id = fields.Many2one(
        "res.users", string="Agreed in the Portal By", readonly=True
    )

    @api.depends("order_id.name", "revision")
    def _compute_name(self):
        for rev in self:
            rev.name = self.env._(
                "%(order)s, amendment %(revision)s", order=rev.order_id.name, revision=rev.revision
            )

    @api.model_create_multi
    def create(self, vals_list):
        revisions = super().create(vals_list)
        recorded = granted_fields(self.env, self._name) >= set(
            self._lab_protected_actions["_lab_record"]
        )
        if self.env.uid != SUPERUSER_ID and not recorded:
            raise UserError(
                self.env._(
                    "An amendment is recorded by the system when a confirmed order changes; it "
                    "cannot be created by hand."
                )
            )
        return revisions

    def write(self, vals):
        refusal = self._lab_agreed_change_refusal(vals)
        if refusal:
            raise UserError(refusal)
        return super().write(vals)

    def _lab_agreed_change_refusal(self, vals):
        """Why ``vals`` may not be written, if so: what the customer agreed to stays what they
        read, and their written agreement the proof of it (R-CR-03)."""
        agreed = self.filtered("customer_agreed_date")
        if "reason" in vals:
            reworded = agreed.filtered(lambda rev: rev.reason != vals["reason"])
            if reworded:
                return self.env._(
                    "The customer agreed to %(rev)s as it was explained: its reason can no "
                    "longer be changed.",
                    rev=reworded[0].name,
                )
        if agreed and {"customer_agreement_document", "customer_agreement_filename"} & vals.keys():
            return self.env._(
                "The customer's agreement to %(rev)s is recorded: its document can no "
                "longer be replaced.",
                rev=agreed[0].name,
            )
        return None

    def _lab_attachments_frozen(self):
        # The customer's written agreement is the proof once it is recorded.
        return self.filtered("customer_agreed_date")

    def _lab_check_explained(self):
        """A customer agrees to an amendment the lab has explained: staff write why first."""
        unexplained = self.filtered(lambda rev: not (rev.reason or "").strip())
        if unexplained:
            raise UserError(
                self.env._(
                    "The laboratory has not yet written why %(rev)s is made: the customer agrees "
                    "to it once the reason is given.",
                    rev=unexplained[0].name,
                )
            )

    def _lab_agree(self):
        """The lab agrees: the review this amendment re-opened has been approved."""
        self._lab_grant("_lab_agree").write({"state": "approved", "agreed_by_id": self.env.uid})

    def action_record_customer_agreement(self):
        """Customer service records the customer's signed agreement, attached as a document."""
        self._lab_check_role(
            CUSTOMER_DATA,
            message=self.env._("Only customer service records a customer's agreement."),
        )
        self.check_access("write")
        for rev in self:
            if rev.customer_agreed_date:
                raise UserError(
                    self.env._(
                        "The customer's agreement to %(rev)s is already recorded.", rev=rev.name
                    )
                )
            rev._lab_check_explained()
            if not rev.customer_agreement_document:
                raise UserError(
                    self.env._(
                        "Attach the customer's written agreement to %(rev)s before recording it.",
                        rev=rev.name,
                    )
                )
        self._lab_grant("action_record_customer_agreement").write(
            {"customer_agreed_date": fields.Date.context_today(self)}
        )
        for rev in self:
            rev.order_id.message_post(
                body=self.env._(
                    "The customer's written agreement to %(rev)s is recorded.", rev=rev.name
                )
            )
        return True

    def _portal_agree(self, user):
        """The customer agrees in the portal; the controller has checked their access first."""
        self._lab_check_customer_user(user)
        todo = self.filtered(lambda rev: not rev.customer_agreed_date)
        todo.sudo()._lab_check_explained()
        todo.sudo()._lab_grant("_portal_agree").write(
            {
                "customer_agreed_date": fields.Date.context_today(self),
                "customer_agreed_user_id": user.id,
            }
        )
        for rev in todo:
            rev.sudo().order_id.message_post(
                body=self.env._(
                    "%(user)s agreed to %(rev)s in the portal.", user=user.name, rev=rev.name
                ),
                author_id=user.partner_id.id,
            )
