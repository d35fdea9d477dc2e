from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html


class LabComplaintConcernWizard(models.TransientModel):
    """Where any lab employee raises a concern without fear of reprisal (R-CP-02).

    Filed anonymously, the concern keeps no trace of its author: the complaint is created by the
    system, and this wizard line, which did hold the author, is deleted at once.
    """

    _name = "lab.complaint.concern.wizard"
    _description = "Raise a Concern"

    is_anonymous = fields.Boolean(string="File Anonymously", default=True)
    complaint_type = fields.Selection(
        [("concern", "Internal Concern"), ("suggestion", "Suggestion")],
        string="Type",
        required=True,
        default="concern",
    )
    category_id = fields.Many2one("lab.complaint.category")
    subject = fields.Char(required=True)
    description = fields.Text(required=True)

    def action_submit(self):
        self.ensure_one()
        if not self.subject.strip() or not self.description.strip():
            raise UserError(self.env._("Say what the concern is about."))
        vals = {
            "complaint_type": self.complaint_type,
            "channel": "internal",
            "subject": self.subject.strip()[:200],
            "description": plaintext2html(self.description),
            "category_id": self.category_id.id,
            "company_id": self.env.company.id,
        }
        Complaint = self.env["lab.complaint"]
        if self.is_anonymous:
            Complaint._lab_create_anonymous([vals])
            message = self.env._("Your concern was filed anonymously: nothing records who you are.")
        else:
            user = self.env.user
            complaint = Complaint.sudo().create(
                dict(vals, partner_id=user.partner_id.id, complainant_name=user.name)
            )
            message = self.env._("Your concern was filed as %(ref)s.", ref=complaint.name)
        # The transient line is the only place the author could still be read from.
        self.sudo().unlink()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
