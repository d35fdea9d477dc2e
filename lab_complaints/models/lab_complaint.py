from odoo import api, fields, models
from odoo.exceptions import UserError

from .lab_complaint_communication import ACKNOWLEDGE_GROUPS
from .lab_complaint_stage import STEPS

# The date each step stamps when a complaint first reaches it (the decision has its own).
STEP_DATES = {
    "acknowledged": "date_acknowledged",
    "validated": "date_validated",
    "closed": "date_closed",
}


class LabComplaint(models.Model):
    """A complaint, appeal, internal concern or suggestion (17025 §7.9, R-CP-01..09).

    This file holds the record, its stages and dates, create and write, validation,
    investigation and the impartial decision, which is a record of its own
    (``lab.complaint.decision``). Intake and anonymity (``lab.complaint.intake``),
    acknowledgement and communication with the complainant (``lab.complaint.communication``),
    corrective actions (``lab.complaint.corrective.action``), appeals and legal hold
    (``lab.complaint.appeal``) are parts in their own files.

    Its stage and the dates of its steps, the day it was received, whether it is anonymous, the
    validation, the decision, the appeal's deadline and the complainant's feedback change only
    through the actions declared below (issue 15): retention runs from the receipt and the
    closing (R-RC-01), the figures of the management review from all of them (R-CP-08).
    """

    _name = "lab.complaint"
    _description = "Complaint or Appeal"
    # The concerns come before mail.thread: lab.complaint.intake overrides its message_new.
    _inherit = [
        "lab.sender.verification.mixin",
        "lab.protected.mixin",
        "lab.complaint.intake",
        "lab.complaint.communication",
        "lab.complaint.corrective.action",
        "lab.complaint.appeal",
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_received desc, id desc"
    _check_company_auto = True
    _primary_email = "email_from"
    # Set by its default when the complaint is received, never rewritten (R-CP-01, R-RC-01).
    _lab_registration_fields = ("date_received",)
    # Issue 16: a complaint mailed from a customer's address waits for its sender's proof.
    _lab_sender_verify_groups = ACKNOWLEDGE_GROUPS
    _lab_sender_confirmation_template = "lab_complaints.mail_template_complaint_confirm_sender"
    _lab_protected_actions = {
        # Settled at receipt: only the anonymous intake, which runs as the system, files one.
        "_lab_create_anonymous": ("is_anonymous",),
        "action_acknowledge": ("stage_id", "date_acknowledged"),
        "action_close": ("stage_id", "date_closed"),
        "_check_appeals": ("objection_deadline", "is_late"),
        "_lab_record_feedback": ("feedback", "feedback_comment", "date_feedback"),
    }

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    complaint_type = fields.Selection(
        [
            ("complaint", "Complaint"),
            ("appeal", "Appeal against a Result"),
            ("concern", "Internal Concern"),
            ("suggestion", "Suggestion"),
        ],
        string="Type",
        required=True,
        default="complaint",
        tracking=True,
    )
    subject = fields.Char(required=True, tracking=True)
    description = fields.Html(sanitize_overridable=False)
    category_id = fields.Many2one("lab.complaint.category", tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    order_id = fields.Many2one("sale.order", check_company=True, index=True)
    sample_ids = fields.Many2many("lab.sample", string="Samples", check_company=True)
    report_id = fields.Many2one(
        "lab.test.report", string="Test Report", check_company=True, index=True
    )
    user_id = fields.Many2one(
        "res.users", string="Responsible", tracking=True, domain=[("share", "=", False)]
    )
    stage_id = fields.Many2one(
        "lab.complaint.stage",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        ondelete="restrict",
        default=lambda self: self._default_stage(),
        group_expand="_read_group_stage_ids",
    )
    step = fields.Selection(related="stage_id.step", store=True, index=True)
    date_received = fields.Datetime(
        string="Received On", required=True, default=fields.Datetime.now, index=True
    )
    date_acknowledged = fields.Datetime(string="Acknowledged On", readonly=True, copy=False)
    date_validated = fields.Datetime(string="Validated On", readonly=True, copy=False)
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False, index=True)
    hours_to_acknowledge = fields.Float(
        compute="_compute_durations", store=True, aggregator="avg", string="Hours to Acknowledge"
    )
    days_to_close = fields.Float(
        compute="_compute_durations", store=True, aggregator="avg", string="Days to Close"
    )

    _name_company_unique = models.Constraint(
        "UNIQUE(name, company_id)", "Two complaints can never share a reference."
    )

    def _default_stage(self):
        return self.env["lab.complaint.stage"].search([("step", "=", "received")], limit=1)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([], order=stages._order)

    @api.depends("date_received", "date_acknowledged", "date_closed")
    def _compute_durations(self):
        for complaint in self:
            start = complaint.date_received
            ack, closed = complaint.date_acknowledged, complaint.date_closed
            complaint.hours_to_acknowledge = (
                (ack - start).total_seconds() / 3600 if start and ack else 0.0
            )
            complaint.days_to_close = (
                (closed - start).total_seconds() / 86400 if start and closed else 0.0
            )

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/lab/complaint/{complaint.id}"
        return result

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.name

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        self._check_appeal_reports(vals_list)
        self.env["ir.sequence"]._lab_assign_codes("lab.complaint", vals_list)
        complaints = super().create(vals_list)
        complaints._check_appeals()
        complaints._stamp_step_dates()
        complaints._lab_sync_legal_hold(complaints._lab_held_samples())
        # R-CP-07: receipt is acknowledged by mail to whoever can be reached.
        complaints.filtered(
            lambda c: c.step == "received" and c._complainant_email()
        )._lab_acknowledge()
        return complaints

    def write(self, vals):
        complaints = self
        if vals.get("complaint_type") == "appeal":
            self._check_appeal_reports(
                [
                    {"complaint_type": "appeal", "report_id": vals.get("report_id", c.report_id.id)}
                    for c in self
                    if c.complaint_type != "appeal"
                ]
            )
        holds_before = self._lab_held_samples()
        old_stages = {complaint: complaint.stage_id for complaint in self}
        result = super(LabComplaint, complaints).write(vals)
        if "stage_id" in vals:
            # Only the step actions get here (the stage is protected): what every step does.
            changed = complaints.filtered(lambda c: c.stage_id != old_stages[c])
            changed.filtered(
                lambda c: c.step == "closed" and old_stages[c].step != "closed"
            )._log_closing()
            changed._stamp_step_dates()
            changed._send_progress_reports()
        if {"stage_id", "sample_ids", "report_id", "complaint_type"} & set(vals):
            self._lab_sync_legal_hold(holds_before | self._lab_held_samples())
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A complaint is a quality record: it is closed, never deleted."))

    def _stamp_step_dates(self):
        """Stamp the date of the step each complaint reached, once; runs inside the step's
        action, whose grant covers that date."""
        now = fields.Datetime.now()
        for complaint in self:
            field = STEP_DATES.get(complaint.step)
            if field and not complaint[field]:
                complaint.write({field: now})

    # ------------------------------------------------------------------ steps

    def _stage_for(self, step):
        stage = self.env["lab.complaint.stage"].search([("step", "=", step)], limit=1)
        if not stage:
            raise UserError(
                self.env._("No stage is configured for the step “%(step)s”.", step=step)
            )
        return stage

    def _check_step_is(self, *steps):
        for complaint in self:
            if complaint.step not in steps:
                raise UserError(
                    self.env._(
                        "%(ref)s is at the step “%(step)s”: this cannot be done now.",
                        ref=complaint.name,
                        step=dict(STEPS)[complaint.step],
                    )
                )

    def action_close(self):
        self._check_step_is("decided")
        self._check_can_close()
        self._lab_grant("action_close").write({"stage_id": self._stage_for("closed").id})
        return True

    # ------------------------------------------------------------------ figures

    @api.model
    def _management_review_domain(self, date_from, date_to, company):
        """The complaints received in the period, days of the company's calendar."""
        start, stop = company._lab_utc_bounds(date_from, date_to)
        return [
            ("company_id", "=", company.id),
            ("date_received", ">=", start),
            ("date_received", "<", stop),
        ]

    @api.model
    def _management_review_counts(self, date_from, date_to, company):
        """``{(type, is_justified): count}`` of the period: one grouped query for every type."""
        groups = self._read_group(
            self._management_review_domain(date_from, date_to, company),
            ["complaint_type", "is_justified"],
            ["__count"],
        )
        return {(kind, justified): count for kind, justified, count in groups}

    @api.model
    def _management_review_figures(self, date_from, date_to, company, counts=None):
        """Figures of the complaint register for a management review period (R-CP-08): each
        type on its own line, from one grouped query, then the mean times, one query each.

        Suggestions are not among them: the review counts them with the other suggestions
        (``lab.management.review._get_figures``). ``counts`` are the period's
        ``_management_review_counts`` when the caller has them already."""
        if counts is None:
            counts = self._management_review_counts(date_from, date_to, company)
        domain = self._management_review_domain(date_from, date_to, company)

        def count(kind, justified=None):
            return sum(n for (k, j), n in counts.items() if k == kind and justified in (None, j))

        def mean(extra, aggregate):
            [(value,)] = self._read_group(domain + extra, [], [aggregate])
            return round(value or 0.0, 1)

        def figure(key, label, value, unit=""):
            return {
                "section": "complaints",
                "key": key,
                "label": label,
                "value": value,
                "unit": unit,
            }

        _ = self.env._
        return [
            figure("complaints_total", _("Complaints received"), count("complaint")),
            figure(
                "complaints_justified", _("Complaints found justified"), count("complaint", "yes")
            ),
            figure("concerns_total", _("Internal concerns raised"), count("concern")),
            figure("appeals_total", _("Appeals against results"), count("appeal")),
            figure(
                "complaints_ack_hours",
                _("Mean time to acknowledge"),
                mean([("date_acknowledged", "!=", False)], "hours_to_acknowledge:avg"),
                _("hours"),
            ),
            figure(
                "complaints_close_days",
                _("Mean time to close"),
                mean([("date_closed", "!=", False)], "days_to_close:avg"),
                _("days"),
            ),
        ]
