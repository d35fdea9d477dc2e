from odoo import api, fields, models
from odoo.exceptions import UserError

from .lab_order_linked_mixin import CUSTOMER_DATA_AND_PORTAL


class LabOrderDeviation(models.Model):
    """A departure from the agreed contract, reported to the customer at once (R-CR-04)."""

    _name = "lab.order.deviation"
    _description = "Deviation from Contract"
    _inherit = [
        "lab.protected.mixin",
        "lab.order.linked.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True
    # Issue 15: only the customer acknowledges, through the portal; the date is the moment the
    # deviation is recorded (its default), never set or moved by hand.
    _lab_protected_actions = {
        "_portal_acknowledge": ("state", "acknowledged_date", "acknowledged_user_id"),
        "_lab_record": ("date",),
    }
    # What the customer was told, as it was mailed: a new deviation corrects it.
    _lab_fixed_fields = ("order_id", "name", "reason", "impact", "decided_by_id")

    name = fields.Char(string="What", required=True, tracking=True)
    # The customer reads these in the portal (see lab.order.linked.mixin).
    order_id = fields.Many2one(
        ondelete="restrict",
        domain=[("is_lab_order", "=", True)],
        groups=CUSTOMER_DATA_AND_PORTAL,
    )
    partner_id = fields.Many2one(groups=CUSTOMER_DATA_AND_PORTAL)
    reason = fields.Text(string="Why", required=True)
    impact = fields.Text(string="Impact on Results", required=True)
    decided_by_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user)
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    state = fields.Selection(
        [("reported", "Reported"), ("acknowledged", "Acknowledged")],
        default="reported",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    acknowledged_date = fields.Datetime(string="Acknowledged On", readonly=True)
    acknowledged_user_id = fields.Many2one("res.users", string="Acknowledged By", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        deviations = super().create(vals_list)
        for deviation in deviations:
            if not deviation.order_id.is_lab_order:
                raise UserError(
                    self.env._(
                        "%(order)s has no laboratory test; record deviations on laboratory orders.",
                        order=deviation.order_id.name,
                    )
                )
        deviations._notify_customer()
        return deviations

    def _notify_customer(self):
        """Mail the customer from the configured template and log it on the order."""
        for deviation in self:
            order = deviation.order_id
            template = order.company_id._lab_mail_template("lab_deviation_template_id")
            if template:
                template.send_mail(deviation.id, email_layout_xmlid="mail.mail_notification_light")
            order.message_post(
                body=self.env._(
                    "Deviation reported to the customer: %(what)s. "
                    "Reason: %(why)s. Impact: %(impact)s",
                    what=deviation.name,
                    why=deviation.reason,
                    impact=deviation.impact,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _portal_acknowledge(self, user):
        """The customer acknowledges in the portal, after the controller's access check."""
        self._lab_check_customer_user(user)
        todo = self.filtered(lambda deviation: deviation.state == "reported")
        todo.sudo()._lab_grant("_portal_acknowledge").write(
            {
                "state": "acknowledged",
                "acknowledged_date": fields.Datetime.now(),
                "acknowledged_user_id": user.id,
            }
        )
        for deviation in todo:
            deviation.sudo().order_id.message_post(
                body=self.env._(
                    "%(user)s acknowledged the deviation “%(what)s”.",
                    user=user.name,
                    what=deviation.name,
                ),
                author_id=user.partner_id.id,
            )
