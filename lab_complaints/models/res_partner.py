from odoo import api, fields, models


class ResPartner(models.Model):
    """What a customer's portal user sees of complaints (issue 19; see lab_customer_service's
    ``res_partner_lab_portal.py``)."""

    _inherit = "res.partner"

    lab_portal_complaints = fields.Boolean(
        string="Portal: Complaints",
        default=True,
        help="Sees the company's complaints and appeals in the portal.",
    )

    @api.model
    def _lab_portal_access_fields(self):
        return super()._lab_portal_access_fields() | {"complaints": "lab_portal_complaints"}
