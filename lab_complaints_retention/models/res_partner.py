from odoo import models
from odoo.tools import html2plaintext


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _lab_personal_data(self):
        """Adds the complaints and appeals this person filed (R-CF-08).

        An anonymous complaint stores nobody (R-CP-02): it is in no one's personal data.
        """
        data = super()._lab_personal_data()
        complaints = self.env["lab.complaint"].search(
            [("partner_id", "=", self.id)], order="date_received, id"
        )
        data["complaints_and_appeals"] = [
            {
                "reference": complaint.name,
                "type": complaint.complaint_type,
                "channel": complaint.channel,
                "received_on": str(complaint.date_received),
                "subject": complaint.subject,
                "description": html2plaintext(complaint.description or ""),
                "name": complaint.complainant_name or "",
                "email": complaint.email_from or "",
                "phone": complaint.phone or "",
                "step": complaint.step,
                "closed_on": str(complaint.date_closed or ""),
            }
            for complaint in complaints
        ]
        return data
