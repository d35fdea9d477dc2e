import json

from odoo import fields, models
from odoo.fields import Domain

PERSONAL_FIELDS = ["name", "email", "phone", "street", "city", "zip", "function", "vat"]


class ResPartner(models.Model):
    _inherit = "res.partner"

    lab_nda_ids = fields.One2many("lab.nda", "partner_id", string="Confidentiality Agreements")
    lab_has_valid_nda = fields.Boolean(
        string="Valid NDA", compute="_compute_lab_has_valid_nda", search="_search_lab_has_valid_nda"
    )

    def _compute_lab_has_valid_nda(self):
        valid = self._lab_nda_covered(fields.Date.context_today(self))
        for partner in self:
            partner.lab_has_valid_nda = partner in valid

    def _search_lab_has_valid_nda(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        today = fields.Date.context_today(self)
        ndas = self.env["lab.nda"].sudo()._search(self._lab_nda_domain(today, today))
        Nda = self.env["lab.nda"]
        query = ndas.subselect(Nda._field_to_sql(ndas.table, "partner_id", ndas))
        positive = True in value
        return Domain("id", "in" if positive == (operator == "in") else "not in", query)

    def _lab_nda_domain(self, date_from, date_to):
        return [
            ("state", "=", "signed"),
            ("date_start", "<=", date_from),
            "|",
            ("date_expiry", "=", False),
            ("date_expiry", ">=", date_to),
        ]

    def _lab_nda_covered(self, date_from, date_to=None):
        """The partners of ``self`` with a signed agreement covering the whole period."""
        if not self:
            return self
        domain = Domain(self._lab_nda_domain(date_from, date_to or date_from))
        domain &= Domain("partner_id", "in", self.ids)
        groups = self.env["lab.nda"].sudo()._read_group(domain, ["partner_id"])
        return self.browse([partner.id for (partner,) in groups])

    def _lab_personal_data(self):
        """What the laboratory holds about this person (R-CF-08), as plain data."""
        self.ensure_one()
        return {
            "person": {name: self[name] or "" for name in PERSONAL_FIELDS},
            "confidentiality_agreements": self._lab_personal_agreements(),
            "visit_permits": self._lab_personal_permits(),
            "visitor_log_book": self._lab_personal_visits(),
        }

    def _lab_personal_agreements(self):
        return [
            {
                "reference": nda.name,
                "state": nda.state,
                "valid_from": str(nda.date_start),
                "valid_until": str(nda.date_expiry or ""),
                "signed_on": str(nda.date_signed or ""),
                "signed_by": nda.signed_by or "",
            }
            for nda in self.env["lab.nda"].search([("partner_id", "=", self.id)])
        ]

    def _lab_personal_permits(self):
        return [
            {
                "reference": permit.name,
                "purpose": permit.purpose,
                "from": str(permit.date_start),
                "to": str(permit.date_end),
                "areas": permit.area_ids.mapped("name"),
                "state": permit.state,
            }
            for permit in self.env["lab.visit.permit"].search([("visitor_ids", "in", self.ids)])
        ]

    def _lab_personal_visits(self):
        return [
            {
                "permit": log.permit_id.name,
                "check_in": str(log.check_in),
                "check_out": str(log.check_out or ""),
                "badge": log.badge_number or "",
                "id_document": log.id_document or "",
            }
            for log in self.env["lab.visitor.log"].search([("visitor_id", "=", self.id)])
        ]

    def action_lab_export_personal_data(self):
        """Hand a person their data on request (R-CF-08): a JSON file to download."""
        self.ensure_one()
        self.env["lab.nda"].check_access("read")
        self.env["lab.visitor.log"].check_access("read")
        content = json.dumps(self._lab_personal_data(), indent=2, ensure_ascii=False)
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"personal-data-{self.id}.json",
                "raw": content.encode(),
                "mimetype": "application/json",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
