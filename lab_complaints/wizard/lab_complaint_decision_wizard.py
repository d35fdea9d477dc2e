from odoo import api, fields, models

from odoo.addons.lab_customer_service.models.lab_roles import DEPUTY_DIRECTOR, QUALITY_MANAGER


class LabComplaintDecisionWizard(models.TransientModel):
    """The decision of the Director or Deputy together with the Quality Manager (R-CP-04)."""

    _name = "lab.complaint.decision.wizard"
    _description = "Impartial Complaint Decision"

    complaint_id = fields.Many2one("lab.complaint", required=True, ondelete="cascade")
    director_id = fields.Many2one(
        "res.users",
        string="Director or Deputy",
        required=True,
        domain=lambda self: [("all_group_ids", "in", self.env.ref(DEPUTY_DIRECTOR).ids)],
    )
    quality_manager_id = fields.Many2one(
        "res.users",
        required=True,
        domain=lambda self: [("all_group_ids", "in", self.env.ref(QUALITY_MANAGER).ids)],
    )
    decision = fields.Html(string="Outcome", required=True)
    involved_summary = fields.Text(
        string="Involved in the Work", compute="_compute_involved_summary"
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        user = self.env.user
        if user.has_group(DEPUTY_DIRECTOR):
            values.setdefault("director_id", user.id)
        elif user.has_group(QUALITY_MANAGER):
            values.setdefault("quality_manager_id", user.id)
        return values

    @api.depends("complaint_id")
    def _compute_involved_summary(self):
        for wizard in self:
            involvement = wizard.complaint_id._lab_involvement() if wizard.complaint_id else {}
            wizard.involved_summary = "\n".join(
                f"{person.name}: {', '.join(how)}" for person, how in involvement.items()
            ) or self.env._("Nobody is recorded as involved.")

    def action_confirm(self):
        self.ensure_one()
        self.complaint_id._lab_decide(self.director_id, self.quality_manager_id, self.decision)
        return {"type": "ir.actions.act_window_close"}
