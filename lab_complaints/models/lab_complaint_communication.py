from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.lab_customer_service.models.lab_roles import QUALITY_MANAGER, STAFF

from .lab_complaint_intake import ANONYMOUS_AUTHOR

ACKNOWLEDGE_GROUPS = (
    STAFF,
    QUALITY_MANAGER,
)


class LabComplaintCommunication(models.AbstractModel):
    """What the complainant hears from the lab and answers: the acknowledgement, the progress
    reports of each stage and the feedback on the outcome (R-CP-07, R-CP-08).

    A part of ``lab.complaint``, which inherits it; not used on its own.
    """

    _name = "lab.complaint.communication"
    _description = "Complaint Communication"

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
