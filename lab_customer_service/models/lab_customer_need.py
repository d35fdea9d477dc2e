from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .lab_roles import QUALITY_MANAGER

NEED_SOURCES = [
    ("survey", "Satisfaction Survey"),
    ("complaint", "Complaint"),
    ("feedback", "Feedback"),
    ("request", "Customer Request"),
    ("contract_review", "Contract Review"),
    ("key_customer_review", "Key Customer Review"),
    ("meeting", "Meeting or Visit"),
    ("staff", "Staff (Internal Customer)"),
    ("other", "Other"),
]


class LabCustomerNeed(models.Model):
    """A need or expectation of an internal or external customer, and its review for process
    changes (R-SV-05; seed 001 "Identifying and Managing Customer Needs").

    Who records it and when are Odoo's own ``create_uid``/``create_date``, which no client can
    set. The Quality Manager (the Director and the Deputy hold the role too) reviews it: the
    outcome and the process change decided are frozen by the review; to review again, reopen.
    """

    _name = "lab.customer.need"
    _description = "Customer Need or Expectation"
    _inherit = ["lab.protected.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True
    _lab_protected_actions = {
        "action_review": ("state", "last_reviewed_on", "last_reviewed_by_id"),
        "action_close": ("state",),
        "action_reopen": ("state",),
    }
    # A review decides on what was recorded: to change either, reopen and review again.
    _lab_frozen_states = ("reviewed", "closed")
    _lab_frozen_open_fields = ("message_main_attachment_id",)

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    summary = fields.Char(string="Need or Expectation", required=True, tracking=True)
    kind = fields.Selection(
        [("need", "Need"), ("expectation", "Expectation")],
        required=True,
        default="need",
    )
    description = fields.Html(string="Details")
    customer_type = fields.Selection(
        [("external", "External"), ("internal", "Internal")],
        required=True,
        default="external",
        tracking=True,
        index=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", check_company=True, index=True, tracking=True
    )
    internal_unit = fields.Char(
        string="Department", help="The section or function of the laboratory, e.g. Reception."
    )
    internal_user_id = fields.Many2one(
        "res.users", string="Internal Customer", domain=[("share", "=", False)]
    )
    source = fields.Selection(NEED_SOURCES, required=True, default="meeting", tracking=True)
    source_reference = fields.Char(
        help="Where it was said: the survey, complaint, request or meeting minutes."
    )
    feedback_id = fields.Many2one("lab.feedback", check_company=True)
    state = fields.Selection(
        [("open", "To Review"), ("reviewed", "Reviewed"), ("closed", "Closed")],
        default="open",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    review_outcome = fields.Selection(
        [("no_change", "No Change Needed"), ("process_change", "Process Change")],
        string="Outcome",
        tracking=True,
        copy=False,
    )
    process_change = fields.Text(
        string="Process Change Decided",
        copy=False,
        help="The new process or the change to an existing one that meets the need, and to "
        "whom it is referred.",
    )
    review_note = fields.Text(string="Review Notes", copy=False)
    last_reviewed_on = fields.Date(readonly=True, copy=False, tracking=True, index=True)
    last_reviewed_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.constrains("customer_type", "partner_id", "internal_unit", "internal_user_id")
    def _check_customer(self):
        for need in self:
            if need.customer_type == "external" and not need.partner_id:
                raise ValidationError(
                    self.env._("Say which customer has need %(need)s.", need=need.summary)
                )
            if need.customer_type == "internal" and not (
                need.internal_unit or need.internal_user_id
            ):
                raise ValidationError(
                    self.env._(
                        "Say which department or person of the laboratory has need %(need)s.",
                        need=need.summary,
                    )
                )

    @api.onchange("feedback_id")
    def _onchange_feedback_id(self):
        if self.feedback_id:
            self.source = "feedback"
            self.partner_id = self.partner_id or self.feedback_id.partner_id

    @api.model_create_multi
    def create(self, vals_list):
        self.env["ir.sequence"]._lab_assign_codes("lab.customer.need", vals_list)
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_reviewed(self):
        reviewed = self.filtered("last_reviewed_on")
        if reviewed:
            raise UserError(
                self.env._(
                    "Need %(need)s has been reviewed and stays in the register; close it instead.",
                    need=reviewed[0].name,
                )
            )

    def _lab_step_refusals(self, step):
        """The refusals of a review step, as whole sentences (each translates as one)."""
        _ = self.env._
        return {
            "review": {
                "role": lambda: _(
                    "Only the Quality Manager or the Director may review a customer need."
                ),
                "state": lambda need: _(
                    "Need %(need)s cannot be reviewed in its current state.", need=need
                ),
            },
            "close": {
                "role": lambda: _(
                    "Only the Quality Manager or the Director may close a customer need."
                ),
                "state": lambda need: _(
                    "Need %(need)s cannot be closed in its current state.", need=need
                ),
            },
            "reopen": {
                "role": lambda: _(
                    "Only the Quality Manager or the Director may reopen a customer need."
                ),
                "state": lambda need: _(
                    "Need %(need)s cannot be reopened in its current state.", need=need
                ),
            },
        }[step]

    def _lab_check_reviewer(self, states, step):
        self.check_access("write")
        refusals = self._lab_step_refusals(step)
        self._lab_check_role(QUALITY_MANAGER, message=refusals["role"]())
        for need in self:
            if need.state not in states:
                raise UserError(refusals["state"](need.name))

    def action_review(self):
        """Seed 001: whether the need calls for a new process or a change to one."""
        self._lab_check_reviewer(("open",), "review")
        for need in self:
            if not need.review_outcome:
                raise UserError(
                    self.env._(
                        "Choose the outcome of the review of %(need)s: no change, or a process "
                        "change.",
                        need=need.name,
                    )
                )
            if need.review_outcome == "process_change" and not (need.process_change or "").strip():
                raise UserError(
                    self.env._("Describe the process change decided for %(need)s.", need=need.name)
                )
        now = fields.Datetime.now()
        for company, needs in self.grouped("company_id").items():
            needs._lab_grant("action_review").write(
                {
                    "state": "reviewed",
                    "last_reviewed_on": company.resource_calendar_id._lab_local_date(now),
                    "last_reviewed_by_id": self.env.uid,
                }
            )
        return True

    def action_close(self):
        self._lab_check_reviewer(("reviewed",), "close")
        self._lab_grant("action_close").write({"state": "closed"})
        return True

    def action_reopen(self):
        """For the next review: the previous one stays in the chatter."""
        self._lab_check_reviewer(("reviewed", "closed"), "reopen")
        self._lab_grant("action_reopen").write({"state": "open"})
        return True
