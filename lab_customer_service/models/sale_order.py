from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

from .lab_roles import CUSTOMER_DATA

DELAY_STATES = [
    ("on_time", "On Time"),
    ("at_risk", "At Risk"),
    ("late", "Late"),
    ("reported", "Reported"),
]


class SaleOrder(models.Model):
    _inherit = ["sale.order", "lab.protected.mixin"]
    # R-CR-02 (issue 15): the confirmation gate reads the order's current review; only the
    # system points the order at it, when the quotation is saved or the order amended.
    _lab_protected_actions = {
        "_lab_ensure_review": ("lab_review_id",),
        "_lab_record_amendment": ("lab_review_id",),
    }

    is_lab_order = fields.Boolean(
        string="Laboratory Order",
        compute="_compute_is_lab_order",
        store=True,
        help="The order contains at least one laboratory test.",
    )
    lab_sample_ids = fields.One2many("lab.sample", "order_id", string="Samples")
    lab_sample_count = fields.Integer(string="Sample Count", compute="_compute_lab_sample_count")
    lab_report_ids = fields.One2many("lab.test.report", "order_id", string="Test Reports")
    # Contract review (R-CR-01..06): the review of the current revision gates confirmation.
    lab_review_ids = fields.One2many("lab.contract.review", "order_id", string="Contract Reviews")
    lab_review_id = fields.Many2one(
        "lab.contract.review",
        string="Contract Review",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    lab_review_state = fields.Selection(
        related="lab_review_id.state", store=True, string="Contract Review Status"
    )
    lab_revision = fields.Integer(related="lab_review_id.revision", string="Revision")
    lab_review_missing = fields.Text(
        string="Missing before Confirmation", compute="_compute_lab_review_missing"
    )
    lab_revision_ids = fields.One2many("lab.order.revision", "order_id", string="Amendments")
    lab_deviation_ids = fields.One2many("lab.order.deviation", "order_id", string="Deviations")
    lab_deviation_count = fields.Integer(compute="_compute_lab_deviation_count")
    has_lab_subcontracting = fields.Boolean(
        compute="_compute_has_lab_subcontracting", string="Has Subcontracted Tests"
    )

    @api.depends("order_line.product_id.is_lab_test")
    def _compute_is_lab_order(self):
        for order in self:
            order.is_lab_order = any(order.order_line.product_id.mapped("is_lab_test"))

    @api.depends("state", "is_lab_order", "lab_review_id.missing", "lab_review_state", "order_line")
    def _compute_lab_review_missing(self):
        for order in self:
            blockers = order._lab_confirmation_blockers() if order.is_lab_order else []
            order.lab_review_missing = "\n".join(blockers)

    def _compute_lab_deviation_count(self):
        counts = self._lab_count_per_order("lab.order.deviation")
        for order in self:
            order.lab_deviation_count = counts.get(order, 0)

    @api.depends("order_line.lab_accreditation")
    def _compute_has_lab_subcontracting(self):
        for order in self:
            order.has_lab_subcontracting = "subcontracted" in order.order_line.mapped(
                "lab_accreditation"
            )

    def _compute_lab_sample_count(self):
        counts = self._lab_count_per_order("lab.sample")
        for order in self:
            order.lab_sample_count = counts.get(order, 0)

    def _lab_count_per_order(self, model):
        """{order: number of its ``model`` records}, in one grouped query."""
        return dict(
            self.env[model]._read_group([("order_id", "in", self.ids)], ["order_id"], ["__count"])
        )

    def _lab_order_records_action(self, xmlid, context):
        """The window action ``xmlid`` listing this order's records, with ``context``."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = context
        return action

    def action_view_lab_samples(self):
        return self._lab_order_records_action(
            "lab_customer_service.lab_sample_action", {"default_order_id": self.id}
        )

    def _lab_involved_users(self):
        """Users who took part in the work for these orders (17025 §7.9.6 impartiality).

        Extension point: each feature that records a person acting on an order (contract review,
        reception, report steps) adds them here, so that whoever must judge the work impartially
        can exclude them. Returns a ``res.users`` recordset.
        """
        return (
            self.lab_sample_ids._lab_involved_users()
            | self.lab_report_ids._lab_involved_users()
            | self.lab_review_ids.reviewer_id
            | self.lab_review_ids.approver_id
        )

    # ------------------------------------------------------------------
    # Contract review (R-CR-01..06)
    # ------------------------------------------------------------------

    @api.constrains("partner_id", "is_lab_order", "company_id")
    def _check_lab_legal_entity(self):
        for order in self:
            if (
                order.is_lab_order
                and order.company_id.lab_legal_entity_only
                and not order.partner_id.commercial_partner_id.is_company
            ):
                raise ValidationError(
                    self.env._(
                        "%(company)s accepts laboratory orders only from legal entities; "
                        "%(partner)s is a private person. Choose the company they work for.",
                        company=order.company_id.name,
                        partner=order.partner_id.display_name,
                    )
                )

    @api.constrains("lab_review_id")
    def _check_lab_review_belongs_to_order(self):
        for order in self:
            if order.lab_review_id and order.lab_review_id.sudo().order_id != order:
                raise ValidationError(
                    self.env._(
                        "The contract review of %(order)s must be its own.", order=order.name
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders._lab_ensure_review()
        # R-CR-02: an order created confirmed (RPC, import) meets the gate too; its review has
        # only just been opened.
        for order in orders.filtered(lambda o: o.is_lab_order and o.state == "sale"):
            order._lab_check_confirmable()
        return orders

    def write(self, vals):
        if vals.get("state") == "sale":
            # R-CR-02: writing the state directly (RPC, import) meets the same gate as the
            # button, from whatever state the order is in (a cancelled quotation too).
            for order in self.filtered(lambda o: o.is_lab_order and o.state != "sale"):
                message = order._confirmation_error_message()
                if message:
                    raise UserError(message)
        amended = self.browse()
        if "commitment_date" in vals:
            amended = self.filtered(lambda o: o.state == "sale" and o.is_lab_order)
            before = {order: order.commitment_date for order in amended}
        res = super().write(vals)
        for order in amended:
            if order.commitment_date != before[order]:
                order._lab_record_amendment(
                    [
                        self.env._(
                            "Delivery date: %(old)s → %(new)s",
                            old=before[order] or "-",
                            new=order.commitment_date or "-",
                        )
                    ]
                )
        if "order_line" in vals or "partner_id" in vals:
            self._lab_ensure_review()
        return res

    def _lab_ensure_review(self):
        """Give every laboratory quotation its contract review, from the company's checklist."""
        todo = self.filtered(
            lambda o: o.is_lab_order and not o.lab_review_id and o.state != "cancel"
        )
        if not todo:
            return
        templates = {company: company.sudo()._lab_review_template() for company in todo.company_id}
        vals_list = []
        for order in todo:
            template = templates[order.company_id]
            vals_list.append(
                {
                    "order_id": order.id,
                    "template_id": template.id,
                    "line_ids": template._prepare_review_lines() if template else [],
                }
            )
        reviews = self.env["lab.contract.review"]._lab_open(vals_list)
        for order, review in zip(todo, reviews, strict=True):
            order._lab_grant("_lab_ensure_review").lab_review_id = review

    def _lab_confirmation_blockers(self):
        """Everything that keeps this laboratory order from being confirmed, in the user's words.

        Reads only prefetched fields, so that confirming many orders costs no query per order.
        """
        self.ensure_one()
        blockers = self._lab_review_blockers()
        if (
            self.company_id.lab_legal_entity_only
            and not self.partner_id.commercial_partner_id.is_company
        ):
            blockers.append(
                self.env._(
                    "%(partner)s is a private person; this laboratory serves legal entities only.",
                    partner=self.partner_id.display_name,
                )
            )
        return blockers + self._lab_subcontract_blockers()

    def _lab_review_blockers(self):
        """What the order's contract review still lacks before confirmation (R-CR-02)."""
        # Read as the system so that anyone confirming gets the reasons, not an access error.
        review = self.lab_review_id.sudo()
        if not review:
            return [self.env._("The contract review starts when the quotation is saved.")]
        if review.state == "approved":
            return []
        blockers = list(review._missing_items())
        if review.state == "submitted":
            blockers.append(
                self.env._(
                    "The contract review waits for approval by “%(group)s”.",
                    group=self.company_id.lab_review_approver_group_id.name,
                )
            )
        else:
            blockers.append(self.env._("The contract review has not been approved."))
        return blockers

    def _lab_subcontract_blockers(self):
        """What the order's subcontracted tests still lack: an approved subcontractor, the
        customer's written consent (R-CR-05)."""
        blockers = []
        for line in self.order_line:
            if line.lab_accreditation != "subcontracted":
                continue
            if not line.lab_subcontractor_id.is_lab_subcontractor_approved:
                blockers.append(
                    self.env._(
                        "%(test)s is subcontracted: choose an approved subcontractor.",
                        test=line.product_id.display_name,
                    )
                )
            if not line._lab_has_consent():
                blockers.append(
                    self.env._(
                        "%(test)s is subcontracted: the customer's written consent is missing.",
                        test=line.product_id.display_name,
                    )
                )
        return blockers

    def _confirmation_error_message(self):
        message = super()._confirmation_error_message()
        if message or not self.is_lab_order:
            return message
        return self._lab_blockers_message()

    def _lab_blockers_message(self):
        blockers = self._lab_confirmation_blockers()
        if not blockers:
            return False
        missing = "\n".join(f"- {b}" for b in blockers)
        if self.lab_review_id.sudo().state != "approved":
            return self.env._(
                "%(order)s cannot be confirmed before its contract review is approved:\n"
                "%(missing)s",
                order=self.name,
                missing=missing,
            )
        # The review is approved: name what else blocks, not the review.
        return self.env._(
            "%(order)s cannot be confirmed yet, although its contract review is approved:\n"
            "%(missing)s",
            order=self.name,
            missing=missing,
        )

    def _lab_check_confirmable(self):
        message = self._lab_blockers_message()
        if message:
            raise UserError(message)

    def _lab_check_customer_user(self, user):
        """Refuse ``user`` unless they speak for the customer of every order of ``self``.

        A portal step (consenting, agreeing, acknowledging) is the customer's own: an order's
        access token opens its page to whoever holds the link, not the right to answer for its
        customer.
        """
        for order in self.sudo():
            if user.partner_id.commercial_partner_id != order.partner_id.commercial_partner_id:
                raise AccessError(
                    self.env._(
                        "%(user)s does not act for %(customer)s and cannot answer for %(order)s.",
                        user=user.name,
                        customer=order.partner_id.commercial_partner_id.display_name,
                        order=order.name,
                    )
                )

    def _action_confirm(self):
        res = super()._action_confirm()
        # R-CR-05: the customer is told in writing which tests go to whom before work starts.
        for order in self.filtered("has_lab_subcontracting"):
            template = order.company_id._lab_mail_template("lab_subcontract_template_id")
            if template:
                order.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        return res

    def action_quotation_send(self):
        action = super().action_quotation_send()
        unreviewed = self.filtered(lambda o: o.is_lab_order and o.lab_review_state != "approved")
        if not unreviewed:
            return action
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": True,
                "title": self.env._("Contract review not approved"),
                "message": self.env._(
                    "%(orders)s: the contract review is not approved yet. The customer will not be "
                    "able to accept this quotation until it is.",
                    orders=", ".join(unreviewed.mapped("name")),
                ),
                "next": action,
            },
        }

    def _lab_record_amendment(self, changes):
        """Keep a change of a confirmed order and re-open its review (R-CR-03)."""
        self.ensure_one()
        # Amendments are recorded whoever changes the order; their history is read as the system.
        open_revision = self.sudo().lab_revision_ids.filtered(lambda rev: rev.state == "open")[:1]
        text = "\n".join(changes)
        if open_revision:
            open_revision._lab_grant("_lab_record").changes = f"{open_revision.changes}\n{text}"
            return open_revision
        revision = self._lab_open_amendment(text)
        self.message_post(
            body=self.env._(
                "Amendment %(rev)s re-opened the contract review:\n%(changes)s",
                rev=revision.revision,
                changes=text,
            )
        )
        mail_template = self.company_id._lab_mail_template("lab_revision_template_id")
        if mail_template:
            mail_template.sudo().send_mail(
                revision.id, email_layout_xmlid="mail.mail_notification_light"
            )
        if self.user_id:
            self.lab_review_id.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=self.user_id.id,
                summary=self.env._("Review amendment %(rev)s", rev=revision.revision),
            )
        return revision

    def _lab_open_amendment(self, text):
        """A new amendment of the order (the next revision) with its own contract review, from
        the checklist of the review it supersedes; the order points at the new review."""
        Revision = self.env["lab.order.revision"].sudo()
        previous = self.sudo().lab_review_id
        # Kept whoever changed the order (sudo keeps the user's id for changed_by_id).
        revision = (
            Revision._lab_grant("_lab_record")
            .create({"order_id": self.id, "revision": previous.revision + 1, "changes": text})
            .with_env(Revision.env)
        )
        previous._lab_supersede()
        template = previous.template_id or self.company_id.sudo()._lab_review_template()
        review = self.env["lab.contract.review"]._lab_open(
            [
                {
                    "order_id": self.id,
                    "revision": revision.revision,
                    "revision_id": revision.id,
                    "template_id": template.id,
                    "line_ids": template._prepare_review_lines() if template else [],
                }
            ]
        )
        self._lab_grant("_lab_record_amendment").lab_review_id = review
        return revision

    def _lab_check_work_allowed(self, work):
        """Refuse ``work`` ("reception" or "release") on an order of ``self`` while one of its
        amendments waits for its re-opened contract review (R-CR-03, 17025 §7.1.6): the
        amendment notice tells the customer the lab reviews the order again before the work
        continues. One query for the whole batch; read as the system, as whoever receives
        samples or releases reports need not read amendments. Like the other controls, it
        leaves the superuser's data files and migrations alone (``sudo()`` does not count)."""
        if not self or self.env.uid == SUPERUSER_ID:
            return
        pending = (
            self.env["lab.order.revision"]
            .sudo()
            .search_fetch(
                [("order_id", "in", self.ids), ("state", "=", "open")],
                ["order_id", "revision"],
                limit=1,
            )
        )
        if not pending:
            return
        order, revision = pending.order_id.name, pending.revision
        if work == "release":
            raise UserError(
                self.env._(
                    "Order %(order)s is being amended: no test report of it can be released "
                    "until the contract review of amendment %(revision)s is approved.",
                    order=order,
                    revision=revision,
                )
            )
        raise UserError(
            self.env._(
                "Order %(order)s is being amended: no sample can be received on it until the "
                "contract review of amendment %(revision)s is approved.",
                order=order,
                revision=revision,
            )
        )

    def action_lab_view_review(self):
        self.ensure_one()
        if not self.is_lab_order:
            raise ValidationError(
                self.env._(
                    "%(order)s contains no laboratory test: there is nothing to review.",
                    order=self.name,
                )
            )
        self._lab_ensure_review()
        return {
            "type": "ir.actions.act_window",
            "res_model": "lab.contract.review",
            "res_id": self.lab_review_id.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_lab_view_deviations(self):
        return self._lab_order_records_action(
            "lab_customer_service.lab_order_deviation_action", {"default_order_id": self.id}
        )

    # Expected report date of a lab order and the delay notices (R-CM-03); the notices are
    # found and sent by ``lab.delay.notice`` (``_lab_notify_due_orders``, ``_lab_notify``).
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
    # The register of delay notices (R-CM-03): one record per delay told to the customer.
    lab_delay_notice_ids = fields.One2many(
        "lab.delay.notice", "order_id", string="Delay Notices", readonly=True
    )
    lab_delay_notice_count = fields.Integer(
        string="Delay Notice Count",
        compute="_compute_lab_delay_notice_count",
        groups=CUSTOMER_DATA,
    )
    lab_delay_notice_due = fields.Boolean(
        string="Delay Not Yet Notified",
        compute="_compute_lab_delay_notice_due",
        store=True,
        copy=False,
        help="No delay notice was sent for the current expected report date. A new notice is "
        "sent only when the expected date changes: one notice per delay.",
    )

    # The delay scan reads only confirmed, unreported lab orders not yet notified, by date.
    _lab_delay_due_idx = models.Index(
        "(company_id, lab_date_expected) WHERE state = 'sale' AND is_lab_order "
        "AND lab_is_reported IS NOT TRUE AND lab_delay_notice_due"
    )

    @api.depends(
        "state",
        "date_order",
        "company_id",
        "order_line.product_id.lab_turnaround_days",
        "lab_sample_ids.date_expected",
    )
    def _compute_lab_date_expected(self):
        # The latest expected date of each saved order's samples, from one grouped query: an
        # order of thousands of samples loads none of them (R-SR-06). The samples' customer link
        # is hidden from lab roles, so the lookup is narrow and read-only.
        latest = {
            order.id: date_expected
            for order, date_expected in self.env["lab.sample"]
            .sudo()
            ._read_group(
                [("order_id", "in", self.ids), ("date_expected", "!=", False)],
                ["order_id"],
                ["date_expected:max"],
            )
        }
        cache = {}
        for order in self:
            if order.id:
                latest_sample = latest.get(order.id)
            else:  # an order being edited in a form: its samples as they are in the form
                dates = order.sudo().lab_sample_ids.mapped("date_expected")
                latest_sample = max(filter(None, dates), default=False)
            if latest_sample:
                order.lab_date_expected = latest_sample
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
    def _compute_lab_delay_notice_count(self):
        counts = self._lab_count_per_order("lab.delay.notice")
        for order in self:
            order.lab_delay_notice_count = counts.get(order, 0)

    @api.depends("lab_date_expected", "lab_delay_notice_ids.expected_date")
    def _compute_lab_delay_notice_due(self):
        # Read as the system: whoever changes an order's dates need not read its notices.
        for order in self:
            expected = order.lab_date_expected
            order.lab_delay_notice_due = bool(expected) and expected not in (
                order.sudo().lab_delay_notice_ids.mapped("expected_date")
            )

    @api.model
    def _cron_lab_notify_delays(self, batch_size=200):
        """The delay notices' scheduled action (its record, kept as users configured it, runs
        this model's method): see ``lab.delay.notice._lab_notify_due_orders``."""
        self.env["lab.delay.notice"]._lab_notify_due_orders(batch_size)

    def action_lab_view_delay_notices(self):
        return self._lab_order_records_action(
            "lab_customer_service.lab_delay_notice_action", {"create": False}
        )
