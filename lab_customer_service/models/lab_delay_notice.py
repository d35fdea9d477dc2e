import logging

from odoo import api, fields, models

from .lab_roles import CUSTOMER_DATA

_logger = logging.getLogger(__name__)


class LabDelayNotice(models.Model):
    """A notice telling a customer that the results of an order are at risk or late (R-CM-03).

    The register of what the lab told whom and when: one record per delay (per expected date of
    an order), made only by the delay scheduled action (``sale.order._cron_lab_notify_delays``,
    which runs ``_lab_notify_due_orders``) together with the mail it queues, and never changed or
    deleted afterwards. Customer-facing staff list them; the customer lists their own on the
    portal.
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

    @api.model
    def _lab_due_orders_domain(self, company, limit_date):
        """Confirmed, unreported lab orders of ``company`` expected by ``limit_date`` whose
        customer was not yet told about this expected date (an indexed scan)."""
        return [
            ("company_id", "=", company.id),
            ("state", "=", "sale"),
            ("is_lab_order", "=", True),
            ("lab_is_reported", "=", False),
            ("lab_delay_notice_due", "=", True),
            ("lab_date_expected", "<=", limit_date),
        ]

    @api.model
    def _lab_notify_due_orders(self, batch_size=200):
        """Tell customers, once per delay, that their results are at risk or late (R-CM-03).

        Works in batches: each batch's notice records and their queued mails are committed
        together through ``ir.cron._commit_progress``; if the run dies mid-batch, that batch is
        rolled back as a whole (mails are only queued, never sent before the commit), so the next
        run picks up exactly the orders not yet notified and no customer is told twice.
        """
        IrCron = self.env["ir.cron"]
        Orders = self.env["sale.order"].sudo()
        today = fields.Date.context_today(self)
        todo = []
        total = 0
        for company in self.env["res.company"].sudo().search([]):
            limit_date = company._lab_add_working_days(today, company.lab_delay_risk_days)
            count = Orders.search_count(self._lab_due_orders_domain(company, limit_date))
            if count:
                todo.append((company, limit_date))
                total += count
        IrCron._commit_progress(remaining=total)
        done = set()
        for company, limit_date in todo:
            while True:
                orders = Orders.search(
                    self._lab_due_orders_domain(company, limit_date),
                    order="lab_date_expected, id",
                    limit=batch_size,
                )
                if not orders or done.intersection(orders.ids):
                    break  # nothing left (or a notice that did not stick: never loop on it)
                done.update(orders.ids)
                self._lab_notify(orders.with_company(company), today)
                if not IrCron._commit_progress(len(orders)):
                    return  # out of time: the next run resumes with what is left

    @api.model
    def _lab_notify(self, orders, today):
        """Queue the delay notice to the customer of each of ``orders`` (logged in the order's
        chatter), record it in this register, and give the responsible salesperson an activity.
        Works in the environment of ``orders`` (the scheduled action's, as the system)."""
        notices = self.with_env(orders.env)
        mail_by_order = notices._lab_queue_mails(orders)
        now = fields.Datetime.now()
        empty_mail = notices.env["mail.mail"].sudo()
        notices.sudo().create(
            [
                {
                    "order_id": order.id,
                    "partner_id": order.partner_id.commercial_partner_id.id,
                    "recipient_id": (
                        mail_by_order.get(order.id, empty_mail).recipient_ids[:1]
                        or order.partner_id
                    ).id,
                    "expected_date": order.lab_date_expected,
                    "delay_state": "late" if order.lab_date_expected < today else "at_risk",
                    "notified_on": now,
                    "message_id": mail_by_order.get(order.id, empty_mail).mail_message_id.id,
                }
                for order in orders
            ]
        )
        notices._lab_schedule_activities(orders, today)
        _logger.info("Delay notices queued for %d lab orders", len(orders))

    @api.model
    def _lab_queue_mails(self, orders):
        """Queue the delay mail of ``orders`` in one mass mailing: {order id: mail.mail}."""
        template = self.env.ref("lab_customer_service.mail_template_lab_order_delay")
        composer = self.env["mail.compose.message"].create(
            {
                "composition_mode": "mass_mail",
                "model": orders._name,
                "res_ids": orders.ids,
                "template_id": template.id,
                "auto_delete": True,
                "auto_delete_keep_log": True,
            }
        )
        mails, _messages = composer._action_send_mail()
        return {mail.res_id: mail for mail in mails}

    @api.model
    def _lab_schedule_activities(self, orders, today):
        """A "Results Delayed" activity on each order for its salesperson."""
        activity_type = self.env.ref("lab_customer_service.mail_activity_type_lab_delay")
        model_id = self.env["ir.model"]._get_id(orders._name)
        # The activity is the staff's notice: no extra "assigned to you" email per late order.
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": order.id,
                    "activity_type_id": activity_type.id,
                    "user_id": order.user_id.id or self.env.user.id,
                    "date_deadline": today,
                    "summary": self.env._(
                        "Results expected on %(date)s: customer notified of the delay",
                        date=order.lab_date_expected,
                    ),
                }
                for order in orders
            ]
        )
