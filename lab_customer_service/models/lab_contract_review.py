from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .lab_order_linked_mixin import CUSTOMER_DATA_AND_PORTAL
from .lab_protected_mixin import granted_fields
from .lab_roles import CUSTOMER_DATA, DEPUTY_DIRECTOR


class LabContractReview(models.Model):
    """The documented review of a request, tender or contract before work starts (R-CR-01/02).

    One review per revision of an order: an amendment after confirmation supersedes the approved
    review and opens a new one (R-CR-03).
    """

    _name = "lab.contract.review"
    _description = "Contract Review"
    _inherit = [
        "lab.protected.mixin",
        "lab.order.linked.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "order_id, revision desc, id desc"
    _check_company_auto = True
    # R-CR-02 (issue 15): who reviewed and who approved are recorded by the buttons only; the
    # system alone opens a review (for an order's revision and amendment, from a checklist)
    # and supersedes it when the order is amended.
    _lab_protected_actions = {
        "action_submit": ("state", "reviewer_id", "date_reviewed"),
        "action_approve": ("state", "reviewer_id", "date_reviewed", "approver_id", "date_approved"),
        "action_reset_draft": ("state", "reviewer_id", "date_reviewed"),
        "_lab_supersede": ("state",),
        "_lab_open": ("revision", "revision_id", "template_id"),
    }
    # What was submitted is what gets approved: a review leaves "In Review" frozen, and is sent
    # back to change it.
    _lab_frozen_states = ("submitted", "approved", "superseded")
    _lab_frozen_open_fields = ("message_main_attachment_id",)

    name = fields.Char(compute="_compute_name", store=True)
    # The customer reads these in the portal (see lab.order.linked.mixin).
    order_id = fields.Many2one(ondelete="cascade", readonly=True, groups=CUSTOMER_DATA_AND_PORTAL)
    partner_id = fields.Many2one(groups=CUSTOMER_DATA_AND_PORTAL)
    revision = fields.Integer(default=0, readonly=True, required=True)
    revision_id = fields.Many2one(
        "lab.order.revision",
        string="Amendment",
        readonly=True,
        help="The amendment that re-opened it.",
    )
    template_id = fields.Many2one("lab.review.template", string="Checklist", readonly=True)
    line_ids = fields.One2many("lab.contract.review.line", "review_id", string="Checklist Items")
    state = fields.Selection(
        [
            ("draft", "In Review"),
            ("submitted", "Waiting Approval"),
            ("approved", "Approved"),
            ("superseded", "Superseded"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    reviewer_id = fields.Many2one("res.users", string="Reviewed By", readonly=True, tracking=True)
    date_reviewed = fields.Datetime(string="Reviewed On", readonly=True)
    approver_id = fields.Many2one("res.users", string="Approved By", readonly=True, tracking=True)
    date_approved = fields.Datetime(string="Approved On", readonly=True)
    note = fields.Html(string="Conclusion")
    missing = fields.Text(compute="_compute_missing")
    is_approver = fields.Boolean(compute="_compute_is_approver")

    @api.depends("order_id.name", "revision")
    def _compute_name(self):
        for review in self:
            review.name = self.env._(
                "%(order)s, revision %(revision)s",
                order=review.order_id.name,
                revision=review.revision,
            )

    @api.depends("line_ids.answer", "line_ids.note", "state", "revision_id.reason")
    def _compute_missing(self):
        for review in self:
            review.missing = "\n".join(review._missing_items())

    @api.depends_context("uid", "company")
    def _compute_is_approver(self):
        is_approver = self._approver_group() in self.env.user.all_group_ids
        for review in self:
            review.is_approver = is_approver

    @api.constrains("order_id")
    def _check_order_is_lab_order(self):
        for review in self:
            if not review.order_id.is_lab_order:
                raise ValidationError(
                    self.env._(
                        "%(order)s contains no laboratory test: there is nothing to review.",
                        order=review.order_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        opened = granted_fields(self.env, self._name) >= set(
            self._lab_protected_actions["_lab_open"]
        )
        if self.env.uid != SUPERUSER_ID and not opened:
            raise UserError(
                self.env._(
                    "A contract review is opened by the system when a quotation with laboratory "
                    "tests is saved or a confirmed order is amended; it cannot be created by hand."
                )
            )
        return reviews

    @api.model
    def _lab_open(self, vals_list):
        """Open the reviews of orders: the system's consequence of quoting a lab test or of
        amending a confirmed order, whoever enters it (a salesperson without a lab role too);
        filling and approving them stay guarded."""
        return self.sudo()._lab_grant("_lab_open").create(vals_list).with_env(self.env)

    def _check_in_review(self):
        if self.filtered(lambda review: review.state != "draft"):
            raise UserError(
                self.env._(
                    "This checklist is no longer in review; send it back before changing it."
                )
            )

    def _missing_items(self):
        """What still stands between this checklist and its approval, in the user's words."""
        self.ensure_one()
        missing = []
        unanswered = self.line_ids.filtered(lambda line: not line.answer)
        if unanswered:
            missing.append(
                self.env._(
                    "%(count)s of %(total)s checklist items are not answered.",
                    count=len(unanswered),
                    total=len(self.line_ids),
                )
            )
        for line in self.line_ids.filtered(lambda line: line.answer == "no" and not line.note):
            missing.append(self.env._("Explain the answer “No” to: %(item)s", item=line.name))
        if self.revision_id and not self.revision_id.reason:
            missing.append(self.env._("Give the reason for amendment %(rev)s.", rev=self.revision))
        return missing

    def _check_complete(self):
        for review in self:
            if not review.line_ids:
                raise UserError(
                    self.env._("The checklist of %(review)s is empty.", review=review.name)
                )
            missing = review._missing_items()
            if missing:
                raise UserError(
                    self.env._(
                        "The contract review %(review)s is incomplete:\n%(missing)s",
                        review=review.name,
                        missing="\n".join(f"- {m}" for m in missing),
                    )
                )

    def _approver_group(self):
        return self.env.company.lab_review_approver_group_id or self.env.ref(DEPUTY_DIRECTOR)

    def _check_approver(self):
        group = self._approver_group()
        if group not in self.env.user.all_group_ids:
            # Every role that holds the approvers' group, the Director's as well as the Deputy's.
            roles = group.sudo().all_implied_by_ids.sorted(lambda g: (g.sequence, g.name))
            raise AccessError(
                self.env._(
                    "A contract review is approved only by: %(roles)s.",
                    roles=", ".join(f"“{role.name}”" for role in roles),
                )
            )

    def _check_reviewer(self):
        self._lab_check_role(
            CUSTOMER_DATA,
            message=self.env._("Only customer service and the managers review contracts."),
        )
        self.check_access("write")

    def action_submit(self):
        self._check_reviewer()
        if self.filtered(lambda review: review.state != "draft"):
            raise UserError(self.env._("Only a review in progress can be submitted."))
        self._check_complete()
        self._lab_grant("action_submit").write(
            {
                "state": "submitted",
                "reviewer_id": self.env.uid,
                "date_reviewed": fields.Datetime.now(),
            }
        )
        for review in self:
            review.order_id.message_post(
                body=self.env._(
                    "Contract review %(review)s submitted for approval.", review=review.name
                )
            )
        return True

    def action_approve(self):
        self._check_approver()
        self.check_access("write")
        if self.filtered(lambda review: review.state not in ("draft", "submitted")):
            raise UserError(self.env._("Only a review in progress can be approved."))
        self._check_complete()
        now = fields.Datetime.now()
        for review in self:
            vals = {"state": "approved", "approver_id": self.env.uid, "date_approved": now}
            if not review.reviewer_id:
                vals.update(reviewer_id=self.env.uid, date_reviewed=now)
            review._lab_grant("action_approve").write(vals)
            review.revision_id.sudo()._lab_agree()
            review.order_id.message_post(
                body=self.env._("Contract review %(review)s approved.", review=review.name)
            )
        return True

    def action_reset_draft(self):
        self._check_reviewer()
        if self.filtered(lambda review: review.state != "submitted"):
            raise UserError(self.env._("Only a review waiting for approval can be sent back."))
        self._lab_grant("action_reset_draft").write(
            {"state": "draft", "reviewer_id": False, "date_reviewed": False}
        )
        return True

    def _lab_supersede(self):
        """An amendment of the confirmed order replaced this review with a new one (R-CR-03)."""
        self._lab_grant("_lab_supersede").write({"state": "superseded"})

    def action_print(self):
        return self.env.ref("lab_customer_service.action_report_lab_contract_review").report_action(
            self
        )
