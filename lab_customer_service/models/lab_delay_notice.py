from odoo import fields, models

from .lab_roles import CUSTOMER_DATA


class LabDelayNotice(models.Model):
    """A notice telling a customer that the results of an order are at risk or late (R-CM-03).

    The register of what the lab told whom and when: one record per delay (per expected date of
    an order), made only by the delay scheduled action (``sale.order._cron_lab_notify_delays``)
    together with the mail it queues, and never changed or deleted afterwards. Customer-facing
    staff list them; the customer lists their own on the portal.
    """

    _name = "lab.delay.notice"
    _inherit = ["lab.register.mixin"]
    _description = "Delay Notice"
    _order = "notified_on desc, id desc"
    _rec_name = "order_id"
    _check_company_auto = True

    order_id = fields.Many2one(
        "sale.order", required=True, readonly=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        index=True,
        help="The customer (company) the order belongs to.",
    )
    recipient_id = fields.Many2one(
        "res.partner",
        string="Sent To",
        readonly=True,
        help="The contact the notice was addressed to.",
    )
    expected_date = fields.Date(
        string="Expected Report Date",
        required=True,
        readonly=True,
        help="The expected report date the customer was told is at risk or passed.",
    )
    delay_state = fields.Selection(
        [("at_risk", "At Risk"), ("late", "Late")],
        string="Delivery",
        readonly=True,
        help="Whether the expected date was near or already passed when the notice was sent.",
    )
    notified_on = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    message_id = fields.Many2one(
        "mail.message",
        string="Mail",
        readonly=True,
        ondelete="set null",
        groups=CUSTOMER_DATA,
        help="The mail as logged in the order's chatter.",
    )

    _order_date_unique = models.Constraint(
        "UNIQUE(order_id, expected_date)",
        "A customer is told once of each expected date of an order.",
    )

    def _lab_register_message(self):
        return self.env._(
            "A delay notice is recorded by the delay scheduled action when it tells the customer, "
            "and never changed or deleted afterwards (R-CM-03)."
        )
