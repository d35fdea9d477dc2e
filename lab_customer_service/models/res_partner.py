from odoo import api, fields, models


class ResPartner(models.Model):
    """A subcontractor and its authorisation (R-CR-05, 17025 §6.6)."""

    _inherit = "res.partner"

    is_lab_subcontractor = fields.Boolean(string="Laboratory Subcontractor")
    lab_subcontract_scope = fields.Text(
        string="Authorisation Scope", help="Tests or methods the subcontractor is approved for."
    )
    lab_subcontract_expiry = fields.Date(string="Authorisation Expiry")
    is_lab_subcontractor_approved = fields.Boolean(
        string="Approved Subcontractor",
        compute="_compute_is_lab_subcontractor_approved",
        search="_search_is_lab_subcontractor_approved",
    )

    @api.depends("is_lab_subcontractor", "lab_subcontract_scope", "lab_subcontract_expiry")
    @api.depends_context("date")
    def _compute_is_lab_subcontractor_approved(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.is_lab_subcontractor_approved = bool(
                partner.is_lab_subcontractor
                and partner.lab_subcontract_scope
                and partner.lab_subcontract_expiry
                and partner.lab_subcontract_expiry >= today
            )

    def _search_is_lab_subcontractor_approved(self, operator, value):
        if operator != "in":
            return NotImplemented
        return [
            ("is_lab_subcontractor", "=", True),
            ("lab_subcontract_scope", "!=", False),
            ("lab_subcontract_expiry", ">=", fields.Date.context_today(self)),
        ]

    def _lab_report_lang(self):
        """The language of documents printed for this partner: theirs while it is installed,
        English otherwise (a language can be removed after partners were given it)."""
        lang = self[:1].lang
        return lang if lang and self.env["res.lang"]._get_data(code=lang) else "en_US"
