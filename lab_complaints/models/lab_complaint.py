from collections import defaultdict
from functools import partial

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import consteq, email_normalize
from odoo.tools.mimetypes import guess_mimetype
from odoo.tools.misc import hmac

from odoo.addons.lab_customer_service.models.lab_roles import QUALITY_MANAGER, STAFF

from .lab_complaint_stage import STEPS

ACKNOWLEDGE_GROUPS = (
    STAFF,
    QUALITY_MANAGER,
)
ANONYMOUS_AUTHOR = "Anonymous"
IDENTITY_FIELDS = ("partner_id", "complainant_name", "email_from", "phone")

# The date each step stamps when a complaint first reaches it (the decision has its own).
STEP_DATES = {
    "acknowledged": "date_acknowledged",
    "validated": "date_validated",
    "closed": "date_closed",
}


class LabComplaint(models.Model):
    """A complaint, appeal, internal concern or suggestion (17025 §7.9, R-CP-01..09).

    This file holds the record, how it comes in and who filed it (or that nobody may know),
    its stages and dates, create and write, what the complainant hears and answers, appeals
    and the legal hold. Validation, investigation, the impartial decision (a record of its
    own) and the corrective actions extend it in ``lab_complaint_decision.py``.

    Its stage and the dates of its steps, the day it was received, whether it is anonymous, the
    validation, the decision, the appeal's deadline and the complainant's feedback change only
    through the actions declared below (issue 15): retention runs from the receipt and the
    closing (R-RC-01), the figures of the management review from all of them (R-CP-08).
    """

    _name = "lab.complaint"
    _description = "Complaint or Appeal"
    _inherit = [
        "lab.sender.verification.mixin",
        "lab.protected.mixin",
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
        # Only the link mailed to the address confirms it (issue 16): staff cannot vouch for an
        # address typed on the public form, whose mails would then carry the lab's word to it.
        "_lab_file_public": ("is_email_confirmed",),
        "_lab_confirm_email": ("is_email_confirmed",),
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
    # Intake: how it came in, and who filed it (R-CP-01, R-CP-02)
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
    is_email_confirmed = fields.Boolean(
        string="Email Confirmed",
        default=True,
        readonly=True,
        copy=False,
        help="An address typed on the public form hears from us only once it has confirmed "
        "itself through the link we sent it (issue 16).",
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

    # Appeals against a released report (R-RP-04)
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

    # ------------------------------------------------------------------ intake
    # How a complaint comes in, and who filed it or that nobody may know (R-CP-01, R-CP-02).

    @api.constrains("is_anonymous", *IDENTITY_FIELDS)
    def _check_anonymous(self):
        for complaint in self.filtered("is_anonymous"):
            if any(complaint[field] for field in IDENTITY_FIELDS):
                raise ValidationError(
                    self.env._("An anonymous complaint cannot name or address its complainant.")
                )

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

    @api.model
    def _lab_file_public(self, values, files=None):
        """File a named complaint from the public form (``values`` are the form's cleaned,
        whitelisted fields): its address hears from us once it has confirmed itself through
        the link this mails it (issue 16). Called by the public route, in sudo."""
        complaint = (
            self._lab_grant("_lab_file_public")
            .with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
            .create(dict(values, channel="web", is_email_confirmed=False))
        )
        complaint._lab_log_receipt(files)
        complaint._lab_request_email_confirmation()
        return complaint.with_env(self.env)

    def _lab_log_receipt(self, files=None):
        """Log the receipt in the chatter, with the submitted files, as the complainant."""
        self.ensure_one()
        attachments = self._lab_attach_files(files)
        # Nobody to name as the complainant: whoever records the complaint logs it.
        author = (
            self._lab_complainant_author()
            if self.is_anonymous or self.partner_id or self.email_from
            else {}
        )
        self._message_log(
            body=self.env._(
                "%(type)s received (%(channel)s).",
                type=self._lab_selection_label("complaint_type"),
                channel=self._lab_selection_label("channel"),
            ),
            attachment_ids=attachments.ids,
            **author,
        )

    def _lab_attach_files(self, files):
        """Attach the submitted ``(name, raw)`` files to the complaint."""
        if not files:
            return self.env["ir.attachment"]
        return self.env["ir.attachment"].create(
            [
                {
                    "name": name,
                    "raw": raw,
                    # what the content is, never what its name says (issue 16)
                    "mimetype": guess_mimetype(raw),
                    "res_model": self._name,
                    "res_id": self.id,
                }
                for name, raw in files
            ]
        )

    def _lab_complainant_author(self):
        """The author of what the complainant gives (R-CP-02): nobody for an anonymous
        complaint, else the contact, else the address it came from."""
        if self.is_anonymous:
            return {"author_id": False, "email_from": ANONYMOUS_AUTHOR}
        if self.partner_id:
            return {"author_id": self.partner_id.id}
        return {"author_id": False, "email_from": self.email_from}

    def _lab_selection_label(self, fname):
        """The label of the complaint's value of the selection field ``fname``, translated."""
        return dict(self._fields[fname]._description_selection(self.env))[self[fname]]

    # ------------------------------------------------------------------ the public form's address

    def _lab_email_confirmation_token(self):
        self.ensure_one()
        return hmac(
            self.env(su=True), "lab_complaints.email_confirmation", (self.id, self.email_from or "")
        )

    def _lab_is_email_confirmation_token(self, token):
        self.ensure_one()
        if not self.email_from or not isinstance(token, str):
            return False
        return consteq(token.encode(), self._lab_email_confirmation_token().encode())

    def _lab_email_confirmation_url(self):
        self.ensure_one()
        return (
            f"{self.get_base_url()}/lab/complaint/{self.id}/confirm"
            f"?token={self._lab_email_confirmation_token()}"
        )

    def _lab_request_email_confirmation(self):
        """Ask the address typed on the public form to confirm itself (double opt-in).

        The mail carries the lab's name, the reference and the link, nothing the sender typed:
        whoever gives someone else's address cannot make the lab carry their words (issue 16).
        """
        template = self.env.ref("lab_complaints.mail_template_complaint_email_confirmation")
        for complaint in self.filtered(lambda c: c.email_from and not c.is_email_confirmed):
            template.sudo().send_mail(
                complaint.id, email_layout_xmlid="mail.mail_notification_light"
            )
            complaint._message_log(
                body=self.env._(
                    "The address given on the form was asked to confirm itself: the "
                    "acknowledgement follows its confirmation."
                )
            )

    def _lab_confirm_email(self, token):
        """Confirm the address with the token of its link; acknowledge the complaint there.

        Called as the system by the public route; returns whether the token was right.
        """
        self.ensure_one()
        if not self._lab_is_email_confirmation_token(token):
            return False
        if self.is_email_confirmed:
            return True
        self._lab_grant("_lab_confirm_email").write({"is_email_confirmed": True})
        self._message_log(
            body=self.env._("The complainant confirmed the email address."),
            author_id=False,
            email_from=self.email_from,
        )
        if self.step == "received":
            # the token of the link is the complainant's authority here, not a lab role
            self._lab_acknowledge()
        else:
            # Staff acknowledged it meanwhile: the acknowledgement goes now that it may.
            template = self.env.ref("lab_complaints.mail_template_complaint_acknowledgement")
            template.sudo().send_mail(self.id, email_layout_xmlid="mail.mail_notification_light")
        return True

    # ------------------------------------------------------------------ mail routes

    @api.model
    def _get_thread_with_access(self, thread_id, *, mode="read", **kwargs):
        """A follow-up link (access token, or the hash and pid of a notification) lets its holder
        read a complaint, never post or upload on it through the mail routes: what a complainant
        sends comes in through the lab's own form, where files are checked (issue 16).
        Staff post and upload with their own rights.
        """
        if mode != "read":
            kwargs = {}
        return super()._get_thread_with_access(thread_id, mode=mode, **kwargs)

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """Mail alias intake (R-CP-01). Loops are stopped by mail's own sender checks, which use
        ``_primary_email`` (too many complaints from one sender within the loop window are
        bounced, not created). A complaint filed under the contact whose address sent it stays
        out of their company's portal until its sender is verified (issue 16, see
        ``lab.sender.verification.mixin``)."""
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
        # The From: proves nothing: filed under the contact, it waits for them (issue 16).
        values.update(self._lab_mail_sender_values(values.get("partner_id")))
        Complaints = self.with_context(mail_create_nolog=True)._lab_grant("message_new")
        complaint = super(LabComplaint, Complaints).message_new(msg_dict, custom_values=values)
        complaint = complaint.with_env(self.env)
        complaint._lab_request_sender_confirmation()
        return complaint

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

    # ------------------------------------------------------------------ the complainant
    # What the complainant hears from the lab and answers: the acknowledgement, the progress
    # reports of each stage and the feedback on the outcome (R-CP-07, R-CP-08).

    def action_acknowledge(self):
        self._lab_check_role(
            *ACKNOWLEDGE_GROUPS,
            message=self.env._("Only customer service and the Quality Manager handle complaints."),
        )
        self._lab_acknowledge()
        return True

    def _lab_acknowledge(self):
        """Acknowledge the receipt (R-CP-07): by the button, or at once when a complaint that
        names a reachable complainant is filed, whoever files it."""
        self._check_step_is("received")
        self._lab_grant("action_acknowledge").write(
            {"stage_id": self._stage_for("acknowledged").id}
        )

    def _complainant_email(self):
        self.ensure_one()
        if self.is_anonymous or not self.is_email_confirmed:
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
        self._lab_grant("_lab_record_feedback").write(
            {
                "feedback": "satisfied" if satisfied else "not_satisfied",
                "feedback_comment": comment or False,
                "date_feedback": fields.Datetime.now(),
            }
        )
        self._message_log(
            body=self.env._(
                "Feedback on the outcome: %(answer)s. %(comment)s",
                answer=self._lab_selection_label("feedback"),
                comment=comment or "",
            ),
            **self._lab_complainant_author(),
        )
        if not satisfied and self.user_id:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=self.user_id.id,
                summary=self.env._("Complainant not satisfied with the outcome"),
            )

    # ------------------------------------------------------------------ appeals, legal hold
    # Appeals against a released report, and the legal hold on the evidence of an open
    # complaint or appeal (R-RP-04).

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
            report = complaint.report_id.sudo()
            deadline = report.objection_deadline
            complaint.sudo()._lab_grant("_check_appeals").write(
                {
                    "objection_deadline": deadline,
                    # filed on the lab's day, as the deadline is counted (issue 17)
                    "is_late": report._lab_is_objection_late(complaint.date_received),
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
            group._lab_grant("_lab_sync_legal_hold").write(
                {"is_legal_hold": hold, "legal_hold_note": note, "is_complaint_hold": ours}
            )

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
        figures = self._management_review_count_figures(counts)
        return figures + self._management_review_time_figures(domain)

    @api.model
    def _management_review_count_figures(self, counts):
        """How many of each type, and of the complaints how many were found justified."""

        def count(kind, justified=None):
            return sum(n for (k, j), n in counts.items() if k == kind and justified in (None, j))

        _ = self.env._
        figure = partial(self.env["lab.management.review"]._figure, "complaints")
        return [
            figure("complaints_total", _("Complaints received"), count("complaint")),
            figure(
                "complaints_justified",
                _("Complaints found justified"),
                count("complaint", "yes"),
            ),
            figure("concerns_total", _("Internal concerns raised"), count("concern")),
            figure("appeals_total", _("Appeals against results"), count("appeal")),
        ]

    @api.model
    def _management_review_time_figures(self, domain):
        """The mean times to acknowledge and to close the complaints of ``domain``."""

        def mean(extra, aggregate):
            [(value,)] = self._read_group(domain + extra, [], [aggregate])
            return round(value or 0.0, 1)

        _ = self.env._
        figure = partial(self.env["lab.management.review"]._figure, "complaints")
        return [
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
