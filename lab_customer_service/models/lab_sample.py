from collections import defaultdict

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from .lab_roles import (
    CUSTOMER_DATA,
    DEPUTY_DIRECTOR,
    QUALITY_MANAGER,
    RECEPTION,
    SUPERVISOR,
    TECHNICIAN,
)
from .lab_sample_condition_mixin import CONDITION_ON_RECEIPT

# Samples in these states have left the lab or were never analysed: nothing more can happen to them.
CLOSED_STATES = ("rejected", "returned", "disposed")
# Samples whose expected report date is history: the date the work was promised for stays.
DATE_KEPT_STATES = ("reported", *CLOSED_STATES)

# The condition of a sample as received (R-SR-03): once checked, by its acceptance or rejection,
# it stays as it was checked (R-SR-04); the holding time is counted from these dates.
CONDITION_FIELDS = (*CONDITION_ON_RECEIPT, "date_sampled", "date_received")

# A legal hold is set and lifted by the Quality Manager or the Director (and Deputy).
LEGAL_HOLD_GROUPS = (
    QUALITY_MANAGER,
    DEPUTY_DIRECTOR,
)


class LabSample(models.Model):
    _name = "lab.sample"
    _description = "Laboratory Sample"
    # The order and the customer (lab.order.linked.mixin) only the roles that face the customer
    # may read: inside the lab a sample is known only by its registration code (R-SR-02).
    _inherit = [
        "lab.protected.mixin",
        "lab.order.linked.mixin",
        "lab.sample.condition.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
    ]
    _order = "date_received desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name"]
    # Issue 15: each step of a sample's life is recorded by its own action, which checks the role
    # (R-SR-04 acceptance, R-SH-01 retention, disposal and legal hold, R-SH-02/03, R-RC-01).
    _lab_protected_actions = {
        "action_accept": ("state", "condition_checked_by_id"),
        "action_accept_with_consent": ("is_customer_consent", "consent_reservation"),
        "_lab_reject": (
            "state",
            "condition_checked_by_id",
            "rejection_reason_id",
            "rejection_note",
            "date_rejected",
        ),
        "action_start_test": ("state",),
        # lab.test.report.action_release: the samples are reported and their retention starts
        "_lab_report_released": ("state", "date_retention_end"),
        "action_request_retest": ("state", "retest_count"),
        "action_set_legal_hold": ("is_legal_hold", "legal_hold_note"),
        "action_lift_legal_hold": ("is_legal_hold", "legal_hold_note"),
        "_lab_dispose": ("state", "disposal_id"),
        "_lab_return": ("state", "return_id"),
    }
    # A rejected, returned or disposed sample is a closed record; a rejected one still sits on a
    # shelf until it is returned or disposed of.
    _lab_frozen_states = CLOSED_STATES
    _lab_frozen_open_fields = ("location_id", "access_token", "message_main_attachment_id")
    # A sample may move onto another order of the customer, received there (R-CR-03).
    _lab_fixed_fields = ()

    # No index of its own: the unique constraint on (name, company_id) starts with the code.
    name = fields.Char(
        string="Registration Code",
        required=True,
        readonly=True,
        copy=False,
        default="/",
    )
    # The customer's portal link opens a page that names the customer and the order (R-SR-02):
    # for the roles that see customers, and the customer in its portal.
    access_token = fields.Char(groups=f"{CUSTOMER_DATA},base.group_portal")
    sale_line_ids = fields.Many2many(
        "sale.order.line",
        string="Ordered Tests",
        compute="_compute_sale_line_ids",
        search="_search_sale_line_ids",
        groups=CUSTOMER_DATA,
        help="The order lines of this sample's tests.",
    )
    test_ids = fields.Many2many(
        "product.product",
        string="Tests",
        domain=[("is_lab_test", "=", True)],
        help="The tests to perform on this sample.",
    )
    # Given when the sample is registered, the order's unless told otherwise: not the mixin's.
    company_id = fields.Many2one(
        "res.company",
        related=False,
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    state = fields.Selection(
        [
            ("received", "Received"),
            ("accepted", "Accepted"),
            ("rejected", "Rejected"),
            ("in_test", "In Test"),
            ("reported", "Reported"),
            ("returned", "Returned"),
            ("disposed", "Disposed"),
        ],
        default="received",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    description = fields.Char(string="Characteristics")
    source = fields.Char(
        string="Source / Sampling Point", help="Where and how the customer took the sample."
    )
    date_sampled = fields.Datetime(string="Sampled On")
    date_received = fields.Datetime(
        string="Received On", default=fields.Datetime.now, required=True, tracking=True
    )
    received_by_id = fields.Many2one("res.users", default=lambda self: self.env.user, tracking=True)
    # R-CM-03: reception date plus the longest turnaround of the sample's tests, in working days of
    # the company's calendar; editable, for a date agreed with the customer.
    date_expected = fields.Date(
        string="Expected Report Date",
        compute="_compute_date_expected",
        store=True,
        readonly=False,
        tracking=True,
        help="Reception date plus the longest turnaround of the sample's tests, in working days.",
    )
    location_id = fields.Many2one(
        "lab.storage.location", string="Storage Location", check_company=True, tracking=True
    )
    area_id = fields.Many2one("lab.area", compute="_compute_area_id", store=True)
    is_legal_hold = fields.Boolean(
        string="Legal Hold",
        readonly=True,
        copy=False,
        tracking=True,
        help="Set while an objection, complaint or appeal concerns this sample: it cannot be "
        "disposed of.",
    )
    legal_hold_note = fields.Char(
        string="Legal Hold Reason", readonly=True, copy=False, tracking=True
    )

    # Condition on receipt (R-SR-03): lab.sample.condition.mixin
    max_holding_hours = fields.Integer(
        string="Maximum Holding Time (hours)", compute="_compute_holding"
    )
    holding_hours = fields.Float(string="Hours Since Sampling", compute="_compute_holding")
    condition_issues = fields.Char(compute="_compute_condition_issues")
    condition_checked_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    # R-SR-04: analysis despite a failed condition needs the customer's written consent, and the
    # report carries the reservation.
    is_customer_consent = fields.Boolean(
        string="Customer Consented in Writing",
        readonly=True,
        copy=False,
        tracking=True,
        help="The customer agreed in writing that the sample is analysed although it does not "
        "meet the method's conditions. The reservation is printed on the report.",
    )
    consent_reservation = fields.Text(
        string="Reservation on the Report", readonly=True, copy=False, tracking=True
    )
    rejection_reason_id = fields.Many2one(
        "lab.sample.rejection.reason", readonly=True, copy=False, tracking=True
    )
    rejection_note = fields.Text(readonly=True, copy=False)
    date_rejected = fields.Datetime(string="Rejected On", readonly=True, copy=False)

    # Retention, return and disposal (R-SH-01..03)
    report_ids = fields.Many2many(
        "lab.test.report",
        "lab_sample_lab_test_report_rel",
        "lab_sample_id",
        "lab_test_report_id",
        string="Test Reports",
        readonly=True,
    )
    date_retention_end = fields.Date(
        string="Retained Until",
        readonly=True,
        copy=False,
        tracking=True,
        help="Set when the report is released: release date plus the longest retention period "
        "of the sample's tests. The sample cannot be disposed of before.",
    )
    disposal_id = fields.Many2one(
        "lab.sample.disposal", readonly=True, copy=False, index="btree_not_null"
    )
    return_id = fields.Many2one(
        "lab.sample.return", readonly=True, copy=False, index="btree_not_null"
    )
    retest_count = fields.Integer(string="Re-tests Requested", readonly=True, copy=False)

    _name_company_unique = models.Constraint(
        "UNIQUE(name, company_id)", "Two samples can never share a registration code."
    )

    @api.depends("order_id.order_line.product_id", "test_ids")
    def _compute_sale_line_ids(self):
        for sample in self:
            sample.sale_line_ids = sample.order_id.order_line.filtered(
                lambda line, tests=sample.test_ids: line.product_id in tests
            )

    @api.depends("location_id.area_id")
    def _compute_area_id(self):
        # one assignment per location: a delivery of thousands shares one (R-SR-06)
        for location, samples in self.grouped("location_id").items():
            samples.area_id = location.area_id

    def _search_sale_line_ids(self, operator, value):
        # Derived from the order and the tests, so that a batch stores one link per test only.
        if operator != "in":
            return NotImplemented
        lines = self.env["sale.order.line"].browse(value)
        return Domain.OR(
            Domain("order_id", "=", line.order_id.id)
            & Domain("test_ids", "in", line.product_id.ids)
            for line in lines
        )

    @api.depends("test_ids.lab_max_holding_hours", "date_sampled", "date_received")
    def _compute_holding(self):
        for sample in self:
            limits = [h for h in sample.test_ids.mapped("lab_max_holding_hours") if h]
            sample.max_holding_hours = min(limits) if limits else 0
            if sample.date_sampled and sample.date_received:
                delta = sample.date_received - sample.date_sampled
                sample.holding_hours = delta.total_seconds() / 3600
            else:
                sample.holding_hours = 0.0

    @api.depends(
        "seal_state",
        "is_temperature_ok",
        "is_container_ok",
        "is_quantity_ok",
        "max_holding_hours",
        "holding_hours",
    )
    def _compute_condition_issues(self):
        for sample in self:
            sample.condition_issues = ", ".join(sample._lab_condition_issues())

    def _lab_condition_issues(self):
        """The method conditions this sample fails, as the reception officer would say them."""
        self.ensure_one()
        _ = self.env._
        issues = []
        if self.seal_state == "broken":
            issues.append(_("seal broken"))
        if not self.is_temperature_ok:
            issues.append(_("temperature out of limits"))
        if not self.is_container_ok:
            issues.append(_("unsuitable container"))
        if not self.is_quantity_ok:
            issues.append(_("insufficient quantity"))
        if self.max_holding_hours and self.holding_hours > self.max_holding_hours:
            issues.append(
                _(
                    "holding time exceeded (%(hours)d h, method allows %(max)d h)",
                    hours=self.holding_hours,
                    max=self.max_holding_hours,
                )
            )
        return issues

    @api.model_create_multi
    def create(self, vals_list):
        self._lab_orders(vals_list)._lab_check_work_allowed("reception")  # R-CR-03
        # the same dict may be passed several times; each sample needs its own code
        vals_list = [dict(vals) for vals in vals_list]
        self._lab_check_report_links(vals_list, create=True)
        self._lab_check_orders(vals_list)
        self._lab_fill_company(vals_list)
        self._lab_default_tests(vals_list)
        vals_list = self._lab_fill_defaults(vals_list)
        self._lab_assign_sample_codes(vals_list)
        return super().create(vals_list)

    def _lab_fill_defaults(self, vals_list):
        """The defaults of a batch, looked up once per set of given fields (R-SR-06): a delivery
        of thousands of samples shares them, and ``create`` then finds none missing."""
        defaults = {}
        filled = []
        for vals in vals_list:
            key = frozenset(vals)
            if key not in defaults:
                missing = [fname for fname in self._fields if fname not in key]
                defaults[key] = self.default_get(missing) if missing else {}
            filled.append({**defaults[key], **vals})
        return filled

    @api.model
    def _add_missing_default_values(self, values):
        # Nothing to look up when every field that can get a default is given, as
        # ``_lab_fill_defaults`` gives them: a delivery does not look its defaults up per sample.
        defaultable = self._lab_defaulted_fields().union(
            self.env["ir.default"]._get_model_defaults(self._name),
            (key[8:] for key in self.env.context if key.startswith("default_")),
        )
        if defaultable.issubset(values):
            return dict(values)
        return super()._add_missing_default_values(values)

    @api.model
    def _lab_defaulted_fields(self):
        """The fields with a default of their own (the model's definition: set per registry)."""
        cls = type(self)
        if "_lab_defaulted_fields_memo" not in vars(cls):
            cls._lab_defaulted_fields_memo = frozenset(
                fname for fname, field in self._fields.items() if field.default
            )
        return cls._lab_defaulted_fields_memo

    def _lab_fill_company(self, vals_list):
        """A sample belongs to the company of its order, whichever company the user works in."""
        companies = {}
        for vals in vals_list:
            if vals.get("company_id") or not vals.get("order_id"):
                continue
            order_id = vals["order_id"]
            if order_id not in companies:
                companies[order_id] = self.env["sale.order"].browse(order_id).company_id.id
            vals["company_id"] = companies[order_id]

    def _lab_assign_sample_codes(self, vals_list):
        """R-SR-02: each sample gets its code from its own company's sequence, one draw per
        company."""
        by_company = defaultdict(list)
        for vals in vals_list:
            by_company[vals.get("company_id") or self.env.company.id].append(vals)
        for company_id, company_vals in by_company.items():
            self.env["ir.sequence"].with_company(company_id)._lab_assign_codes(
                "lab.sample", company_vals
            )

    def _lab_check_report_links(self, vals_list, create=False):
        """The samples of a report are chosen on the report, which checks its state: linking or
        unlinking from the sample's side would change a released report (R-RP-01)."""
        if self.env.uid == SUPERUSER_ID:
            return
        for vals in vals_list:
            commands = vals.get("report_ids")
            if not commands:
                continue
            if create and all(_links_nothing(command) for command in commands):
                continue  # an empty list, as a form sends it
            raise UserError(
                self.env._("The samples of a test report are chosen on the report itself.")
            )

    def write(self, vals):
        if vals.get("order_id") and any(s.order_id.id != vals["order_id"] for s in self.sudo()):
            # moved onto another order: received there (R-CR-03)
            self._lab_orders([vals])._lab_check_work_allowed("reception")
        if "name" in vals and any(sample.name != vals["name"] for sample in self):
            raise UserError(self.env._("A registration code never changes once it is given."))
        if self.env.uid != SUPERUSER_ID:
            self._lab_check_report_links([vals])
            self._lab_check_received_record(vals)
        return super().write(vals)

    def _lab_check_received_record(self, vals):
        """Who received a sample never changes; its condition on receipt stays as it was when it
        was accepted or rejected (R-SR-03, R-SR-04)."""
        if "received_by_id" in vals and any(
            sample.received_by_id.id != (vals["received_by_id"] or False) for sample in self.sudo()
        ):
            raise UserError(self.env._("Who received a sample never changes once it is recorded."))
        changed = [fname for fname in CONDITION_FIELDS if fname in vals]
        if not changed:
            return
        checked = self.sudo().filtered(lambda s: s.state != "received")
        for sample in checked:
            for fname in changed:
                field = self._fields[fname]
                new = field.convert_to_record(field.convert_to_cache(vals[fname], sample), sample)
                if new != sample[fname]:
                    raise UserError(
                        self.env._(
                            "The condition of sample %(code)s on receipt was checked when it was "
                            "accepted or rejected and can no longer be changed (%(field)s).",
                            code=sample.name,
                            field=field._description_string(self.env),
                        )
                    )

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for sample in self:
            sample.access_url = f"/my/lab/samples/{sample.id}"
        return result

    @api.model
    def _lab_orders(self, vals_list):
        """The orders the samples of ``vals_list`` are received on, the context's default
        order included (the order's "Samples" list opens with one)."""
        default = self.env.context.get("default_order_id")
        ids = {vals.get("order_id", default) for vals in vals_list}
        return self.env["sale.order"].browse([i for i in ids if type(i) is int and i])

    def _lab_check_orders(self, vals_list):
        """R-SR-01: samples are received against a confirmed laboratory order only."""
        orders = self.env["sale.order"].browse(
            {vals["order_id"] for vals in vals_list if vals.get("order_id")}
        )
        for order in orders:
            if order.state != "sale":
                raise UserError(
                    self.env._(
                        "Order %(order)s is not confirmed: samples can only be received against a "
                        "confirmed, reviewed laboratory order.",
                        order=order.name,
                    )
                )
            if not order.is_lab_order:
                raise UserError(
                    self.env._("Order %(order)s contains no laboratory test.", order=order.name)
                )

    def _lab_default_tests(self, vals_list):
        """Without explicit tests, a sample gets every laboratory test of its order."""
        lines_by_order = {}
        for vals in vals_list:
            if not vals.get("order_id") or vals.get("test_ids"):
                continue
            order_id = vals["order_id"]
            if order_id not in lines_by_order:
                order = self.env["sale.order"].browse(order_id)
                lines_by_order[order_id] = order.order_line.filtered("product_id.is_lab_test")
            lines = lines_by_order[order_id]
            vals["test_ids"] = [fields.Command.set(lines.product_id.ids)]

    def action_accept(self):
        """R-SR-04: accept samples that meet their method's conditions, or carry written consent."""
        self.check_access("write")
        self._lab_check_role(
            RECEPTION,
            message=self.env._("Only the Sample Reception Officer accepts samples."),
        )
        for sample in self:
            if sample.state != "received":
                raise UserError(
                    self.env._("Sample %(code)s is not waiting for acceptance.", code=sample.name)
                )
            issues = sample._lab_condition_issues()
            if issues and not (sample.is_customer_consent and sample.consent_reservation):
                raise UserError(
                    self.env._(
                        "Sample %(code)s does not meet its method's conditions (%(issues)s). "
                        "Reject it, or record the customer's written consent and the reservation "
                        "the report must carry.",
                        code=sample.name,
                        issues=", ".join(issues),
                    )
                )
        self._lab_grant("action_accept").write(
            {"state": "accepted", "condition_checked_by_id": self.env.uid}
        )
        return True

    def action_open_consent_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Accept with the Customer's Consent"),
            "res_model": "lab.sample.consent.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def action_accept_with_consent(self, reservation):
        """R-SR-04: the customer agreed in writing that samples failing their method's conditions
        are analysed all the same; the consent and the reservation the report must carry are
        recorded, and the samples accepted."""
        self.check_access("write")
        self._lab_check_role(
            RECEPTION,
            message=self.env._("Only the Sample Reception Officer records a customer's consent."),
        )
        reservation = (reservation or "").strip()
        if not reservation:
            raise UserError(self.env._("Write the reservation the report must carry."))
        not_waiting = self.filtered(lambda s: s.state != "received")
        if not_waiting:
            raise UserError(
                self.env._(
                    "Sample %(code)s is not waiting for acceptance.", code=not_waiting[0].name
                )
            )
        self._lab_grant("action_accept_with_consent").write(
            {"is_customer_consent": True, "consent_reservation": reservation}
        )
        return self.action_accept()

    def action_start_test(self):
        """Accepted samples go to the analysts."""
        self.check_access("write")
        self._lab_check_role(
            TECHNICIAN,
            message=self.env._("Only laboratory technicians start the analysis of samples."),
        )
        not_accepted = self.filtered(lambda s: s.state != "accepted")
        if not_accepted:
            raise UserError(
                self.env._(
                    "Only accepted samples can go to test: %(codes)s.",
                    codes=", ".join(not_accepted.mapped("name")),
                )
            )
        self._lab_grant("action_start_test").write({"state": "in_test"})
        return True

    def action_print_labels(self):
        return self.env.ref("lab_customer_service.action_report_sample_label").report_action(self)

    def action_open_reject_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject Samples"),
            "res_model": "lab.sample.reject.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def _lab_reject(self, reason, note=False):
        """R-SR-04: reject, record the reason and notify the customer (mail + PDF notice)."""
        self.check_access("write")
        self._lab_check_role(
            RECEPTION,
            message=self.env._("Only the Sample Reception Officer rejects samples."),
        )
        if not reason:
            raise UserError(self.env._("Give the reason for the rejection."))
        not_open = self.filtered(lambda s: s.state not in ("received", "accepted"))
        if not_open:
            raise UserError(
                self.env._(
                    "Only received or accepted samples can be rejected: %(codes)s.",
                    codes=", ".join(not_open.mapped("name")),
                )
            )
        self._lab_grant("_lab_reject").write(
            {
                "state": "rejected",
                "rejection_reason_id": reason.id,
                "rejection_note": note,
                "date_rejected": fields.Datetime.now(),
                "condition_checked_by_id": self.env.uid,
            }
        )
        self._lab_notify_rejection()
        return True

    def _lab_notify_rejection(self):
        """Tell the customer, on the order: the notice names the customer and the order, which
        inside the lab nobody links to a sample's code (R-SR-02); technicians read the sample's
        chatter, not the order's."""
        template = self.env.ref("lab_customer_service.mail_template_sample_rejection")
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for sample in self:
            order = sample.order_id
            contact = order.partner_id
            if contact.email:
                template._lab_post_on(sample, order)
                continue
            # No address to write to: the notice is kept on the order and a person must tell
            # the customer by another way; it is not dropped.
            template._lab_post_on(sample, order, notify=False)
            order.activity_schedule(
                activity_type_id=activity_type.id,
                summary=self.env._("Tell the customer about the rejected sample"),
                note=self.env._(
                    "%(contact)s has no email address: send the rejection notice of sample "
                    "%(code)s by another way.",
                    contact=contact.display_name,
                    code=sample.name,
                ),
                user_id=(order.user_id or self.env.user).id,
            )

    @api.model
    def _mail_get_partner_fields(self, introspect_fields=False):
        # A reply on a sample's chatter is never suggested to its customer: customers are
        # written to on the order (R-SR-02), and technicians may not read the customer at all.
        return []

    def action_request_retest(self):
        """R-SH-02: a retained sample goes back to the lab for a re-test, on the customer's
        request."""
        self.check_access("write")
        self._lab_check_role(
            RECEPTION,
            message=self.env._("Re-tests are requested through the Sample Reception Officer."),
        )
        today = fields.Date.context_today(self)
        for sample in self:
            if sample.state != "reported" or (
                sample.date_retention_end and sample.date_retention_end < today
            ):
                raise UserError(
                    self.env._(
                        "Sample %(code)s is not retained any more and cannot be re-tested.",
                        code=sample.name,
                    )
                )
        for sample in self:
            sample._lab_grant("action_request_retest").write(
                {"state": "accepted", "retest_count": sample.retest_count + 1}
            )
            sample.message_post(body=self.env._("Re-test requested by the customer."))
        return True

    # Legal hold (R-SH-01, R-RC-01)

    def action_open_legal_hold_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Put under Legal Hold"),
            "res_model": "lab.sample.legal.hold.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def _lab_check_legal_hold_role(self):
        self.check_access("write")
        self._lab_check_role(
            *LEGAL_HOLD_GROUPS,
            message=self.env._(
                "Only the Quality Manager or the Director puts samples under legal hold or "
                "lifts it."
            ),
        )

    def action_set_legal_hold(self, note):
        """Keep samples as evidence (an objection, a complaint, a court order): while the hold
        stands they are neither disposed of nor returned, whatever their retention."""
        self._lab_check_legal_hold_role()
        note = (note or "").strip()
        if not note:
            raise UserError(self.env._("Give the reason for the legal hold."))
        gone = self.filtered(lambda s: s.state in ("returned", "disposed"))
        if gone:
            raise UserError(
                self.env._("Sample %(code)s has already left the laboratory.", code=gone[0].name)
            )
        self._lab_grant("action_set_legal_hold").write(
            {"is_legal_hold": True, "legal_hold_note": note}
        )
        return True

    def action_lift_legal_hold(self):
        """End the legal hold: the samples follow their retention again (the reason stays in
        their history)."""
        self._lab_check_legal_hold_role()
        self.filtered("is_legal_hold")._lab_grant("action_lift_legal_hold").write(
            {"is_legal_hold": False, "legal_hold_note": False}
        )
        return True

    # Disposal and return (R-SH-01, R-SH-03)

    def _lab_check_disposable(self):
        """R-SH-01: refuse before the retention end or while a legal hold stands."""
        _ = self.env._
        self._lab_check_role(
            SUPERVISOR,
            RECEPTION,
            message=_("Only a supervisor or the Sample Reception Officer disposes of samples."),
        )
        if not self:
            raise UserError(_("Select the samples to dispose of."))
        today = fields.Date.context_today(self)
        for sample in self:
            if sample.is_legal_hold:
                raise UserError(
                    _(
                        "Sample %(code)s is under a legal hold (%(why)s) "
                        "and cannot be disposed of.",
                        code=sample.name,
                        why=sample.legal_hold_note or _("objection or complaint"),
                    )
                )
            if sample.state in ("disposed", "returned"):
                raise UserError(
                    _("Sample %(code)s has already left the laboratory.", code=sample.name)
                )
            if sample.state != "rejected" and (
                not sample.date_retention_end or sample.date_retention_end >= today
            ):
                raise UserError(
                    _(
                        "Sample %(code)s must be retained until %(date)s.",
                        code=sample.name,
                        date=sample.date_retention_end or _("its report is released"),
                    )
                )

    def _lab_dispose(self, disposal):
        """The samples leave the laboratory with ``disposal`` (called by its ``create``)."""
        self._lab_check_disposable()
        self._lab_grant("_lab_dispose").write({"state": "disposed", "disposal_id": disposal.id})

    def _lab_check_returnable(self):
        """R-SH-03: the leftovers of one customer, still in the laboratory and not on hold."""
        self._lab_check_role(
            RECEPTION,
            message=self.env._("Only the Sample Reception Officer returns samples."),
        )
        if not self:
            raise UserError(self.env._("Select the samples to return."))
        samples = self
        if len(samples.order_id.partner_id.commercial_partner_id) > 1:
            raise UserError(self.env._("A return note covers the samples of one customer."))
        left = samples.filtered(lambda s: s.state in ("returned", "disposed"))
        if left:
            raise UserError(
                self.env._(
                    "These samples have already left the laboratory: %(codes)s.",
                    codes=", ".join(left.mapped("name")),
                )
            )
        held = samples.filtered("is_legal_hold")
        if held:
            raise UserError(
                self.env._(
                    "These samples are under a legal hold and stay in the laboratory: %(codes)s.",
                    codes=", ".join(held.mapped("name")),
                )
            )

    def _lab_return(self, sample_return):
        """The samples are handed back with ``sample_return`` (called by its ``create``)."""
        self._lab_check_returnable()
        self._lab_grant("_lab_return").write({"state": "returned", "return_id": sample_return.id})

    def action_dispose(self):
        return self._lab_open_record_form("lab.sample.disposal", self.env._("Dispose of Samples"))

    def action_return(self):
        return self._lab_open_record_form("lab.sample.return", self.env._("Return to Customer"))

    def _lab_open_record_form(self, model, name):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_sample_ids": [fields.Command.set(self.ids)]},
        }

    def _lab_involved_users(self):
        """See ``sale.order._lab_involved_users``."""
        return (
            self.received_by_id
            | self.condition_checked_by_id
            | self.disposal_id.disposed_by_id
            | self.return_id.handed_over_by_id
        )

    # Expected report date (R-CM-03)

    @api.depends("date_received", "test_ids.lab_turnaround_days", "company_id")
    def _compute_date_expected(self):
        expected = {}  # {(company, reception, tests): sample ids}
        for sample in self:
            if sample.id and sample.state in DATE_KEPT_STATES:
                # the date the work was promised for stays: the on-time figures of reported
                # work do not move with a later change of the catalogue
                continue
            tests = sample.test_ids
            if not tests:
                # Tests not yet chosen: the order's tests stand in (a narrow, read-only lookup
                # of turnaround times; the order is hidden from lab roles).
                tests = sample.sudo().order_id.order_line.product_id.filtered("is_lab_test")
            # a delivery shares its company, reception moment and tests: one computation
            key = (sample.company_id, sample.date_received, tests)
            expected.setdefault(key, []).append(sample.id)
        for key, ids in expected.items():
            self.browse(ids).date_expected = self._lab_expected_date(*key)

    @api.model
    def _lab_expected_date(self, company, date_received, tests):
        """R-CM-03: the day of ``date_received`` on the lab's clock plus the longest turnaround
        of ``tests``, in working days of ``company``'s calendar."""
        days = max(tests.mapped("lab_turnaround_days") or [0])
        if not (date_received and days):
            return False
        return (company or self.env.company)._lab_add_working_days(date_received, days)


def _links_nothing(command):
    """Whether a many2many command, on a new record, links nothing."""
    if not isinstance(command, (list, tuple)) or not command:
        return False
    if command[0] == fields.Command.CLEAR:
        return True
    return command[0] == fields.Command.SET and not (len(command) > 2 and command[2])


def _command_ids(command):
    """The ids a many2many command (or plain id list) links."""
    if isinstance(command, int):
        return [command]
    if command[0] == fields.Command.SET:
        return list(command[2])
    if command[0] == fields.Command.LINK:
        return [command[1]]
    return []
