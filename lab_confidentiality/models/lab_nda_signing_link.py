import hashlib
import secrets
from datetime import timedelta

from odoo import api, fields, models


class LabNdaSigningLink(models.Model):
    """A personal link to sign one agreement, mailed to its signatory only (R-CF-01).

    An agreement is a personal commitment (seed 000 §5.12): the link is the signatory's own key,
    not the record's portal token that the pages of their colleagues carry. Only a hash of the
    key is kept; the key itself is in the mail alone. A link serves once and for a few days;
    sending a new one voids the old.
    """

    _name = "lab.nda.signing.link"
    _description = "Personal Signing Link of a Confidentiality Agreement"
    _order = "id desc"
    _check_company_auto = True

    nda_id = fields.Many2one(
        "lab.nda", string="Agreement", required=True, readonly=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one("res.partner", string="Sent To", required=True, readonly=True)
    company_id = fields.Many2one(related="nda_id.company_id", store=True, index=True)
    # Not readable from the client at all: the hash is the server's to compare.
    token_hash = fields.Char(required=True, readonly=True, copy=False, groups="base.group_system")
    date_expiry = fields.Datetime(string="Valid Until", required=True, readonly=True)
    date_used = fields.Datetime(string="Used On", readonly=True, copy=False)
    date_voided = fields.Datetime(string="Voided On", readonly=True, copy=False)
    state = fields.Selection(
        [("active", "Active"), ("used", "Used"), ("voided", "Voided"), ("expired", "Expired")],
        compute="_compute_state",
    )

    _token_hash_unique = models.UniqueIndex("(token_hash)")

    @api.depends("date_used", "date_voided", "date_expiry")
    def _compute_state(self):
        now = fields.Datetime.now()
        for link in self:
            if link.date_used:
                link.state = "used"
            elif link.date_voided:
                link.state = "voided"
            elif link.date_expiry <= now:
                link.state = "expired"
            else:
                link.state = "active"

    @api.depends("nda_id", "partner_id", "create_date")
    def _compute_display_name(self):
        for link in self:
            link.display_name = self.env._(
                "Link #%(id)s to %(name)s", id=link.id, name=link.partner_id.name or ""
            )

    @api.model
    def _lab_hash(self, token):
        return hashlib.sha256((token or "").encode()).hexdigest()

    @api.model
    def _lab_issue(self, ndas, now):
        """Void the agreements' open links and make one new link each; returns
        ``{nda: (link, token)}``. Runs as the superuser: callers have checked the role."""
        Link = self.sudo()
        Link.search(
            [("nda_id", "in", ndas.ids), ("date_used", "=", False), ("date_voided", "=", False)]
        ).write({"date_voided": now})
        tokens = {nda: secrets.token_urlsafe(32) for nda in ndas}
        links = Link.create(
            [
                {
                    "nda_id": nda.id,
                    "partner_id": nda.partner_id.id,
                    "token_hash": self._lab_hash(token),
                    "date_expiry": now + timedelta(days=nda.company_id.lab_nda_link_days),
                }
                for nda, token in tokens.items()
            ]
        )
        return {link.nda_id: (link, tokens[link.nda_id]) for link in links}

    @api.model
    def _lab_find(self, nda, token):
        """The link of ``nda`` that ``token`` opens, in any state, or an empty recordset."""
        if not token or not nda:
            return self.sudo().browse()
        return self.sudo().search(
            [("nda_id", "=", nda.id), ("token_hash", "=", self._lab_hash(token))], limit=1
        )

    def _lab_is_viewable(self, now):
        """The signatory reads their agreement through the link until it expires or is voided,
        also after signing with it."""
        self.ensure_one()
        return not self.date_voided and self.date_expiry > now

    def _lab_is_signable(self, now):
        self.ensure_one()
        return not self.date_used and self._lab_is_viewable(now)
