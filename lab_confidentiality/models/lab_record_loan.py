from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from odoo.addons.lab_customer_service.models.lab_roles import DEPUTY_DIRECTOR, QUALITY_MANAGER

# Seed 004 §4.5: the General Manager approves a loan (the Deputy acts for the Director), the
# records keeper of the quality department registers it, lends it and takes it back.
OPEN_STATES = ("draft", "requested", "approved")


def lab_local_date(company, moment):
    """The day ``moment`` (naive UTC) falls on in the lab: the company calendar's time zone."""
    return company.resource_calendar_id._lab_local_date(moment)


class LabRecordLoan(models.Model):
    """An archived record lent to a member of staff (R-RC-03, seed 004 §4.5).

    The borrower asks in person, the General Manager approves, the records keeper registers and
    lends it for seven days at most (a company setting); a longer loan is a new request, overdue
    loans are flagged, and the borrower undertakes to make no copy. Loans are records too: kept
    for their retention period once requested.
    """

    _name = "lab.record.loan"
    _description = "Archived Record Loan"
    _inherit = ["lab.protected.mixin", "mail.thread", "mail.activity.mixin", "lab.retention.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _lab_retention_date_field = "requested_on"
    _lab_protected_actions = {
        "action_request": ("state", "requested_on"),
        "action_accept_conditions": ("conditions_accepted_on",),
        "action_approve": ("state", "approved_by_id", "approved_on"),
        "action_refuse": ("state", "refused_by_id", "refused_on"),
        "action_lend": ("state", "lent_by_id", "lent_on", "date_due"),
        "action_return": ("state", "received_by_id", "returned_on"),
        "action_renew": ("state", "requested_on", "renewal_of_id"),
    }
    # What was asked for is what is approved and lent: once requested, only actions change it.
    _lab_frozen_states = ("requested", "approved", "lent", "returned", "refused")
    _lab_frozen_open_fields = ("message_main_attachment_id",)

    name = fields.Char(string="Loan Number", required=True, readonly=True, copy=False, default="/")
    record_ref = fields.Reference(
        selection="_selection_record_ref",
        string="Record",
        help="The record in the system whose archived file is borrowed, if it has one.",
    )
    description = fields.Char(
        string="Archived File",
        help="The file, folder or box borrowed as the archive labels it, e.g. "
        "“Box 2025/07: raw data sheets of noise surveys”.",
    )
    retention_class_id = fields.Many2one(
        "lab.retention.class",
        help="How long the borrowed record is kept: one of a permanent class is irreplaceable.",
    )
    borrower_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        tracking=True,
        domain=[("share", "=", False)],
    )
    purpose = fields.Text(required=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("requested", "Requested"),
            ("approved", "Approved"),
            ("lent", "Lent"),
            ("returned", "Returned"),
            ("refused", "Refused"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    requested_on = fields.Datetime(readonly=True, copy=False)
    conditions_accepted_on = fields.Datetime(
        string="No-Copy Undertaking Accepted On", readonly=True, copy=False, tracking=True
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    approved_on = fields.Datetime(readonly=True, copy=False)
    refused_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    refused_on = fields.Datetime(readonly=True, copy=False)
    lent_by_id = fields.Many2one(
        "res.users", string="Registered By", readonly=True, copy=False, tracking=True
    )
    lent_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    date_due = fields.Date(string="Due Back", readonly=True, copy=False, tracking=True, index=True)
    received_by_id = fields.Many2one(
        "res.users", string="Received Back By", readonly=True, copy=False
    )
    returned_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    renewal_of_id = fields.Many2one(
        "lab.record.loan",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
        help="The loan this request extends: a longer loan is a new request (seed 004 §4.5).",
    )
    renewal_ids = fields.One2many("lab.record.loan", "renewal_of_id", string="Renewals")
    is_borrower = fields.Boolean(compute="_compute_is_borrower")
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.model
    def _selection_record_ref(self):
        """The lab's record types: every model kept under the retention rules."""
        names = self.env.registry.descendants(["lab.retention.mixin"], "_inherit")
        models_ = [
            self.env[name]
            for name in names
            if name != self._name and not self.env[name]._abstract and not self.env[name]._transient
        ]
        return sorted(((m._name, m._description) for m in models_), key=lambda s: s[1])

    @api.depends_context("uid")
    def _compute_is_borrower(self):
        for loan in self:
            loan.is_borrower = loan.borrower_id == self.env.user

    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for loan in self:
            loan.is_overdue = bool(
                loan.state == "lent"
                and loan.date_due
                and loan.date_due < lab_local_date(loan.company_id, now)
            )

    def _search_is_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        return self._lab_overdue_domain(self.env.companies, fields.Datetime.now())

    @api.model
    def _lab_overdue_domain(self, companies, now):
        """Lent loans past their due day, each company's day in its own time zone."""
        return Domain("state", "=", "lent") & Domain.OR(
            Domain("company_id", "=", company.id)
            & Domain("date_due", "<", lab_local_date(company, now))
            for company in companies
        )

    @api.onchange("record_ref")
    def _onchange_record_ref(self):
        if self.record_ref:
            self.retention_class_id = self.env["lab.retention.class"]._for_model(
                self.record_ref._name
            )

    @api.constrains("record_ref", "description")
    def _check_what_is_borrowed(self):
        for loan in self:
            if not loan.record_ref and not (loan.description or "").strip():
                raise ValidationError(
                    self.env._(
                        "Say what is borrowed in loan %(loan)s: a record, or the archived file "
                        "as its label reads.",
                        loan=loan.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.env["ir.sequence"]._lab_assign_codes("lab.record.loan", vals_list)
        Class = self.env["lab.retention.class"]
        for vals in vals_list:
            ref = vals.get("record_ref")
            if isinstance(ref, str) and "," in ref and not vals.get("retention_class_id"):
                vals["retention_class_id"] = Class._for_model(ref.split(",")[0]).id
        return super().create(vals_list)

    # Workflow (R-RC-03)

    def _lab_check_state(self, states, step):
        for loan in self:
            if loan.state not in states:
                raise UserError(loan._lab_state_refusal(step))

    def _lab_check_borrower(self, step):
        """Seed 004 §4.5: the borrower asks in person."""
        for loan in self:
            if loan.borrower_id != self.env.user:
                raise UserError(loan._lab_borrower_refusal(step))

    def _lab_check_not_borrower(self, step):
        for loan in self:
            if loan.borrower_id == self.env.user:
                raise UserError(loan._lab_not_borrower_refusal(step))

    # The refusals of a loan step, as whole sentences (each translates as one).

    def _lab_state_refusal(self, step):
        """Why the loan ``step`` cannot be done in the loan's current state."""
        _ = self.env._
        return {
            "request": _("Loan %(loan)s cannot be requested in its current state.", loan=self.name),
            "accept": _(
                "The conditions of loan %(loan)s cannot be accepted in its current state.",
                loan=self.name,
            ),
            "approve": _("Loan %(loan)s cannot be approved in its current state.", loan=self.name),
            "refuse": _("Loan %(loan)s cannot be refused in its current state.", loan=self.name),
            "lend": _(
                "The record of loan %(loan)s cannot be lent in its current state.", loan=self.name
            ),
            "return": _(
                "The record of loan %(loan)s cannot be taken back in its current state.",
                loan=self.name,
            ),
            "renew": _("Loan %(loan)s cannot be renewed in its current state.", loan=self.name),
        }[step]

    def _lab_borrower_refusal(self, step):
        """Why only the borrower does the loan ``step``."""
        _ = self.env._
        borrower, loan = self.borrower_id.name, self.name
        return {
            "request": _(
                "Only %(borrower)s, who borrows under loan %(loan)s, may request it.",
                borrower=borrower,
                loan=loan,
            ),
            "accept": _(
                "Only %(borrower)s, who borrows under loan %(loan)s, may accept its conditions.",
                borrower=borrower,
                loan=loan,
            ),
            "renew": _(
                "Only %(borrower)s, who borrows under loan %(loan)s, may renew it.",
                borrower=borrower,
                loan=loan,
            ),
        }[step]

    def _lab_not_borrower_refusal(self, step):
        """Why a person other than the borrower does the loan ``step``."""
        _ = self.env._
        return {
            "approve": _(
                "You borrow under loan %(loan)s: another person must approve it.", loan=self.name
            ),
            "lend": _(
                "You borrow under loan %(loan)s: another person must lend it.", loan=self.name
            ),
        }[step]

    def action_request(self):
        self.check_access("write")
        self._lab_check_state(("draft",), "request")
        self._lab_check_borrower("request")
        self._lab_grant("action_request").write(
            {"state": "requested", "requested_on": fields.Datetime.now()}
        )
        self._lab_ask_approver()
        return True

    def action_accept_conditions(self):
        """The borrower's undertaking: no copy, transcript, mark or change; not lent on."""
        self.check_access("write")
        self._lab_check_state(("requested", "approved"), "accept")
        self._lab_check_borrower("accept")
        self._lab_grant("action_accept_conditions").write(
            {"conditions_accepted_on": fields.Datetime.now()}
        )
        return True

    def action_approve(self):
        self.check_access("write")
        self._lab_check_role(
            DEPUTY_DIRECTOR,
            message=self.env._("Only the Director or the Deputy Director approves a loan."),
        )
        self._lab_check_state(("requested",), "approve")
        self._lab_check_not_borrower("approve")
        self._lab_grant("action_approve").write(
            {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "approved_on": fields.Datetime.now(),
            }
        )
        self._lab_done_approval()
        return True

    def action_refuse(self):
        self.check_access("write")
        self._lab_check_role(
            DEPUTY_DIRECTOR,
            message=self.env._("Only the Director or the Deputy Director refuses a loan."),
        )
        self._lab_check_state(("requested",), "refuse")
        self._lab_grant("action_refuse").write(
            {"state": "refused", "refused_by_id": self.env.uid, "refused_on": fields.Datetime.now()}
        )
        self._lab_done_approval()
        return True

    def action_lend(self):
        """The records keeper hands the file over and registers the loan (seed 004 §4.5)."""
        self.check_access("write")
        self._lab_check_role(
            QUALITY_MANAGER,
            message=self.env._("Only the records keeper (Quality Manager) lends a record."),
        )
        self._lab_check_state(("approved",), "lend")
        self._lab_check_not_borrower("lend")
        unaccepted = self.filtered(lambda r: not r.conditions_accepted_on)
        if unaccepted:
            raise UserError(
                self.env._(
                    "%(borrower)s must first accept the conditions of loan %(loan)s: no copies.",
                    borrower=unaccepted[0].borrower_id.name,
                    loan=unaccepted[0].name,
                )
            )
        now = fields.Datetime.now()
        for loan in self:
            days = loan.company_id.lab_loan_days
            loan._lab_grant("action_lend").write(
                {
                    "state": "lent",
                    "lent_by_id": self.env.uid,
                    "lent_on": now,
                    "date_due": lab_local_date(loan.company_id, now) + timedelta(days=days),
                }
            )
        # A renewal takes over from the loan it extends: the file never left the borrower.
        self.renewal_of_id.filtered(lambda r: r.state == "lent")._lab_close(now)
        return True

    def action_return(self):
        self.check_access("write")
        self._lab_check_role(
            QUALITY_MANAGER,
            message=self.env._("Only the records keeper (Quality Manager) takes a record back."),
        )
        self._lab_check_state(("lent",), "return")
        self._lab_close(fields.Datetime.now())
        return True

    def _lab_close(self, now):
        self._lab_grant("action_return").write(
            {"state": "returned", "received_by_id": self.env.uid, "returned_on": now}
        )
        self.activity_feedback(
            ["lab_confidentiality.mail_activity_type_lab_loan_overdue"],
            feedback=self.env._("Returned."),
        )

    def action_renew(self):
        """Seed 004 §4.5: a longer loan goes through the procedure again, as a new request.

        The borrower keeps the file meanwhile; the loan ends when its renewal is lent, and
        stays due (and overdue) if the renewal is refused."""
        self.ensure_one()
        self.check_access("write")
        self._lab_check_state(("lent",), "renew")
        self._lab_check_borrower("renew")
        if self.renewal_ids.filtered(lambda r: r.state in OPEN_STATES):
            raise UserError(
                self.env._("Loan %(loan)s already has a renewal under way.", loan=self.name)
            )
        renewal = self._lab_grant("action_renew").create(
            {
                "record_ref": self.record_ref and f"{self.record_ref._name},{self.record_ref.id}",
                "description": self.description,
                "retention_class_id": self.retention_class_id.id,
                "borrower_id": self.borrower_id.id,
                "purpose": self.purpose,
                "company_id": self.company_id.id,
                "renewal_of_id": self.id,
                "state": "requested",
                "requested_on": fields.Datetime.now(),
            }
        )
        renewal._lab_ask_approver()
        self.message_post(
            body=self.env._("Renewal requested: %(loan)s.", loan=renewal.name),
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": renewal.id,
            "view_mode": "form",
        }

    def _lab_ask_approver(self):
        for loan in self:
            approver = loan.company_id.lab_loan_approver_id
            if approver:
                loan.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Approve or refuse loan %(loan)s", loan=loan.name),
                    user_id=approver.id,
                )

    def _lab_done_approval(self):
        self.activity_feedback(["mail.mail_activity_data_todo"])

    # Overdue loans (R-RC-03)

    @api.model
    def _cron_flag_overdue(self):
        """Once per overdue loan, an activity for its borrower and for the manager who
        approved it."""
        now = fields.Datetime.now()
        companies = self.env["res.company"].search([])
        loans = self.search(self._lab_overdue_domain(companies, now))
        if not loans:
            return
        activity_type = self.env.ref("lab_confidentiality.mail_activity_type_lab_loan_overdue")
        flagged = loans._lab_flagged_overdue(activity_type)
        vals_list = [
            loan._lab_overdue_activity_values(user, activity_type, now)
            for loan in loans
            for user in loan.borrower_id | loan.approved_by_id
            if (loan.id, user.id) not in flagged
        ]
        # The activity is the notice: no "assigned to you" email rendered per loan.
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)

    def _lab_flagged_overdue(self, activity_type):
        """``{(loan id, user id)}`` of the loans already flagged overdue, and to whom."""
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        return {(activity.res_id, activity.user_id.id) for activity in activities}

    def _lab_overdue_activity_values(self, user, activity_type, now):
        """The overdue activity of the loan for ``user``, due on the lab's day of ``now``."""
        self.ensure_one()
        return {
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "activity_type_id": activity_type.id,
            "automated": True,
            "user_id": user.id,
            "date_deadline": lab_local_date(self.company_id, now),
            "summary": self.env._(
                "%(loan)s was due back on %(date)s (%(borrower)s)",
                loan=self.name,
                date=self.date_due,
                borrower=self.borrower_id.name,
            ),
        }
