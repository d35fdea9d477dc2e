from odoo import api, fields, models
from odoo.exceptions import UserError

from .lab_roles import QUALITY_MANAGER

_APPROVAL_FIELDS = ("lab_approval_state", "lab_approved_by_id", "lab_date_approved")


class SurveySurvey(models.Model):
    """Laboratory satisfaction surveys must be approved by the Quality Manager before any
    customer or employee can be invited to them or answer them (R-SV-02)."""

    _inherit = ["survey.survey", "lab.protected.mixin"]
    # Issue 15: the approval is given and withdrawn by the Quality Manager's buttons only, and
    # lapses by itself when the questions change.
    _lab_protected_actions = {
        "action_lab_approve": _APPROVAL_FIELDS,
        "action_lab_reset_approval": _APPROVAL_FIELDS,
        "_lab_withdraw_approval_on_change": _APPROVAL_FIELDS,
    }

    is_lab_survey = fields.Boolean(
        string="Laboratory Satisfaction Survey",
        help="A customer satisfaction survey of the laboratory: it needs the Quality Manager's "
        "approval before use, and its answers feed the satisfaction analysis.",
    )
    lab_audience = fields.Selection(
        [("external", "External Customers"), ("internal", "Internal Customers")],
        string="Audience",
        default="external",
    )
    lab_approval_state = fields.Selection(
        [("draft", "To Approve"), ("approved", "Approved")],
        string="Approval",
        default="draft",
        copy=False,
        readonly=True,
        tracking=True,
    )
    lab_approved_by_id = fields.Many2one(
        "res.users", string="Approved By", readonly=True, copy=False
    )
    lab_date_approved = fields.Datetime(string="Approved On", readonly=True, copy=False)

    def _lab_check_quality_manager(self):
        self._lab_check_role(
            QUALITY_MANAGER,
            message=self.env._("Only the Quality Manager approves satisfaction surveys."),
        )
        self.check_access("write")

    def _lab_check_approved(self):
        unapproved = self.filtered(lambda s: s.is_lab_survey and s.lab_approval_state != "approved")
        if unapproved:
            raise UserError(
                self.env._(
                    "The survey %(survey)s is not approved by the Quality Manager yet: it cannot "
                    "be sent or answered.",
                    survey=", ".join(unapproved.mapped("title")),
                )
            )

    def _check_answer_creation(
        self, user, partner, email, test_entry=False, check_attempts=True, invite_token=False
    ):
        if not test_entry:
            self._lab_check_approved()
            if self.is_lab_survey and self.lab_audience == "internal":
                if partner and not user and partner.user_ids:
                    user = partner.user_ids[0]
                if not (user and user._is_internal()):
                    raise UserError(
                        self.env._(
                            "The survey %(survey)s is for internal customers: only employees "
                            "can be invited to it.",
                            survey=self.title,
                        )
                    )
        return super()._check_answer_creation(
            user,
            partner,
            email,
            test_entry=test_entry,
            check_attempts=check_attempts,
            invite_token=invite_token,
        )

    def action_send_survey(self):
        self._lab_check_approved()
        return super().action_send_survey()

    def action_lab_approve(self):
        self._lab_check_quality_manager()
        if not all(self.mapped("is_lab_survey")):
            raise UserError(
                self.env._("Only laboratory satisfaction surveys are approved by the lab.")
            )
        if any(not survey.question_ids for survey in self):
            raise UserError(self.env._("A survey without questions cannot be approved."))
        self._lab_grant("action_lab_approve").write(
            {
                "lab_approval_state": "approved",
                "lab_approved_by_id": self.env.user.id,
                "lab_date_approved": fields.Datetime.now(),
            }
        )

    def _lab_withdraw_approval_on_change(self):
        """Questions changed after approval: back to "To Approve" (a narrow write of the
        approval fields, whoever edited the questions)."""
        approved = self.filtered(lambda s: s.is_lab_survey and s.lab_approval_state == "approved")
        if not approved:
            return
        approved.sudo()._lab_grant("_lab_withdraw_approval_on_change").write(
            {"lab_approval_state": "draft", "lab_approved_by_id": False, "lab_date_approved": False}
        )
        for survey in approved:
            survey.message_post(
                body=self.env._(
                    "Questions changed: the survey needs the Quality Manager's approval again."
                )
            )

    def action_lab_reset_approval(self):
        self._lab_check_quality_manager()
        self._lab_grant("action_lab_reset_approval").write(
            {"lab_approval_state": "draft", "lab_approved_by_id": False, "lab_date_approved": False}
        )

    @api.onchange("is_lab_survey", "lab_audience")
    def _onchange_lab_audience(self):
        if self.is_lab_survey and self.lab_audience == "internal":
            self.access_mode = "token"
            self.users_login_required = True
