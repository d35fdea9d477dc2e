from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.lab_customer_service.models.lab_roles import QUALITY_MANAGER


class LabCustomerNeed(models.Model):
    """A process change decided for a customer need is referred to process improvement as an
    improvement opportunity of the management system (R-SV-05; seed 001: "Referrals for
    Process Control and Process Improvement are made")."""

    _inherit = "lab.customer.need"
    # The referral follows the review that decided the change, on a reviewed (frozen) need.
    _lab_frozen_open_fields = ("message_main_attachment_id", "improvement_action_id")

    improvement_action_id = fields.Many2one(
        "mgmtsystem.action",
        copy=False,
        tracking=True,
        index="btree_not_null",
        groups=QUALITY_MANAGER,
        check_company=True,
    )

    def action_open_improvement(self):
        """Open the improvement action of the process change decided, once."""
        self.ensure_one()
        self.check_access("write")
        self._lab_check_role(
            QUALITY_MANAGER,
            message=self.env._("Only the Quality Manager refers a need to process improvement."),
        )
        if self.state == "open" or self.review_outcome != "process_change":
            raise UserError(
                self.env._(
                    "Need %(need)s has no process change decided by a review to refer.",
                    need=self.name,
                )
            )
        if not self.improvement_action_id:
            self.improvement_action_id = self.env["mgmtsystem.action"].create(
                {
                    "name": f"{self.name}: {self.summary}",
                    "type_action": "improvement",
                    "company_id": self.company_id.id,
                    "description": Markup("<p>%s</p><p>%s</p>")
                    % (
                        self.env._(
                            "Process change decided for customer need %(need)s:", need=self.name
                        ),
                        self.process_change,
                    ),
                }
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "mgmtsystem.action",
            "res_id": self.improvement_action_id.id,
            "view_mode": "form",
        }
