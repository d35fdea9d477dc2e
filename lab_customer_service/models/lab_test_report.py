import datetime
import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from .lab_roles import CUSTOMER_DATA, LAB_USER, QUALITY_MANAGER, STAFF, TECHNICIAN

_logger = logging.getLogger(__name__)

# Report states a customer may see: every version that has once been released (R-RP-02, R-RP-03).
PUBLISHED_STATES = ("released", "superseded", "withdrawn")
# Customer service sends the satisfaction survey; the Quality Manager runs it (R-SV-02).
SURVEY_SENDER_GROUPS = (
    STAFF,
    QUALITY_MANAGER,
)


class LabTestReport(models.Model):
    """A test report for an order or a group of its samples (R-RP-01..03)."""

    _name = "lab.test.report"
    _description = "Test Report"
    # The order and the customer (lab.order.linked.mixin): for the roles that face the customer.
    _inherit = [
        "lab.protected.mixin",
        "lab.order.linked.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True
    # R-RP-01/03: each step of the release chain is recorded by its own action only.
    _lab_protected_actions = {
        "action_prepare": ("state", "prepared_by_id", "date_prepared"),
        "action_review": ("state", "reviewed_by_id", "date_reviewed"),
        "action_release": ("state", "authorised_by_id", "date_released", "objection_deadline"),
        "_lab_supersede": ("state",),
        "_lab_revise": ("state", "revision_reason", "version", "previous_id"),
    }
    # A released report is frozen like a posted invoice: a new version is the way to change it.
    _lab_frozen_states = PUBLISHED_STATES
    _lab_frozen_open_fields = (
        "lab_survey_answer_id",
        "access_token",
        "message_main_attachment_id",
        "lab_notice_message_ids",
    )
    # A draft report's order is chosen on the report; the frozen states keep it after release.
    _lab_fixed_fields = ()

    name = fields.Char(
        string="Report Number", required=True, readonly=True, copy=False, default="/"
    )
    # The customer's portal link opens a page that names the customer and the order (R-SR-02):
    # for the roles that see customers, and the customer in its portal.
    access_token = fields.Char(groups=f"{CUSTOMER_DATA},base.group_portal")
    # Given when the report is made, not the mixin's order's company.
    company_id = fields.Many2one(
        "res.company",
        related=False,
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    sample_ids = fields.Many2many(
        "lab.sample",
        "lab_sample_lab_test_report_rel",
        "lab_test_report_id",
        "lab_sample_id",
        string="Samples",
        check_company=True,
    )
    version = fields.Integer(default=1, readonly=True, copy=False)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("prepared", "Prepared"),
            ("reviewed", "Quality Reviewed"),
            ("released", "Released"),
            ("superseded", "Superseded"),
            ("withdrawn", "Withdrawn"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    prepared_by_id = fields.Many2one("res.users", readonly=True, tracking=True, copy=False)
    date_prepared = fields.Datetime(string="Prepared On", readonly=True, copy=False)
    reviewed_by_id = fields.Many2one("res.users", readonly=True, tracking=True, copy=False)
    date_reviewed = fields.Datetime(string="Reviewed On", readonly=True, copy=False)
    authorised_by_id = fields.Many2one("res.users", readonly=True, tracking=True, copy=False)
    date_released = fields.Datetime(string="Released On", readonly=True, tracking=True, copy=False)
    objection_deadline = fields.Date(readonly=True, copy=False, tracking=True)
    is_objection_open = fields.Boolean(
        string="Objection Window Open",
        compute="_compute_is_objection_open",
        search="_search_is_objection_open",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Report Files",
        copy=False,
        help="The signed report file(s), generated elsewhere or uploaded. The customer downloads "
        "them from the portal once the report is released.",
    )
    reservation_note = fields.Text(
        string="Reservations",
        compute="_compute_reservation_note",
        help="Reservations the customer accepted in writing for samples that did not meet the "
        "method's conditions: the report must carry them.",
    )
    previous_id = fields.Many2one(
        "lab.test.report",
        string="Previous Version",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    revision_reason = fields.Text(readonly=True, copy=False, tracking=True)
    version_ids = fields.Many2many(
        "lab.test.report", string="All Versions", compute="_compute_version_ids"
    )
    # Issue 19: the notices of the release, revision or withdrawal, on the order, and the mail
    # of each recipient: sent, bounced or failed. They name the customer's people (R-SR-02).
    lab_notice_message_ids = fields.Many2many(
        "mail.message",
        "lab_test_report_notice_rel",
        "report_id",
        "message_id",
        string="Customer Notices",
        readonly=True,
        copy=False,
        groups=CUSTOMER_DATA,
    )
    lab_delivery_ids = fields.Many2many(
        "mail.notification",
        string="Deliveries",
        compute="_compute_lab_delivery_ids",
        groups=CUSTOMER_DATA,
    )

    def _compute_is_objection_open(self):
        # R-RP-04: the day the lab's calendar shows, not the reader's nor UTC (issue 17).
        now, today = fields.Datetime.now(), {}
        for report in self:
            company = report.company_id
            if company not in today:
                today[company] = self._lab_local_day(company, now)
            report.is_objection_open = bool(
                report.state == "released"
                and report.objection_deadline
                and report.objection_deadline >= today[company]
            )

    def _search_is_objection_open(self, operator, value):
        if operator not in ("=", "in"):
            return NotImplemented
        values = [value] if operator == "=" else list(value)
        now = fields.Datetime.now()
        open_domain = Domain.OR(
            Domain("company_id", "=", company.id)
            & Domain("objection_deadline", ">=", self._lab_local_day(company, now))
            for company in self.env.companies
        ) & Domain("state", "=", "released")
        if True in values and False in values:
            return Domain.TRUE
        return open_domain if True in values else ~open_domain

    @api.depends("sample_ids.consent_reservation", "sample_ids.is_customer_consent")
    def _compute_reservation_note(self):
        for report in self:
            report.reservation_note = "\n".join(
                f"{sample.name}: {sample.consent_reservation}"
                for sample in report.sample_ids
                if sample.is_customer_consent and sample.consent_reservation
            )

    @api.depends("name", "company_id", "previous_id")
    def _compute_version_ids(self):
        """R-RP-03: the versions of a report are the chain of its revisions (``previous_id``),
        not every report that happens to carry the same number."""
        # The chain is followed as the system: a version the user may not see still links the
        # others; the result holds only the versions the user may see.
        candidates = self.sudo().search_fetch(
            [("name", "in", self.mapped("name")), ("company_id", "in", self.company_id.ids)],
            ["previous_id"],
        )
        root = {}

        def find(report_id):
            while root.get(report_id, report_id) != report_id:
                report_id = root[report_id]
            return report_id

        for report in candidates:
            if report.previous_id in candidates:
                root[find(report.id)] = find(report.previous_id.id)
        chains = defaultdict(list)
        for report in candidates:
            chains[find(report.id)].append(report.id)
        visible = set(self.search([("id", "in", candidates.ids)]).ids)
        for report in self:
            if not report._origin.id:
                report.version_ids = False
                continue
            ids = chains.get(find(report._origin.id), [])
            report.version_ids = self.browse(sorted((i for i in ids if i in visible), reverse=True))

    @api.depends("lab_notice_message_ids")
    def _compute_lab_delivery_ids(self):
        for report in self:
            report.lab_delivery_ids = report._lab_customer_notifications()

    def _lab_customer_notifications(self):
        """The mails of this report's notices to its customer's people (not the lab's)."""
        self.ensure_one()
        customer = self.sudo().partner_id
        return self.sudo().lab_notice_message_ids.notification_ids.filtered(
            lambda n: (
                n.notification_type == "email"
                and n.res_partner_id.commercial_partner_id == customer
            )
        )

    def _lab_deliveries(self):
        """[(person, notice subject, date, status)] of the mails about this report, the newest
        first, for the customer's portal page (read as the system by the caller)."""
        self.ensure_one()
        labels = dict(
            ready=self.env._("Waiting to be sent"),
            process=self.env._("Waiting to be sent"),
            pending=self.env._("Sent"),
            sent=self.env._("Sent"),
            bounce=self.env._("Bounced"),
            exception=self.env._("Not sent"),
            canceled=self.env._("Not sent"),
        )
        return [
            {
                "person": notification.res_partner_id.name,
                "subject": notification.mail_message_id.subject,
                "date": notification.mail_message_id.date,
                "status": notification.notification_status,
                "label": labels.get(notification.notification_status, ""),
            }
            for notification in self._lab_customer_notifications().sorted(
                lambda n: (-n.mail_message_id.id, n.res_partner_id.name or "")
            )
        ]

    @api.depends("name", "version")
    def _compute_display_name(self):
        for report in self:
            if report.version > 1:
                report.display_name = self.env._(
                    "%(name)s rev. %(version)s", name=report.name, version=report.version
                )
            else:
                report.display_name = report.name

    @api.model_create_multi
    def create(self, vals_list):
        self.env["ir.sequence"]._lab_assign_codes("lab.test.report", vals_list)
        reports = super().create(vals_list)
        reports._lab_own_attachments()
        return reports

    def write(self, vals):
        result = super().write(vals)
        if "attachment_ids" in vals:
            self._lab_own_attachments()
        return result

    @api.constrains("sample_ids")
    def _check_no_rejected_sample(self):
        """A rejected sample is neither analysed nor reported (R-SR-04, issue 17)."""
        for report in self:
            rejected = report.sample_ids.filtered(lambda s: s.state == "rejected")
            if rejected:
                raise ValidationError(
                    self.env._(
                        "%(report)s cannot report on rejected samples: %(codes)s. A rejected "
                        "sample is not analysed; ask the customer for a new one.",
                        report=report.display_name,
                        codes=", ".join(rejected.mapped("name")),
                    )
                )

    def _lab_own_attachments(self):
        """Files uploaded in the form belong to the report, so they follow its access rules."""
        for report in self:
            report.attachment_ids.filtered(lambda a: not a.res_id).write(
                {"res_model": self._name, "res_id": report.id}
            )

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for report in self:
            report.access_url = f"/my/lab/reports/{report.id}"
        return result

    def _get_report_base_filename(self):
        self.ensure_one()
        return f"{self.name}-v{self.version}"

    # Release chain (R-RP-01): three steps, three people, each recorded.

    def _lab_step_refusals(self, step):
        """The refusals of a step of the release chain, as whole sentences (each translates as
        one): who may do it, in which state, and not twice by one person."""
        _ = self.env._
        if step == "prepare":
            return {
                "role": lambda: _("You are not allowed to prepare a test report."),
                "state": lambda report: _(
                    "Report %(report)s cannot be prepared in its current state.", report=report
                ),
                "person": lambda report: _(
                    "You already took part in report %(report)s: another person must prepare it.",
                    report=report,
                ),
            }
        if step == "review":
            return {
                "role": lambda: _("You are not allowed to review a test report."),
                "state": lambda report: _(
                    "Report %(report)s cannot be reviewed in its current state.", report=report
                ),
                "person": lambda report: _(
                    "You already took part in report %(report)s: another person must review it.",
                    report=report,
                ),
            }
        return {
            "role": lambda: _("You are not allowed to authorise a test report."),
            "state": lambda report: _(
                "Report %(report)s cannot be authorised in its current state.", report=report
            ),
            "person": lambda report: _(
                "You already took part in report %(report)s: another person must authorise it.",
                report=report,
            ),
        }

    def _lab_check_step(self, state, group, step):
        self.check_access("write")
        refusals = self._lab_step_refusals(step)
        self._lab_check_role(group, message=refusals["role"]())
        for report in self:
            if report.state != state:
                raise UserError(refusals["state"](report.display_name))
            if self.env.user in (report.prepared_by_id | report.reviewed_by_id):
                raise UserError(refusals["person"](report.display_name))

    def _lab_check_own_files(self):
        """Every file of a report is the report's own, so that it is frozen with the report once
        released (``ir.attachment``) and the customer downloads nothing else (R-RP-01, R-RP-02).
        A file of another record (an order, another report) is refused, not taken from it."""
        # Read as the system, afresh: the caller's reading hides the files it may not read.
        self.invalidate_recordset(["attachment_ids"])
        for report in self:
            foreign = report.sudo().attachment_ids.filtered(
                lambda a, report=report: (a.res_model, a.res_id) != (report._name, report.id)
            )
            if foreign:
                raise UserError(
                    self.env._(
                        "The file %(file)s of report %(report)s belongs to another record: "
                        "attach the report's own copy of it.",
                        file=foreign[0].name,
                        report=report.display_name,
                    )
                )

    def action_prepare(self):
        self._lab_check_step("draft", TECHNICIAN, "prepare")
        missing = self.filtered(lambda r: not r.attachment_ids)
        if missing:
            raise UserError(
                self.env._(
                    "Attach the report file to %(report)s first.", report=missing[0].display_name
                )
            )
        self._lab_check_own_files()
        self._lab_record_step("action_prepare", "prepared", "prepared_by_id", "date_prepared")
        return True

    def action_review(self):
        self._lab_check_step("prepared", QUALITY_MANAGER, "review")
        self._lab_record_step("action_review", "reviewed", "reviewed_by_id", "date_reviewed")
        return True

    def _lab_record_step(self, action, state, user_field, date_field):
        """``action`` moves the reports to ``state``, done by the current user now (who and
        when in ``user_field`` and ``date_field``)."""
        self._lab_grant(action).write(
            {"state": state, user_field: self.env.uid, date_field: fields.Datetime.now()}
        )

    def action_release(self):
        """Authorise and release: the customer is told and the portal serves the report."""
        self._lab_check_step("reviewed", LAB_USER, "authorise")
        if not self.env.company._lab_is_signatory(self.env.user):
            raise UserError(
                self.env._(
                    "Only the Technical Manager or an authorised signatory may authorise a report."
                )
            )
        self._lab_check_own_files()
        # R-CR-03: no report leaves while the order's amendment is being reviewed.
        self.sudo().order_id.with_env(self.env)._lab_check_work_allowed("release")
        now = fields.Datetime.now()
        previous = self.previous_id.filtered(lambda r: r.state == "released")
        self._lab_seal_files()  # code, stamp and SHA-256 before the files freeze (issue 20)
        for company, reports in self.grouped("company_id").items():
            reports._lab_grant("action_release").write(
                {
                    "state": "released",
                    "authorised_by_id": self.env.uid,
                    "date_released": now,
                    "objection_deadline": self._lab_objection_deadline(company, now),
                }
            )
        previous._lab_supersede()
        self._portal_ensure_token_batch()
        self._lab_start_retention(now)
        self.sample_ids.filtered(lambda s: s.state in ("accepted", "in_test"))._lab_grant(
            "_lab_report_released"
        ).write({"state": "reported"})
        self._lab_notify_customer("lab_customer_service.mail_template_report_released")
        return True

    def _lab_notify_customer(self, template_xmlid):
        """Post the customer's notice on the order, not on the report: it names the customer,
        whom technicians working on the report may not know (R-SR-02). The signatory may not see
        customers either: the notice is rendered for the customer, after every check."""
        template = self.env.ref(template_xmlid).sudo()
        recipients = self.env["lab.report.recipient"]._lab_contacts_for(self)
        for report in self.sudo():
            message = template._lab_post_on(
                report, report.order_id, cc_partners=recipients.get(report)
            )
            report.lab_notice_message_ids = [fields.Command.link(message.id)]

    @api.model
    def _mail_get_partner_fields(self, introspect_fields=False):
        # See lab.sample: replies on a report's chatter are never suggested to its customer.
        return []

    def _lab_supersede(self):
        """The previous version of a report just released (called by ``action_release``)."""
        self._lab_grant("_lab_supersede").write({"state": "superseded"})

    def _portal_ensure_token_batch(self):
        # the signatory may not read the customer's link; the system makes it
        for report in self.sudo():
            report._portal_ensure_token()

    def _lab_start_retention(self, released_on):
        """R-SH-01: each sample is kept for the longest retention period of its tests."""
        by_end = {}
        for sample in self.sample_ids:
            days = max(sample.test_ids.mapped("lab_retention_days") or [0])
            end = (released_on + timedelta(days=days)).date()
            by_end.setdefault(end, self.env["lab.sample"])
            by_end[end] |= sample
        for end, samples in by_end.items():
            samples._lab_grant("_lab_report_released").write({"date_retention_end": end})

    def _lab_is_objection_late(self, filed=None):
        """R-RP-04: whether an objection filed at ``filed`` comes too late. ``filed`` is a moment
        (naive UTC, as stored; default now), judged on the day the lab's calendar shows then, or
        that day itself (a date)."""
        self.ensure_one()
        if not isinstance(filed, datetime.date) or isinstance(filed, datetime.datetime):
            filed = self._lab_local_day(self.company_id, filed or fields.Datetime.now())
        return bool(self.objection_deadline and filed > self.objection_deadline)

    @api.model
    def _lab_local_day(self, company, moment):
        """The day ``moment`` (naive UTC) falls on in ``company``'s calendar: objections are
        filed, counted and shown in the lab's days, not in UTC nor the reader's (R-RP-04)."""
        return company.sudo().resource_calendar_id._lab_local_date(moment)

    @api.model
    def _lab_objection_deadline(self, company, released_on):
        """The last day of the objection period of a report released at ``released_on``: its
        working days counted on ``company``'s calendar from the next local day (R-RP-04)."""
        calendar = company.sudo().resource_calendar_id
        days = company.lab_objection_days
        if calendar:
            return calendar._lab_working_day_after(released_on, days)
        return (released_on + timedelta(days=days)).date()

    # Revision (R-RP-03)

    def action_open_revision_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Revise or Withdraw"),
            "res_model": "lab.test.report.revision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_report_id": self.id},
        }

    def _lab_revise(self, reason, withdraw=False):
        """An error found after release: a new version is started, or the report is withdrawn.

        A revised version replaces this one (marked superseded) when it is released; a withdrawn
        report is marked at once. Every version is kept, and the customer is told.
        """
        self.ensure_one()
        self.check_access("write")
        self._lab_check_role(
            QUALITY_MANAGER,
            message=self.env._("Only the Quality Manager revises or withdraws a report."),
        )
        if self.state != "released":
            raise UserError(self.env._("Only a released report can be revised or withdrawn."))
        if not reason:
            raise UserError(self.env._("Give the reason for the revision."))
        template = "lab_customer_service.mail_template_report_revised"
        granted = self._lab_grant("_lab_revise")
        if withdraw:
            granted.write({"state": "withdrawn", "revision_reason": reason})
            self._lab_notify_customer(template)
            return self
        new = granted.copy(
            {
                "name": self.name,
                "version": self.version + 1,
                "previous_id": self.id,
                "revision_reason": reason,
                "order_id": self.order_id.id,
                "sample_ids": [fields.Command.set(self.sample_ids.ids)],
            }
        )
        granted.write({"revision_reason": reason})
        self._lab_notify_customer(template)
        return new.with_env(self.env)

    def _lab_involved_users(self):
        """See ``sale.order._lab_involved_users``."""
        return self.prepared_by_id | self.reviewed_by_id | self.authorised_by_id

    # Satisfaction survey after release (R-SV-02)
    # After a report is released, its customer contact is invited to the company's approved
    # satisfaction survey (R-SV-02), and its delivery is judged on time or late (R-MR-01).
    lab_survey_answer_id = fields.Many2one(
        "survey.user_input", string="Satisfaction Survey", readonly=True, copy=False
    )
    lab_date_expected = fields.Date(
        string="Expected On",
        compute="_compute_lab_delivery",
        store=True,
        help="The order's expected report date when this report was released.",
    )
    is_on_time = fields.Boolean(
        string="Released On Time", compute="_compute_lab_delivery", store=True
    )

    @api.depends("date_released")
    def _compute_lab_delivery(self):
        for report in self:
            order = report.sudo().order_id
            if not report.date_released:
                report.lab_date_expected = False
                report.is_on_time = False
                continue
            expected = order.lab_date_expected
            report.lab_date_expected = expected
            report.is_on_time = not expected or report.date_released.date() <= expected

    @api.model
    def _cron_lab_send_satisfaction_surveys(self):
        """Invite the contact of each report released ``lab_survey_delay_days`` ago."""
        now = fields.Datetime.now()
        template = self.env.ref("survey.mail_template_user_input_invite", raise_if_not_found=False)
        for company in self.env["res.company"].search([("lab_survey_id", "!=", False)]):
            survey = company.lab_survey_id
            if not survey.active or survey.lab_approval_state != "approved":
                _logger.info(
                    "Satisfaction survey %s of %s is not approved", survey.id, company.name
                )
                continue
            limit = now - datetime.timedelta(days=company.lab_survey_delay_days)
            reports = self.search(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "released"),
                    ("date_released", "<=", limit),
                    ("lab_survey_answer_id", "=", False),
                ]
            )
            reports._lab_invite_to_survey(survey, template)

    def _lab_invite_to_survey(self, survey, template=None):
        """Create each report's survey answer and mail the invitation to the order's contact."""
        survey._lab_check_approved()
        invite = self.env["survey.invite"].create(
            {"survey_id": survey.id, "template_id": template.id if template else False}
        )
        for report in self:
            order = report.order_id
            contact = order.partner_id
            if not contact.email:
                report.message_post(
                    body=self.env._(
                        "No satisfaction survey sent: the customer contact has no email."
                    )
                )
                continue
            answer = survey._create_answer(
                partner=contact,
                check_attempts=False,
                lab_order_id=order.id,
                lab_report_id=report.id,
                lab_channel="email",
            )
            invite._send_mail(answer)
            report.lab_survey_answer_id = answer

    def action_send_satisfaction_survey(self):
        """Invite the report's customer to the satisfaction survey now, without waiting for the
        daily job (R-SV-02, issue 17): once per report, as the job does, and only once the
        report is released."""
        self._lab_check_role(
            *SURVEY_SENDER_GROUPS,
            message=self.env._("Only customer service sends satisfaction surveys."),
        )
        for report in self:
            report._lab_check_survey_sendable()
        template = self.env.ref("survey.mail_template_user_input_invite", raise_if_not_found=False)
        for company, reports in self.grouped("company_id").items():
            # sudo: customer service reads reports but does not edit them; the invitation's
            # answer is the one field this writes, after the checks above.
            reports.sudo()._lab_invite_to_survey(company.lab_survey_id, template)
        return True

    def _lab_check_survey_sendable(self):
        """The report is released, its customer not yet invited, its company has a survey and
        the customer contact an email address."""
        self.ensure_one()
        if self.state != "released":
            raise UserError(
                self.env._(
                    "Report %(name)s is not released: its customer is asked about it only "
                    "once they have it.",
                    name=self.name,
                )
            )
        if self.lab_survey_answer_id:
            raise UserError(
                self.env._(
                    "The customer of report %(name)s was already invited to the "
                    "satisfaction survey: each report is asked about once.",
                    name=self.name,
                )
            )
        if not self.company_id.lab_survey_id:
            raise UserError(
                self.env._(
                    "%(company)s has no satisfaction survey: choose one in the Settings.",
                    company=self.company_id.name,
                )
            )
        if not self.sudo().order_id.partner_id.email:
            raise UserError(
                self.env._(
                    "The customer contact of report %(name)s has no email address: add one "
                    "to send the survey.",
                    name=self.name,
                )
            )
