from odoo import fields, models

# The fixed steps every complaint goes through (17025 §7.9). Administrators may add or rename
# stages, but each stage maps to one of these, so that the rules below never depend on names.
STEPS = [
    ("received", "Received"),
    ("acknowledged", "Acknowledged"),
    ("validated", "Validated"),
    ("investigation", "Under Investigation"),
    ("decided", "Decided"),
    ("closed", "Closed"),
]


class LabComplaintStage(models.Model):
    _name = "lab.complaint.stage"
    _description = "Complaint Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    step = fields.Selection(
        STEPS,
        required=True,
        help="The step of complaint handling this stage belongs to; the rules of the step apply.",
    )
    fold = fields.Boolean(string="Folded in Kanban")
    portal_label = fields.Char(
        string="Status Shown to the Complainant",
        translate=True,
        help="What the complainant reads on the follow-up page; the stage name when empty.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Progress Report",
        domain=[("model", "=", "lab.complaint")],
        help="Mailed to an identified complainant when a complaint reaches this stage "
        "(R-CP-07). Anonymous complaints are never mailed.",
    )
    active = fields.Boolean(default=True)
