from collections import defaultdict
from datetime import datetime, time, timedelta

from markupsafe import Markup

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import email_normalize, html2plaintext

from .lab_complaint_stage import STEPS

# Python-only key: the decision fields may be written only by ``_lab_decide`` (which runs the
# impartiality check). An RPC context is JSON and can never carry this object.
_DECISION_WRITE = object()
DECISION_FIELDS = {
    "decision",
    "decision_director_id",
    "decision_quality_manager_id",
    "impartiality_check",
    "date_decided",
}
VALIDATION_FIELDS = {"is_lab_activity", "lab_activity_reason", "is_justified", "justified_reason"}
IDENTITY_FIELDS = ("partner_id", "complainant_name", "email_from", "phone")
ANONYMOUS_AUTHOR = "Anonymous"
QUALITY_GROUP = "lab_customer_service.group_lab_quality_manager"
DIRECTOR_GROUP = "lab_customer_service.group_lab_deputy_director"
INTERNAL = "lab_customer_service.group_lab_user"
YES_NO = [("yes", "Yes"), ("no", "No")]


class LabComplaint(models.Model):
    """A complaint, appeal, internal concern or suggestion (17025 §7.9, R-CP-01..09)."""

    _name = "lab.complaint"
    _description = "Complaint or Appeal"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_received desc, id desc"
    _check_company_auto = True
    _primary_email = "email_from"

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
    channel = fields.Selection(
        [
            ("portal", "Customer Portal"),
            ("web", "Public Web Form"),
            ("email", "Email"),
            ("phone", "Phone"),
            ("in_person", "In Person"),
            ("letter", "Letter"),
            ("internal", "Internal Form"),
        ],
        required=True,
        default="phone",
    )
    is_anonymous = fields.Boolean(
        string="Anonymous",
        readonly=True,
        help="No identity is stored: no contact, no name, no address, no author on any message.",
    )
    partner_id = fields.Many2one("res.partner", string="Complainant", index=True, tracking=True)
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True, string="Customer"
    )
    complainant_name = fields.Char()
    email_from = fields.Char(string="Email")
    phone = fields.Char()
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
    date_decided = fields.Datetime(string="Decided On", readonly=True, copy=False)
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False, index=True)
    hours_to_acknowledge = fields.Float(
        compute="_compute_durations", store=True, aggregator="avg", string="Hours to Acknowledge"
    )
    days_to_close = fields.Float(
        compute="_compute_durations", store=True, aggregator="avg", string="Days to Close"
    )

    # Validation (R-CP-03): each answer with its reason and who gave it.
    is_lab_activity = fields.Selection(YES_NO, string="Relates to Lab Activities", tracking=True)
    lab_activity_reason = fields.Text(string="Why (Lab Activities)", groups=INTERNAL)
    lab_activity_by_id = fields.Many2one(
        "res.users", string="Decided By (Activities)", readonly=True
    )
    is_justified = fields.Selection(YES_NO, string="Justified", tracking=True, index=True)
    justified_reason = fields.Text(string="Why (Justified)", groups=INTERNAL)
    justified_by_id = fields.Many2one("res.users", string="Decided By (Justified)", readonly=True)

    # Internal only (R-CP-05): never rendered to the complainant, never mailed.
    investigation_note = fields.Html(string="Investigation Notes", groups=INTERNAL)

    # Decision (R-CP-04)
    decision = fields.Html(
        string="Outcome",
        help="The outcome as the complainant will read it in the outcome letter.",
    )
    decision_director_id = fields.Many2one(
        "res.users", string="Decided By (Director/Deputy)", readonly=True, tracking=True
    )
    decision_quality_manager_id = fields.Many2one(
        "res.users", string="Decided By (Quality Manager)", readonly=True, tracking=True
    )
    impartiality_check = fields.Text(readonly=True, copy=False, groups=INTERNAL)

    # Corrective actions (R-CP-06)
    action_ids = fields.One2many(
        "mgmtsystem.action", "complaint_id", string="Actions", groups=QUALITY_GROUP
    )
    action_count = fields.Integer(compute="_compute_action_count", compute_sudo=True)
    open_action_count = fields.Integer(compute="_compute_action_count", compute_sudo=True)
    open_actions_reason = fields.Text(
        string="Why Close with Open Actions",
        tracking=True,
        groups=INTERNAL,
        help="Filled by one of the deciders when the complaint closes before its actions do.",
    )

    # The complainant's feedback on the outcome (R-CP-07, R-CP-08)
    feedback = fields.Selection(
        [("satisfied", "Satisfied"), ("not_satisfied", "Not Satisfied")],
        string="Complainant Feedback",
        readonly=True,
        copy=False,
        index=True,
    )
    feedback_comment = fields.Text(readonly=True, copy=False)
    date_feedback = fields.Datetime(string="Feedback On", readonly=True, copy=False)

    # Appeals (R-RP-04)
    objection_deadline = fields.Date(readonly=True, copy=False)
    is_late = fields.Boolean(
        string="Late Appeal",
        readonly=True,
        copy=False,
        index=True,
        help="Filed after the report's objection deadline: accepted and handled, but flagged.",
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

    @api.depends("action_ids.stage_id.is_ending")
    def _compute_action_count(self):
        for complaint in self:
            complaint.action_count = len(complaint.action_ids)
            complaint.open_action_count = len(complaint._open_actions())

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/lab/complaint/{complaint.id}"
        return result

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.name

    @api.constrains("is_anonymous", *IDENTITY_FIELDS)
    def _check_anonymous(self):
        for complaint in self.filtered("is_anonymous"):
            if any(complaint[field] for field in IDENTITY_FIELDS):
                raise ValidationError(
                    self.env._("An anonymous complaint cannot name or address its complainant.")
                )

    @api.constrains("stage_id")
    def _check_step(self):
        for complaint in self:
            if complaint.step in ("validated", "investigation", "decided", "closed") and not (
                complaint.is_lab_activity
                and complaint.is_justified
                and complaint.sudo().lab_activity_reason
                and complaint.sudo().justified_reason
            ):
                raise ValidationError(
                    self.env._(
                        "%(ref)s must first be validated: does it relate to the lab's activities, "
                        "and is it justified? Each answer with its reason.",
                        ref=complaint.name,
                    )
                )
            if complaint.step in ("decided", "closed") and not (
                complaint.decision_director_id and complaint.decision_quality_manager_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(ref)s has no impartial decision yet: use Decide.", ref=complaint.name
                    )
                )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        self._check_protected_fields(set().union(*vals_list))
        self._check_appeal_reports(vals_list)
        todo = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        if todo:
            codes = self.env["ir.sequence"]._lab_next_codes(
                "lab.complaint", len(todo), self.env.company
            )
            for vals, code in zip(todo, codes, strict=True):
                vals["name"] = code
        complaints = super().create(vals_list)
        complaints._check_appeals()
        complaints._stamp_step_dates()
        complaints._lab_sync_legal_hold(complaints._lab_held_samples())
        # R-CP-07: receipt is acknowledged by mail to whoever can be reached.
        complaints.filtered(
            lambda c: c.step == "received" and c._complainant_email()
        ).action_acknowledge()
        return complaints

    def write(self, vals):
        self._check_protected_fields(set(vals))
        if "is_anonymous" in vals and not self.env.su:
            raise AccessError(
                self.env._("Whether a complaint is anonymous is settled when it is received.")
            )
        step = False
        if "stage_id" in vals:
            step = self.env["lab.complaint.stage"].browse(vals["stage_id"]).step
            if step not in ("received", "acknowledged"):
                self._check_quality_manager()
            if step == "closed":
                self.filtered(lambda c: c.step != "closed")._check_can_close()
        if vals.get("complaint_type") == "appeal":
            self._check_appeal_reports(
                [
                    {"complaint_type": "appeal", "report_id": vals.get("report_id", c.report_id.id)}
                    for c in self
                    if c.complaint_type != "appeal"
                ]
            )
        if VALIDATION_FIELDS & set(vals):
            self._check_quality_manager()
            for field, by_field in (
                ("is_lab_activity", "lab_activity_by_id"),
                ("is_justified", "justified_by_id"),
            ):
                if field in vals or field.replace("is_", "") + "_reason" in vals:
                    vals[by_field] = self.env.user.id
        holds_before = self._lab_held_samples()
        old_stages = {complaint: complaint.stage_id for complaint in self}
        result = super().write(vals)
        if "stage_id" in vals:
            changed = self.filtered(lambda c: c.stage_id != old_stages[c])
            if step == "closed":
                changed.filtered(lambda c: old_stages[c].step != "closed")._log_closing()
            changed._stamp_step_dates()
            changed._send_progress_reports()
        if {"stage_id", "sample_ids", "report_id", "complaint_type"} & set(vals):
            self._lab_sync_legal_hold(holds_before | self._lab_held_samples())
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A complaint is a quality record: it is closed, never deleted."))

    def _check_protected_fields(self, field_names):
        if DECISION_FIELDS & field_names and not (
            self.env.su or self.env.context.get("lab_complaint_decision") is _DECISION_WRITE
        ):
            raise AccessError(self.env._("A decision is recorded only through Decide."))

    def _check_quality_manager(self):
        if not self.env.su and not self.env.user.has_group(QUALITY_GROUP):
            raise AccessError(
                self.env._(
                    "Only the Quality Manager validates a complaint and takes it past "
                    "acknowledgement (R-CP-03)."
                )
            )

    @api.model
    def _check_appeal_reports(self, vals_list):
        """An appeal is against a released report (R-RP-04); checked before anything is written."""
        Report = self.env["lab.test.report"].sudo()
        for vals in vals_list:
            if vals.get("complaint_type") != "appeal":
                continue
            report = Report.browse(vals.get("report_id") or [])
            if not report:
                raise UserError(self.env._("An appeal names the test report it is against."))
            if report.state != "released":
                raise UserError(
                    self.env._(
                        "An appeal concerns a released test report: %(report)s is not released.",
                        report=report.name,
                    )
                )

    def _check_appeals(self):
        for complaint in self.filtered(lambda c: c.complaint_type == "appeal"):
            deadline = complaint.report_id.sudo().objection_deadline
            complaint.sudo().write(
                {
                    "objection_deadline": deadline,
                    "is_late": bool(deadline and complaint.date_received.date() > deadline),
                }
            )
            if complaint.is_late:
                complaint._message_log(
                    body=self.env._(
                        "Late appeal: filed after the objection deadline %(date)s. It is handled "
                        "like any other.",
                        date=deadline,
                    ),
                    author_id=False if complaint.is_anonymous else None,
                    email_from=ANONYMOUS_AUTHOR if complaint.is_anonymous else None,
                )

    def _stamp_step_dates(self):
        now = fields.Datetime.now()
        for complaint in self:
            field = {
                "acknowledged": "date_acknowledged",
                "validated": "date_validated",
                "decided": "date_decided",
                "closed": "date_closed",
            }.get(complaint.step)
            if field and not complaint[field]:
                complaint.with_context(lab_complaint_decision=_DECISION_WRITE).write({field: now})

    # ------------------------------------------------------------------ intake

    @api.model
    def _lab_create_anonymous(self, vals_list, attachments=None):
        """Create anonymous complaints that store no trace of who filed them (R-CP-02).

        The record is created by the system user (so ``create_uid`` is not the filer), nobody is
        subscribed, and the one message logged has no author. ``attachments`` is a list of
        ``(name, raw)`` pairs per complaint.
        """
        clean = []
        for vals in vals_list:
            vals = {key: value for key, value in vals.items() if key not in IDENTITY_FIELDS}
            clean.append(dict(vals, is_anonymous=True))
        complaints = (
            self.with_user(SUPERUSER_ID)
            .with_context(mail_create_nosubscribe=True, mail_create_nolog=True, mail_notrack=True)
            .create(clean)
        )
        for complaint, files in zip(complaints, attachments or [[]] * len(complaints), strict=True):
            complaint._lab_log_receipt(files)
        # Written now, by the system: a later flush would stamp the filer as ``write_uid``.
        complaints.env.flush_all()
        return complaints.with_env(self.env)

    def _lab_log_receipt(self, files=None):
        """Log the receipt in the chatter, with the submitted files, as the complainant."""
        self.ensure_one()
        attachment_ids = []
        if files:
            attachment_ids = (
                self.env["ir.attachment"]
                .create(
                    [
                        {"name": name, "raw": raw, "res_model": self._name, "res_id": self.id}
                        for name, raw in files
                    ]
                )
                .ids
            )
        author = {}
        if self.is_anonymous:
            author = {"author_id": False, "email_from": ANONYMOUS_AUTHOR}
        elif self.partner_id:
            author = {"author_id": self.partner_id.id}
        elif self.email_from:
            author = {"author_id": False, "email_from": self.email_from}
        self._message_log(
            body=self.env._(
                "%(type)s received (%(channel)s).",
                type=dict(self._fields["complaint_type"]._description_selection(self.env))[
                    self.complaint_type
                ],
                channel=dict(self._fields["channel"]._description_selection(self.env))[
                    self.channel
                ],
            ),
            attachment_ids=attachment_ids,
            **author,
        )

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """Mail alias intake (R-CP-01). Loops are stopped by mail's own sender checks, which use
        ``_primary_email`` (too many complaints from one sender within the loop window are
        bounced, not created)."""
        email_from = msg_dict.get("email_from")
        partner = self.env["res.partner"].browse(msg_dict.get("author_id") or [])
        if not partner and email_normalize(email_from):
            # A known sender is the complainant; an unknown one stays an address (no new contact).
            partner = self.env["res.partner"].search(
                [("email_normalized", "=", email_normalize(email_from))], order="id", limit=1
            )
        values = {
            "name": "/",
            "channel": "email",
            "subject": (msg_dict.get("subject") or "").strip()[:200]
            or self.env._("Complaint by email"),
            "description": msg_dict.get("body"),
            "email_from": msg_dict.get("email_from"),
            "partner_id": partner.id,
        }
        values.update(custom_values or {})
        return super(LabComplaint, self.with_context(mail_create_nolog=True)).message_new(
            msg_dict, custom_values=values
        )

    # ------------------------------------------------------------------ mails

    def _complainant_email(self):
        self.ensure_one()
        if self.is_anonymous:
            return False
        return self.partner_id.email or self.email_from

    def _send_progress_reports(self):
        """Mail the stage's progress report to the complainant (R-CP-07), never to anyone else."""
        for complaint in self:
            template = complaint.stage_id.mail_template_id
            if not template or not complaint._complainant_email():
                continue
            template.sudo().send_mail(
                complaint.id, email_layout_xmlid="mail.mail_notification_light"
            )
            complaint._message_log(
                body=self.env._("%(mail)s sent to the complainant.", mail=template.sudo().name)
            )

    def _lab_record_feedback(self, satisfied, comment):
        """The complainant's answer to the outcome, given once through the follow-up link.

        Called with the record as the system after the token check; writes these fields only.
        """
        self.ensure_one()
        if self.step != "closed":
            raise UserError(self.env._("Feedback is given on the outcome, once it is sent."))
        if self.feedback:
            raise UserError(
                self.env._("Your feedback on %(ref)s is already recorded.", ref=self.name)
            )
        self.write(
            {
                "feedback": "satisfied" if satisfied else "not_satisfied",
                "feedback_comment": comment or False,
                "date_feedback": fields.Datetime.now(),
            }
        )
        author = (
            {"author_id": False, "email_from": ANONYMOUS_AUTHOR}
            if self.is_anonymous
            else (
                {"author_id": self.partner_id.id}
                if self.partner_id
                else {"author_id": False, "email_from": self.email_from}
            )
        )
        self._message_log(
            body=self.env._(
                "Feedback on the outcome: %(answer)s. %(comment)s",
                answer=dict(self._fields["feedback"]._description_selection(self.env))[
                    self.feedback
                ],
                comment=comment or "",
            ),
            **author,
        )
        if not satisfied and self.user_id:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=self.user_id.id,
                summary=self.env._("Complainant not satisfied with the outcome"),
            )

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

    def action_acknowledge(self):
        self._check_step_is("received")
        self.write({"stage_id": self._stage_for("acknowledged").id})
        return True

    def action_validate(self):
        self._check_quality_manager()
        self._check_step_is("acknowledged")
        for complaint in self:
            if not (complaint.lab_activity_reason and complaint.justified_reason):
                raise UserError(
                    self.env._(
                        "Give the reason for both answers before validating %(ref)s.",
                        ref=complaint.name,
                    )
                )
        self.write({"stage_id": self._stage_for("validated").id})
        return True

    def action_investigate(self):
        self._check_quality_manager()
        self._check_step_is("validated")
        self.write({"stage_id": self._stage_for("investigation").id})
        return True

    def action_open_decision_wizard(self):
        self.ensure_one()
        self._check_step_is("investigation")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Impartial Decision"),
            "res_model": "lab.complaint.decision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    def action_close(self):
        self._check_step_is("decided")
        self.write({"stage_id": self._stage_for("closed").id})
        return True

    def _check_can_close(self):
        """Whoever closes, by button or by moving the card, meets the same rules (R-CP-06)."""
        if self.env.su:
            return
        for complaint in self:
            deciders = complaint.decision_director_id | complaint.decision_quality_manager_id
            if self.env.user not in deciders and not self.env.user.has_group(QUALITY_GROUP):
                raise AccessError(
                    self.env._("Only the deciders or the Quality Manager close a complaint.")
                )
            open_actions = complaint._open_actions()
            if not open_actions:
                continue
            if not complaint.open_actions_reason:
                raise UserError(
                    self.env._(
                        "%(ref)s cannot close while its actions %(actions)s are open. Close them, "
                        "or let one of the deciders record why the complaint may close first.",
                        ref=complaint.name,
                        actions=", ".join(open_actions.mapped("reference")),
                    )
                )
            if self.env.user not in deciders:
                raise UserError(
                    self.env._(
                        "Only %(names)s, who decided %(ref)s, may close it while actions are open.",
                        names=", ".join(deciders.mapped("name")),
                        ref=complaint.name,
                    )
                )

    def _log_closing(self):
        for complaint in self:
            open_actions = complaint._open_actions()
            if open_actions:
                complaint.message_post(
                    body=self.env._(
                        "Closed with open actions %(actions)s: %(why)s",
                        actions=", ".join(open_actions.mapped("reference")),
                        why=complaint.sudo().open_actions_reason,
                    )
                )

    def action_new_action(self):
        """Open a corrective action from this complaint (R-CP-06)."""
        self.ensure_one()
        if self.step == "closed":
            raise UserError(self.env._("%(ref)s is closed.", ref=self.name))
        action = self.env["mgmtsystem.action"].create(
            {
                "name": f"{self.name}: {self.subject}",
                "type_action": "correction",
                "complaint_id": self.id,
                "company_id": self.company_id.id,
                "description": Markup("<p>%s</p>")
                % self.env._("Opened from complaint %(ref)s.", ref=self.name),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "mgmtsystem.action",
            "res_id": action.id,
            "view_mode": "form",
        }

    def action_view_actions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Actions"),
            "res_model": "mgmtsystem.action",
            "view_mode": "list,form",
            "domain": [("complaint_id", "=", self.id)],
            "context": {"default_complaint_id": self.id, "default_type_action": "correction"},
        }

    def _open_actions(self):
        return self.sudo().action_ids.filtered(lambda action: not action.stage_id.is_ending)

    # ------------------------------------------------------------------ impartiality

    def _lab_involvement(self):
        """Who took part in the work complained about, and how: ``{user: [reasons]}``.

        Read as the system: the check must see every person, whatever the reader may see.
        """
        self.ensure_one()
        complaint = self.sudo()
        reasons = defaultdict(list)
        report = complaint.report_id
        samples = complaint.sample_ids | report.sample_ids
        orders = complaint.order_id | report.order_id | samples.order_id
        for kind, records in (
            (self.env._("report"), report),
            (self.env._("sample"), samples),
            (self.env._("order"), orders),
        ):
            for record in records:
                for user in record._lab_involved_users():
                    reasons[user].append(f"{kind} {record.display_name}")
        return reasons

    def _lab_decide(self, director, quality_manager, decision):
        """Record the impartial decision of ``director`` and ``quality_manager`` (R-CP-04).

        Refuses a decision made by anybody involved in the work complained about, with the reason;
        records the check and its result on the complaint.
        """
        self.ensure_one()
        self._check_step_is("investigation")
        user = self.env.user
        if not director.has_group(DIRECTOR_GROUP):
            raise UserError(
                self.env._("%(name)s is not the Director or a Deputy.", name=director.name)
            )
        if not quality_manager.has_group(QUALITY_GROUP):
            raise UserError(
                self.env._("%(name)s is not a Quality Manager.", name=quality_manager.name)
            )
        if director == quality_manager:
            raise UserError(
                self.env._("The Director or Deputy and the Quality Manager are two people.")
            )
        if user not in director | quality_manager:
            raise AccessError(
                self.env._(
                    "Only one of the two deciders records the decision on %(ref)s.", ref=self.name
                )
            )
        if not html2plaintext(decision or "").strip():
            raise UserError(self.env._("Write the outcome the complainant will receive."))
        involvement = self._lab_involvement()
        refused = [person for person in director | quality_manager if person in involvement]
        if refused:
            raise UserError(
                self.env._(
                    "The decision on %(ref)s must be made by people not involved in the work "
                    "complained about (ISO/IEC 17025 §7.9.6). %(people)s",
                    ref=self.name,
                    people=" ".join(
                        self.env._(
                            "%(name)s was involved: %(how)s.",
                            name=person.name,
                            how=", ".join(involvement[person]),
                        )
                        for person in refused
                    ),
                )
            )
        involved = ", ".join(
            f"{person.name} ({', '.join(how)})" for person, how in involvement.items()
        ) or self.env._("nobody recorded")
        check = self.env._(
            "Impartiality check %(date)s by %(user)s. Involved in the work complained about: "
            "%(involved)s. Deciders %(director)s (Director/Deputy) and %(quality)s (Quality "
            "Manager): not involved. Result: passed.",
            date=fields.Datetime.to_string(fields.Datetime.now()),
            user=user.name,
            involved=involved,
            director=director.name,
            quality=quality_manager.name,
        )
        self.with_context(lab_complaint_decision=_DECISION_WRITE).write(
            {
                "decision": decision,
                "decision_director_id": director.id,
                "decision_quality_manager_id": quality_manager.id,
                "impartiality_check": check,
                "stage_id": self._stage_for("decided").id,
            }
        )
        return True

    # ------------------------------------------------------------------ legal hold

    def _lab_held_samples(self):
        """Samples an open complaint or appeal keeps as evidence (R-RP-04)."""
        samples = self.env["lab.sample"]
        for complaint in self.sudo():
            if complaint.step != "closed" and complaint.complaint_type in ("complaint", "appeal"):
                samples |= complaint.sample_ids | complaint.report_id.sample_ids
        return samples.with_env(self.env)

    @api.model
    def _lab_sync_legal_hold(self, samples):
        """Put ``samples`` on hold while an open complaint holds them, lift the hold after.

        A narrow system write on the hold fields: whoever files a complaint may not otherwise
        write samples, yet the evidence must be kept.
        """
        samples = samples.sudo()
        if not samples:
            return
        holders = defaultdict(list)
        for complaint in self.sudo().search(
            [
                ("step", "!=", "closed"),
                ("complaint_type", "in", ("complaint", "appeal")),
                "|",
                ("sample_ids", "in", samples.ids),
                ("report_id.sample_ids", "in", samples.ids),
            ]
        ):
            for sample in complaint._lab_held_samples() & samples:
                holders[sample].append(complaint.name)
        by_values = defaultdict(lambda: samples.browse())
        for sample in samples:
            names = holders.get(sample)
            if sample.is_legal_hold and not sample.is_complaint_hold:
                continue  # held for another reason: that hold is not ours to change
            if names:
                note = self.env._(
                    "Open complaint or appeal: %(refs)s", refs=", ".join(sorted(names))
                )
                if not (sample.is_legal_hold and sample.legal_hold_note == note):
                    values = (True, note, True)
                    by_values[values] |= sample
            elif sample.is_complaint_hold:
                by_values[(False, False, False)] |= sample
        for (hold, note, ours), group in by_values.items():
            group.write({"is_legal_hold": hold, "legal_hold_note": note, "is_complaint_hold": ours})

    # ------------------------------------------------------------------ figures

    @api.model
    def _management_review_figures(self, date_from, date_to, company):
        """Complaint figures for a management review period, one grouped query each (R-CP-08)."""
        start = datetime.combine(date_from, time.min)
        end = datetime.combine(date_to + timedelta(days=1), time.min)
        domain = [
            ("company_id", "=", company.id),
            ("date_received", ">=", start),
            ("date_received", "<", end),
        ]

        def figure(extra, aggregate="__count"):
            [(value,)] = self._read_group(domain + extra, [], [aggregate])
            return value or 0

        _ = self.env._
        return [
            {
                "section": "complaints",
                "key": "complaints_total",
                "label": _("Complaints received"),
                "value": figure([("complaint_type", "!=", "appeal")]),
                "unit": "",
            },
            {
                "section": "complaints",
                "key": "complaints_justified",
                "label": _("Complaints found justified"),
                "value": figure([("complaint_type", "!=", "appeal"), ("is_justified", "=", "yes")]),
                "unit": "",
            },
            {
                "section": "complaints",
                "key": "complaints_ack_hours",
                "label": _("Mean time to acknowledge"),
                "value": round(
                    figure([("date_acknowledged", "!=", False)], "hours_to_acknowledge:avg"), 1
                ),
                "unit": _("hours"),
            },
            {
                "section": "complaints",
                "key": "complaints_close_days",
                "label": _("Mean time to close"),
                "value": round(figure([("date_closed", "!=", False)], "days_to_close:avg"), 1),
                "unit": _("days"),
            },
            {
                "section": "complaints",
                "key": "appeals_total",
                "label": _("Appeals against results"),
                "value": figure([("complaint_type", "=", "appeal")]),
                "unit": "",
            },
        ]
