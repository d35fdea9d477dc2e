from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from odoo.addons.lab_customer_service.models.lab_roles import (
    CUSTOMER_DATA,
    DEPUTY_DIRECTOR,
    LAB_USER,
    QUALITY_MANAGER,
)

# Who comes and for which customer (R-SR-02, R-CF-04): the roles that see customers, and the
# customer in its portal. Technicians read when and where a visit is, to pause or screen work.
VISITOR_DATA = f"{CUSTOMER_DATA},base.group_portal"
# Samples that are physically being worked on or waiting in an area.
ACTIVE_SAMPLE_STATES = ("received", "accepted", "in_test")
# What the Director's approval records.
APPROVAL_FIELDS = (
    "state",
    "approved_by_id",
    "date_approved",
    "approved_sample_count",
    "approved_customer_count",
)


class LabVisitPermit(models.Model):
    """The Visitor Entry Permit (R-CF-03, R-CF-04)."""

    _name = "lab.visit.permit"
    _description = "Visitor Entry Permit"
    _inherit = [
        "lab.protected.mixin",
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "lab.retention.mixin",
        "lab.customer.data.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _lab_retention_date_field = "date_end"
    # R-CF-02/03: visitors are admitted by the Director or Deputy, with an agreement for each
    # of them (and, for training, the Quality Manager's approval too), through the actions only.
    _lab_protected_actions = {
        "action_request": ("state",),
        "action_approve": APPROVAL_FIELDS,
        "action_approve_training": ("state", "training_approved_by_id"),
        "action_reject": ("state",),
        "action_cancel": ("state",),
        "action_draft": (*APPROVAL_FIELDS, "training_approved_by_id"),
    }
    # An approved permit admits the people, areas and hours it names, as approved: changing them
    # is a new request (cancel, reset to draft, request again).
    _lab_frozen_states = ("approved",)
    _lab_frozen_open_fields = ("access_token", "host_id")

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        tracking=True,
        domain=[("is_company", "=", True)],
        groups=VISITOR_DATA,
        help="The customer whose tests are witnessed; empty for audits, training and maintenance.",
    )
    requested_by_id = fields.Many2one("res.partner", tracking=True, groups=VISITOR_DATA)
    visitor_ids = fields.Many2many("res.partner", string="Visitors", groups=VISITOR_DATA)
    visitor_count = fields.Integer(
        string="Number of Visitors", compute="_compute_visitor_count", store=True
    )
    visitor_company = fields.Char(
        string="Visitors' Organisation",
        groups=VISITOR_DATA,
        help="Who the visitors come from, when not the customer.",
    )
    purpose = fields.Selection(
        [
            ("witness", "Witness Own Tests"),
            ("audit", "Audit"),
            ("training", "Training"),
            ("maintenance", "Maintenance"),
        ],
        required=True,
        default="witness",
        tracking=True,
    )
    description = fields.Text(string="Details", groups=VISITOR_DATA)
    date_start = fields.Datetime(string="From", required=True, tracking=True)
    date_end = fields.Datetime(string="To", required=True, tracking=True)
    area_ids = fields.Many2many(
        "lab.area", string="Permitted Areas", required=True, check_company=True
    )
    host_id = fields.Many2one(
        "res.users", tracking=True, help="The staff member who escorts the visitors."
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("requested", "Requested"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, tracking=True, copy=False)
    date_approved = fields.Datetime(string="Approved On", readonly=True, copy=False)
    training_approved_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        tracking=True,
        copy=False,
        help="Training visits also need the Quality Manager's approval.",
    )
    rejection_reason = fields.Char(tracking=True, copy=False, groups=VISITOR_DATA)
    missing_nda_ids = fields.Many2many(
        "res.partner",
        string="Visitors Without NDA",
        compute="_compute_missing_nda_ids",
        groups=VISITOR_DATA,
        help="Visitors with no signed agreement covering the whole visit.",
    )
    nda_ids = fields.One2many(
        "lab.nda", "permit_id", string="Agreements to Sign", groups=VISITOR_DATA
    )
    # The conflict check (R-CF-04) is for lab staff who see customers; portal users never read it.
    conflict_sample_count = fields.Integer(
        string="Other Customers' Samples", compute="_compute_conflict", groups=CUSTOMER_DATA
    )
    conflict_customer_count = fields.Integer(
        string="Other Customers", compute="_compute_conflict", groups=CUSTOMER_DATA
    )
    conflict_summary = fields.Char(
        string="Work of Other Customers", compute="_compute_conflict", groups=CUSTOMER_DATA
    )
    conflict_measure = fields.Selection(
        [
            ("pause", "Pause their work"),
            ("screen", "Screen their work"),
            ("none", "None needed"),
        ],
        string="Measure Taken",
        tracking=True,
        copy=False,
        groups=LAB_USER,
    )
    conflict_note = fields.Text(string="Measure Details", copy=False, groups=LAB_USER)
    approved_sample_count = fields.Integer(
        string="Samples at Approval", readonly=True, copy=False, groups=CUSTOMER_DATA
    )
    approved_customer_count = fields.Integer(
        string="Customers at Approval", readonly=True, copy=False, groups=CUSTOMER_DATA
    )
    log_ids = fields.One2many(
        "lab.visitor.log", "permit_id", string="Log Book", groups=CUSTOMER_DATA
    )
    is_anonymised = fields.Boolean(string="Anonymised", readonly=True, copy=False)
    date_anonymised = fields.Date(string="Anonymised On", readonly=True, copy=False)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.depends("visitor_ids")
    def _compute_visitor_count(self):
        for permit in self:
            permit.visitor_count = len(permit.visitor_ids)

    @api.depends("visitor_ids", "date_start", "date_end")
    def _compute_missing_nda_ids(self):
        for permit in self:
            visitors = permit.visitor_ids
            if not visitors or not permit.date_start or not permit.date_end:
                permit.missing_nda_ids = visitors
                continue
            covered = visitors._lab_nda_covered(permit.date_start.date(), permit.date_end.date())
            permit.missing_nda_ids = visitors - covered

    @api.depends("area_ids", "date_start", "date_end", "partner_id")
    def _compute_conflict(self):
        for permit in self:
            groups = permit._lab_conflicting_samples()
            samples = sum(count for _partner, count in groups)
            customers = len(groups)
            permit.conflict_sample_count = samples
            permit.conflict_customer_count = customers
            if not samples:
                summary = self.env._("No other customer's work in these areas")
            elif samples == 1:
                summary = self.env._("1 sample of another customer: pause or screen")
            elif customers == 1:
                summary = self.env._(
                    "%(samples)s samples of 1 other customer: pause or screen", samples=samples
                )
            else:
                summary = self.env._(
                    "%(samples)s samples of %(customers)s other customers: pause or screen",
                    samples=samples,
                    customers=customers,
                )
            permit.conflict_summary = summary

    @api.constrains("date_start", "date_end")
    def _check_window(self):
        for permit in self:
            if permit.date_end <= permit.date_start:
                raise ValidationError(
                    self.env._("Visit %(name)s must end after it starts.", name=permit.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.env["ir.sequence"]._lab_assign_codes("lab.visit.permit", vals_list)
        return super().create(vals_list)

    def _lab_retention_start(self):
        # A permit is a record once it was asked for; a draft may still be thrown away.
        return self.state != "draft" and self.date_end

    @api.model
    def _mail_get_partner_fields(self, introspect_fields=False):
        # Replies are suggested to the customer only for those who may know the customer.
        if not self.env.user.has_group(CUSTOMER_DATA):
            return []
        return super()._mail_get_partner_fields(introspect_fields=introspect_fields)

    def _compute_access_url(self):
        super()._compute_access_url()
        for permit in self:
            permit.access_url = f"/my/lab/visits/{permit.id}"
        return None

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Visitor Entry Permit %(name)s", name=self.name)

    def _lab_conflict_domain(self):
        self.ensure_one()
        domain = Domain("area_id", "in", self.area_ids.ids) & Domain(
            "state", "in", ACTIVE_SAMPLE_STATES
        )
        # A sample is in the lab from its reception until its expected report date (or until it
        # is reported, when no date is planned).
        domain &= Domain("date_received", "<=", self.date_end)
        domain &= Domain("date_expected", "=", False) | Domain(
            "date_expected", ">=", self.date_start.date()
        )
        if self.partner_id:
            domain &= Domain("partner_id", "!=", self.partner_id.commercial_partner_id.id)
        return domain

    def _lab_conflicting_samples(self):
        """[(customer, number of samples)] of other customers' work in the areas during the visit.

        One grouped query; it reads the customer of samples, so it runs with the rights of a user
        who may see them (the approver), never for the visitor.
        """
        self.ensure_one()
        if not (self.area_ids and self.date_start and self.date_end):
            return []
        return self.env["lab.sample"]._read_group(
            self._lab_conflict_domain(), ["partner_id"], ["__count"]
        )

    def _lab_visitor_template(self):
        return self.company_id.lab_nda_template_id or self.env["lab.nda.template"].search(
            [("party_role", "=", "visitor"), ("company_id", "in", [self.company_id.id, False])],
            limit=1,
        )

    def _lab_prepare_ndas(self):
        """Ask every visitor without a valid agreement to sign one (R-CF-02)."""
        vals_list = []
        today = fields.Date.context_today(self)
        for permit in self:
            template = permit._lab_visitor_template()
            pending = permit.nda_ids.filtered(lambda n: n.state == "sent").partner_id
            for visitor in permit.missing_nda_ids - pending:
                if not template:
                    continue
                vals_list.append(
                    {
                        "partner_id": visitor.id,
                        "party_role": "visitor",
                        "template_id": template.id,
                        "permit_id": permit.id,
                        "scope": self.env._(
                            "Visit %(name)s: %(areas)s",
                            name=permit.name,
                            areas=", ".join(permit.area_ids.mapped("name")),
                        ),
                        "date_start": min(today, permit.date_start.date()),
                        "company_id": permit.company_id.id,
                    }
                )
        ndas = self.env["lab.nda"].create(vals_list)
        ndas._lab_send()
        return ndas

    @api.model
    def _lab_check_visit_window(self, date_start, date_end, now):
        """The dates a visit may be asked for (R-CF-03): it ends after it starts and does not
        start in the past. The portal form and ``action_request`` (so RPC callers too) check
        them here."""
        if date_end <= date_start:
            raise UserError(self.env._("The visit must end after it starts."))
        if date_start < now:
            raise UserError(self.env._("A visit cannot start in the past."))

    def action_request(self):
        self.check_access("write")
        now = fields.Datetime.now()
        for permit in self:
            if permit.state != "draft":
                raise UserError(self.env._("Only a draft visit can be requested."))
            self._lab_check_visit_window(permit.date_start, permit.date_end, now)
            if not permit.visitor_ids:
                raise UserError(
                    self.env._("Name the visitors of %(name)s first.", name=permit.name)
                )
        self._lab_grant("action_request").state = "requested"
        self._lab_prepare_ndas()
        self._lab_notify_approvers()
        return True

    def _lab_notify_approvers(self):
        group = self.env.ref(DEPUTY_DIRECTOR)
        for permit in self:
            approver = group.sudo().all_user_ids.filtered(
                lambda u, p=permit: p.company_id in u.company_ids
            )[:1]
            if approver:
                permit.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Approve the visit"),
                    user_id=approver.id,
                    date_deadline=permit.date_start.date(),
                )

    def _lab_check_approvable(self):
        for permit in self:
            if permit.state != "requested":
                raise UserError(
                    self.env._("Visit %(name)s is not waiting for approval.", name=permit.name)
                )
            if not permit.host_id:
                # Checked here, not at check-in: every log book entry names its escort (R-CF-05).
                raise UserError(
                    self.env._(
                        "Visit %(name)s cannot be approved without an escorting host: choose "
                        "the staff member who accompanies the visitors.",
                        name=permit.name,
                    )
                )
            missing = permit.missing_nda_ids
            if missing:
                raise UserError(
                    self.env._(
                        "Visit %(name)s cannot be approved: no valid confidentiality agreement "
                        "for %(people)s.",
                        name=permit.name,
                        people=", ".join(missing.mapped("name")),
                    )
                )

    def action_approve(self):
        """The Director or Deputy admits visitors (R-CF-03) after the conflict check (R-CF-04)."""
        self.check_access("write")
        self._lab_check_role(
            DEPUTY_DIRECTOR,
            message=self.env._("Only the Director or the Deputy Director approve visits."),
        )
        self._lab_check_approvable()
        for permit in self:
            samples, customers = permit.conflict_sample_count, permit.conflict_customer_count
            measure = permit.conflict_measure
            if samples and measure not in ("pause", "screen"):
                raise UserError(
                    self.env._(
                        "%(summary)s. Record whether their work is paused or screened before "
                        "approving.",
                        summary=permit.conflict_summary,
                    )
                )
            permit._lab_grant("action_approve").write(
                {
                    "approved_by_id": self.env.uid,
                    "date_approved": fields.Datetime.now(),
                    "conflict_measure": measure if samples else "none",
                    "approved_sample_count": samples,
                    "approved_customer_count": customers,
                }
            )
        self._lab_grant("action_approve")._lab_finish_approval()
        return True

    def action_approve_training(self):
        """Training visits need the Quality Manager's approval as well (R-CF-03)."""
        self.check_access("write")
        self._lab_check_role(
            QUALITY_MANAGER,
            message=self.env._("Only the Quality Manager approves training visits."),
        )
        self._lab_check_approvable()
        for permit in self:
            if permit.purpose != "training":
                raise UserError(self.env._("Only training visits need this approval."))
        granted = self._lab_grant("action_approve_training")
        granted.write({"training_approved_by_id": self.env.uid})
        granted._lab_finish_approval()
        return True

    def _lab_finish_approval(self):
        """Approved once every approval it needs is given; called by the granted approvals."""
        done = self.filtered(
            lambda p: p.approved_by_id and (p.purpose != "training" or p.training_approved_by_id)
        )
        done.state = "approved"
        done.activity_feedback(["mail.mail_activity_data_todo"])
        template = self.env.ref("lab_confidentiality.mail_template_lab_visit_approved")
        # The notice names the visitor: theirs and the approver's, not in the chatter that
        # technicians read for the visit's areas and hours (R-SR-02).
        for permit in done.filtered("requested_by_id.email"):
            template.sudo()._lab_notify_privately(permit)

    def action_reject(self):
        self.check_access("write")
        self._lab_check_role(
            DEPUTY_DIRECTOR,
            message=self.env._("Only the Director or the Deputy Director decide on visits."),
        )
        if any(permit.state != "requested" for permit in self):
            raise UserError(self.env._("Only a requested visit can be rejected."))
        self._lab_grant("action_reject").state = "rejected"
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_cancel(self):
        self.check_access("write")
        self.filtered(lambda p: p.state in ("draft", "requested", "approved"))._lab_grant(
            "action_cancel"
        ).state = "cancelled"
        return True

    def action_draft(self):
        self.check_access("write")
        self.filtered(lambda p: p.state in ("rejected", "cancelled"))._lab_grant(
            "action_draft"
        ).write(
            {
                "state": "draft",
                "approved_by_id": False,
                "date_approved": False,
                "training_approved_by_id": False,
                "approved_sample_count": 0,
                "approved_customer_count": 0,
            }
        )
        return True

    def action_view_conflicting_samples(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Other Customers' Samples"),
            "res_model": "lab.sample",
            "view_mode": "list,form",
            "domain": list(self._lab_conflict_domain()),
        }

    @api.model
    def _cron_anonymise(self):
        """After retention, replace visitors' personal data by counts (R-CF-08)."""
        cutoff = self._lab_retention_cutoff()
        permits = self.browse()
        if cutoff:
            permits = self.search(
                [("is_anonymised", "=", False), ("state", "!=", "draft"), ("date_end", "<", cutoff)]
            )
        Log = self.env["lab.visitor.log"]
        cutoff = Log._lab_retention_cutoff()
        logs = Log.browse()
        if cutoff:
            logs = Log.search([("is_anonymised", "=", False), ("check_in", "<", cutoff)])
        logs._lab_anonymise()
        permits._lab_anonymise()
        return permits, logs

    def _lab_anonymise(self):
        today = fields.Date.context_today(self)
        for permit in self:
            count = permit.visitor_count
            permit.write(
                {
                    "visitor_ids": [fields.Command.clear()],
                    "visitor_company": False,
                    "requested_by_id": False,
                    "description": False,
                    "is_anonymised": True,
                    "date_anonymised": today,
                }
            )
            permit.message_post(
                body=self.env._(
                    "Retention ended: the personal data of %(count)s visitors was anonymised.",
                    count=count,
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
