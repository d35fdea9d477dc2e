from odoo import api, fields, models
from odoo.exceptions import UserError

# Written by the system only: what changed, by whom, and the lab's and portal's agreement.
_SYSTEM_FIELDS = {
    "order_id",
    "revision",
    "date",
    "changes",
    "changed_by_id",
    "agreed_by_id",
    "state",
    "customer_agreed_user_id",
}


class LabOrderRevision(models.Model):
    """An amendment of a confirmed laboratory order (R-CR-03, 17025 §7.1.5-7.1.7).

    What changed is written by the system; staff add why; the approver of the re-opened review is
    who agreed; the customer agrees in the portal or staff attach their written agreement.
    """

    _name = "lab.order.revision"
    _description = "Order Amendment"
    _inherit = ["lab.order.linked.mixin", "mail.thread"]
    _order = "order_id, revision desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    order_id = fields.Many2one(ondelete="cascade", readonly=True)
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
    customer_agreed_date = fields.Date(string="Customer Agreed On", tracking=True)
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

    def write(self, vals):
        if _SYSTEM_FIELDS & vals.keys() and not self.env.su:
            raise UserError(self.env._("An amendment keeps what changed and who agreed."))
        return super().write(vals)

    def _portal_agree(self, user):
        """The customer agrees in the portal; the controller has checked their access first."""
        todo = self.filtered(lambda rev: not rev.customer_agreed_date)
        todo.sudo().write(
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
