# pylint: disable=consider-merging-classes-inherited
import logging

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

DELAY_STATES = [
    ("on_time", "On Time"),
    ("at_risk", "At Risk"),
    ("late", "Late"),
    ("reported", "Reported"),
]


class SaleOrder(models.Model):
    """Expected report date of a lab order and the delay notices (R-CM-03).

    A separate file from ``sale_order.py`` on purpose: several features extend ``sale.order`` in
    parallel, and one file per feature keeps them apart."""

    _inherit = "sale.order"

    lab_date_expected = fields.Date(
        string="Expected Report Date",
        compute="_compute_lab_date_expected",
        store=True,
        tracking=True,
        help="The latest expected report date of the order's samples; before any sample is "
        "received, the confirmation date plus the longest test turnaround in working days.",
    )
    lab_is_reported = fields.Boolean(
        string="Reported",
        compute="_compute_lab_is_reported",
        store=True,
        help="A test report of this order has been released.",
    )
    lab_delay_state = fields.Selection(
        DELAY_STATES,
        string="Delivery",
        compute="_compute_lab_delay_state",
        search="_search_lab_delay_state",
    )
    lab_delay_notified_date = fields.Date(
        string="Delay Notified For",
        readonly=True,
        copy=False,
        help="The expected report date the customer was last told is at risk. A new notice is "
        "sent only when the expected date changes: one notice per delay.",
    )
    lab_delay_notified_on = fields.Datetime(string="Delay Notified On", readonly=True, copy=False)

    # The delay scan reads only confirmed, unreported lab orders by expected date.
    _lab_delay_scan_idx = models.Index(
        "(company_id, lab_date_expected) WHERE state = 'sale' AND is_lab_order "
        "AND lab_is_reported IS NOT TRUE"
    )

    @api.depends(
        "state",
        "date_order",
        "company_id",
        "order_line.product_id.lab_turnaround_days",
        "lab_sample_ids.date_expected",
    )
    def _compute_lab_date_expected(self):
        cache = {}
        for order in self:
            sample_dates = [d for d in order.sudo().lab_sample_ids.mapped("date_expected") if d]
            if sample_dates:
                order.lab_date_expected = max(sample_dates)
            elif order.state == "sale" and order.is_lab_order:
                days = max(order.order_line.product_id.mapped("lab_turnaround_days") or [0])
                order.lab_date_expected = order.company_id._lab_add_working_days(
                    order.date_order, days, cache
                )
            else:
                order.lab_date_expected = False

    @api.depends("lab_report_ids.state")
    def _compute_lab_is_reported(self):
        for order in self:
            order.lab_is_reported = any(
                state in ("released", "superseded")
                for state in order.lab_report_ids.mapped("state")
            )

    def _compute_lab_delay_state(self):
        today = fields.Date.context_today(self)
        limits = {}
        for order in self:
            if order.lab_is_reported:
                order.lab_delay_state = "reported"
                continue
            if order.state != "sale" or not order.lab_date_expected:
                order.lab_delay_state = False
                continue
            company = order.company_id
            if company not in limits:
                limits[company] = company._lab_add_working_days(today, company.lab_delay_risk_days)
            if order.lab_date_expected < today:
                order.lab_delay_state = "late"
            elif order.lab_date_expected <= limits[company]:
                order.lab_delay_state = "at_risk"
            else:
                order.lab_delay_state = "on_time"

    def _search_lab_delay_state(self, operator, value):
        if operator not in ("=", "in"):
            return NotImplemented
        values = [value] if operator == "=" else list(value)
        today = fields.Date.context_today(self)
        company = self.env.company
        limit = company._lab_add_working_days(today, company.lab_delay_risk_days)
        open_work = [("state", "=", "sale"), ("lab_is_reported", "=", False)]
        domains = {
            "reported": [("lab_is_reported", "=", True)],
            "late": [*open_work, ("lab_date_expected", "<", today)],
            "at_risk": [
                *open_work,
                ("lab_date_expected", ">=", today),
                ("lab_date_expected", "<=", limit),
            ],
            "on_time": [*open_work, ("lab_date_expected", ">", limit)],
        }
        return Domain.OR(Domain(domains[v]) for v in values if v in domains)

    # ------------------------------------------------------------------ delay notices
    def _lab_delay_candidates_sql(self, company, limit_date, batch_size):
        """Confirmed, unreported lab orders of ``company`` expected by ``limit_date`` whose
        customer was not yet told about this expected date. One indexed query per batch."""
        return SQL(
            """
            SELECT id FROM sale_order
             WHERE company_id = %(company)s
               AND state = 'sale' AND is_lab_order AND lab_is_reported IS NOT TRUE
               AND lab_date_expected <= %(limit)s
               AND lab_delay_notified_date IS DISTINCT FROM lab_date_expected
             ORDER BY lab_date_expected, id
             LIMIT %(batch)s
            """,
            company=company.id,
            limit=limit_date,
            batch=batch_size,
        )

    @api.model
    def _cron_lab_notify_delays(self, batch_size=200):
        """Tell customers, once per delay, that their results are at risk or late (R-CM-03).

        Works in batches: each batch's notices and its "notified" marks are committed together
        through ``ir.cron._commit_progress``; if the run dies mid-batch, that batch is rolled
        back as a whole (mails are only queued, never sent before the commit), so the next run
        picks up exactly the orders not yet notified and no customer is told twice.
        """
        IrCron = self.env["ir.cron"]
        today = fields.Date.context_today(self)
        self.flush_model()
        todo = []
        total = 0
        for company in self.env["res.company"].search([]):
            limit_date = company._lab_add_working_days(today, company.lab_delay_risk_days)
            self.env.cr.execute(
                SQL(
                    "SELECT count(*) FROM (%s) AS candidates",
                    self._lab_delay_candidates_sql(company, limit_date, None),
                )
            )
            count = self.env.cr.fetchone()[0]
            if count:
                todo.append((company, limit_date))
                total += count
        IrCron._commit_progress(remaining=total)
        done = set()
        for company, limit_date in todo:
            while True:
                self.env.flush_all()
                self.env.cr.execute(self._lab_delay_candidates_sql(company, limit_date, batch_size))
                ids = [row[0] for row in self.env.cr.fetchall()]
                if not ids or done.intersection(ids):
                    break  # nothing left (or a notice that did not stick: never loop on it)
                done.update(ids)
                self.browse(ids).with_company(company)._lab_send_delay_notices(today)
                if not IrCron._commit_progress(len(ids)):
                    return  # out of time: the next run resumes with what is left
        return

    def _lab_send_delay_notices(self, today):
        """Queue the delay notice to each order's customer (logged in the order's chatter),
        give the responsible salesperson an activity, and remember the notified date."""
        template = self.env.ref("lab_customer_service.mail_template_lab_order_delay")
        composer = self.env["mail.compose.message"].create(
            {
                "composition_mode": "mass_mail",
                "model": self._name,
                "res_ids": self.ids,
                "template_id": template.id,
                "auto_delete": True,
                "auto_delete_keep_log": True,
            }
        )
        composer._action_send_mail()
        activity_type = self.env.ref("lab_customer_service.mail_activity_type_lab_delay")
        model_id = self.env["ir.model"]._get_id(self._name)
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
                for order in self
            ]
        )
        now = fields.Datetime.now()
        by_date = {}
        for order in self:
            by_date.setdefault(order.lab_date_expected, self.browse())
            by_date[order.lab_date_expected] |= order
        for expected, orders in by_date.items():
            orders.with_context(tracking_disable=True).write(
                {"lab_delay_notified_date": expected, "lab_delay_notified_on": now}
            )
        _logger.info("Delay notices queued for %d lab orders", len(self))
