from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.lab_customer_service.models.lab_roles import (
    DEPUTY_DIRECTOR,
    QUALITY_MANAGER,
    TECHNICAL_MANAGER,
)

# What is released and why: fixed once anyone has approved it.
RELEASE_CONTENT_FIELDS = {
    "partner_id",
    "authority",
    "authority_type",
    "legal_basis",
    "released_info",
}
# The two approvals (R-CF-06/07), each by its action: the role that gives it, the field of who did.
APPROVALS = {
    "action_approve_technical": (TECHNICAL_MANAGER, "technical_approver_id"),
    "action_approve_director": (DEPUTY_DIRECTOR, "director_approver_id"),
}


class LabDisclosure(models.Model):
    """A release of customer information to a third party (R-CF-06, R-CF-07)."""

    _name = "lab.disclosure"
    _description = "Disclosure of Customer Information"
    _inherit = [
        "lab.protected.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "lab.retention.mixin",
        "lab.customer.data.mixin",
    ]
    _order = "date_request desc, id desc"
    _check_company_auto = True
    # R-CF-06/07: two different people approve (the Technical Manager and the Director), then
    # the Quality Manager records the release; each step by its action only.
    _lab_protected_actions = {
        "action_approve_technical": ("state", "technical_approver_id"),
        "action_approve_director": ("state", "director_approver_id"),
        "action_release": ("state", "date_released"),
        "action_refuse": ("state",),
    }
    # Once approved, only whether and when the customer was told still changes.
    _lab_frozen_states = ("approved", "released", "refused")
    _lab_frozen_open_fields = (
        "customer_notice",
        "date_customer_told",
        "notice_forbidden_reference",
    )

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
    )
    authority = fields.Char(string="Requesting Authority", required=True, tracking=True)
    authority_type = fields.Selection(
        [("court", "Court or Prosecutor"), ("official", "Authorised Official")],
        required=True,
        default="court",
        tracking=True,
    )
    request_reference = fields.Char(tracking=True)
    date_request = fields.Date(
        string="Requested On", default=fields.Date.context_today, required=True
    )
    legal_basis = fields.Text(required=True, tracking=True)
    released_info = fields.Text(string="Information Released", required=True, tracking=True)
    technical_reviewer_id = fields.Many2one(
        "res.users",
        string="Technical Manager",
        tracking=True,
        domain=lambda self: [("all_group_ids", "in", self.env.ref(TECHNICAL_MANAGER).ids)],
        help="The Technical Manager asked to approve; they see this disclosure only.",
    )
    technical_approver_id = fields.Many2one("res.users", readonly=True, tracking=True, copy=False)
    director_approver_id = fields.Many2one("res.users", readonly=True, tracking=True, copy=False)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("approved", "Approved"),
            ("released", "Released"),
            ("refused", "Refused"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    date_released = fields.Date(string="Released On", readonly=True, tracking=True, copy=False)
    customer_notice = fields.Selection(
        [
            ("to_tell", "To Be Told"),
            ("told", "Told"),
            ("forbidden", "Telling Forbidden by Law"),
        ],
        string="Customer Informed",
        default="to_tell",
        required=True,
        tracking=True,
    )
    date_customer_told = fields.Date(string="Customer Told On", tracking=True)
    notice_forbidden_reference = fields.Char(
        string="Legal Reference Forbidding Notice", tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.constrains("legal_basis", "released_info")
    def _check_basis(self):
        for disclosure in self:
            if not (disclosure.legal_basis or "").strip():
                raise ValidationError(self.env._("A disclosure needs its legal basis."))
            if not (disclosure.released_info or "").strip():
                raise ValidationError(self.env._("Say what information is released."))

    @api.constrains("customer_notice", "date_customer_told", "notice_forbidden_reference")
    def _check_notice(self):
        for disclosure in self:
            if disclosure.customer_notice == "told" and not disclosure.date_customer_told:
                raise ValidationError(self.env._("Give the date the customer was told."))
            if (
                disclosure.customer_notice == "forbidden"
                and not disclosure.notice_forbidden_reference
            ):
                raise ValidationError(
                    self.env._("Give the legal reference that forbids telling the customer.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # Said before the database refuses an empty column, in the user's words.
            if not (vals.get("legal_basis") or "").strip():
                raise ValidationError(self.env._("A disclosure needs its legal basis."))
        self.env["ir.sequence"]._lab_assign_codes("lab.disclosure", vals_list)
        records = super().create(vals_list)
        records._lab_ask_technical_manager()
        return records

    def write(self, vals):
        if vals.keys() & RELEASE_CONTENT_FIELDS and any(
            d.state != "draft" or d.technical_approver_id or d.director_approver_id for d in self
        ):
            raise UserError(
                self.env._(
                    "An approved or released disclosure cannot change what it releases, nor why."
                )
            )
        res = super().write(vals)
        if "technical_reviewer_id" in vals:
            self._lab_ask_technical_manager()
        return res

    def _lab_ask_technical_manager(self):
        for disclosure in self.filtered("technical_reviewer_id"):
            disclosure.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Approve the disclosure"),
                user_id=disclosure.technical_reviewer_id.id,
            )

    def _lab_check_draft(self):
        for disclosure in self:
            if disclosure.state != "draft":
                raise UserError(
                    self.env._(
                        "Disclosure %(name)s is no longer waiting for approval.",
                        name=disclosure.name,
                    )
                )

    def action_approve_technical(self):
        self._lab_approve(
            "action_approve_technical",
            self.env._("Only the Technical Manager approves this step."),
        )
        return True

    def action_approve_director(self):
        self._lab_approve(
            "action_approve_director", self.env._("Only the Director approves this step.")
        )
        return True

    def _lab_approve(self, action, refusal):
        """Give the approval of ``action`` (see ``APPROVALS``): its role only, ``refusal`` to
        anybody else, and never from the person who gave the other approval."""
        group, field = APPROVALS[action]
        other = next(f for _group, f in APPROVALS.values() if f != field)
        self.check_access("write")
        self._lab_check_role(group, message=refusal)
        self._lab_check_draft()
        for disclosure in self:
            if disclosure[other] == self.env.user:
                raise UserError(
                    self.env._("The two approvals must come from two different people.")
                )
        granted = self._lab_grant(action)
        granted[field] = self.env.user
        granted._lab_finish_approval()

    def _lab_finish_approval(self):
        """Approved once both approvals are given; called by the granted approvals."""
        done = self.filtered(lambda d: d.technical_approver_id and d.director_approver_id)
        done.state = "approved"
        done.activity_feedback(["mail.mail_activity_data_todo"])

    def action_release(self):
        self.check_access("write")
        self._lab_check_role(
            QUALITY_MANAGER, message=self.env._("Only the Quality Manager records a release.")
        )
        for disclosure in self:
            if disclosure.state != "approved":
                raise UserError(
                    self.env._(
                        "Disclosure %(name)s needs the approval of the Technical Manager and the "
                        "Director before anything is released.",
                        name=disclosure.name,
                    )
                )
        self._lab_grant("action_release").write(
            {"state": "released", "date_released": fields.Date.context_today(self)}
        )
        return True

    def action_refuse(self):
        self.check_access("write")
        self._lab_check_role(
            QUALITY_MANAGER,
            TECHNICAL_MANAGER,
            message=self.env._("Only the Quality Manager or an approver refuses a disclosure."),
        )
        self._lab_check_draft()
        self._lab_grant("action_refuse").state = "refused"
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True
