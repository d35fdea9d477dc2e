from odoo import fields, models
from odoo.exceptions import UserError


class LabComplaintJournalWizard(models.TransientModel):
    """Print the complaint journal for a period (R-CP-09)."""

    _name = "lab.complaint.journal.wizard"
    _description = "Print Complaint Journal"

    date_from = fields.Date(
        required=True, default=lambda self: fields.Date.today().replace(month=1, day=1)
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)

    def action_print(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(self.env._("The period ends before it begins."))
        # The period's days as the lab's calendar counts them, not UTC days.
        start, stop = self.env.company._lab_utc_bounds(self.date_from, self.date_to)
        complaints = self.env["lab.complaint"].search(
            [("date_received", ">=", start), ("date_received", "<", stop)],
            order="date_received, id",
        )
        if not complaints:
            raise UserError(self.env._("No complaint was received in this period."))
        return self.env.ref("lab_complaints.action_report_complaint_journal").report_action(
            complaints,
            data={
                "date_from": fields.Date.to_string(self.date_from),
                "date_to": fields.Date.to_string(self.date_to),
            },
        )
