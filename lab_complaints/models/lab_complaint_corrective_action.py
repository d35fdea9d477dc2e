from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.lab_customer_service.models.lab_roles import LAB_USER, QUALITY_MANAGER


class LabComplaint(models.Model):
    """Corrective actions (OCA ``mgmtsystem.action``) opened from a complaint, and closing a
    complaint while they are still open (R-CP-06)."""

    _inherit = "lab.complaint"

    action_ids = fields.One2many(
        "mgmtsystem.action", "complaint_id", string="Actions", groups=QUALITY_MANAGER
    )
    action_count = fields.Integer(compute="_compute_action_count", compute_sudo=True)
    open_action_count = fields.Integer(compute="_compute_action_count", compute_sudo=True)
    open_actions_reason = fields.Text(
        string="Why Close with Open Actions",
        tracking=True,
        groups=LAB_USER,
        help="Filled by one of the deciders when the complaint closes before its actions do.",
    )

    @api.depends("action_ids.stage_id.is_ending")
    def _compute_action_count(self):
        for complaint in self:
            complaint.action_count = len(complaint.action_ids)
            complaint.open_action_count = len(complaint._open_actions())

    def action_new_action(self):
        """Open a corrective action from this complaint (R-CP-06)."""
        self.ensure_one()
        if self.step == "closed":
            raise UserError(self.env._("%(ref)s is closed.", ref=self.name))
        action = self.env["mgmtsystem.action"].create(
            {
                "name": f"{self.name}: {self.subject}",
                "type_action": "correction",
                "complaint_id": self.id,
                "company_id": self.company_id.id,
                "description": Markup("<p>%s</p>")
                % self.env._("Opened from complaint %(ref)s.", ref=self.name),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "mgmtsystem.action",
            "res_id": action.id,
            "view_mode": "form",
        }

    def action_view_actions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Actions"),
            "res_model": "mgmtsystem.action",
            "view_mode": "list,form",
            "domain": [("complaint_id", "=", self.id)],
            "context": {"default_complaint_id": self.id, "default_type_action": "correction"},
        }

    def _open_actions(self):
        return self.sudo().action_ids.filtered(lambda action: not action.stage_id.is_ending)

    def _check_can_close(self):
        """Who may close, and whether the open actions let them (R-CP-06); the stage changes
        only through Close, which checks this."""
        if self.env.su:
            return
        for complaint in self:
            deciders = complaint.decision_director_id | complaint.decision_quality_manager_id
            if self.env.user not in deciders and not self.env.user.has_group(QUALITY_MANAGER):
                raise AccessError(
                    self.env._("Only the deciders or the Quality Manager close a complaint.")
                )
            open_actions = complaint._open_actions()
            if not open_actions:
                continue
            if not complaint.open_actions_reason:
                raise UserError(
                    self.env._(
                        "%(ref)s cannot close while its actions %(actions)s are open. Close them, "
                        "or let one of the deciders record why the complaint may close first.",
                        ref=complaint.name,
                        actions=", ".join(open_actions.mapped("reference")),
                    )
                )
            if self.env.user not in deciders:
                raise UserError(
                    self.env._(
                        "Only %(names)s, who decided %(ref)s, may close it while actions are open.",
                        names=", ".join(deciders.mapped("name")),
                        ref=complaint.name,
                    )
                )

    def _log_closing(self):
        for complaint in self:
            open_actions = complaint._open_actions()
            if open_actions:
                complaint.message_post(
                    body=self.env._(
                        "Closed with open actions %(actions)s: %(why)s",
                        actions=", ".join(open_actions.mapped("reference")),
                        why=complaint.sudo().open_actions_reason,
                    )
                )
