from odoo import api, fields, models
from odoo.exceptions import ValidationError

ANONYMOUS = "Anonymised visitor"
# The visitor's name and organisation: copied from the contact when there is one, typed at
# the desk otherwise.
FROM_VISITOR = {"compute": "_compute_visitor", "store": True, "readonly": False, "precompute": True}


class LabVisitorLog(models.Model):
    """One line of the Visitor Log Book: a person who entered the laboratory (R-CF-05)."""

    _name = "lab.visitor.log"
    _description = "Visitor Log Book Entry"
    _inherit = [
        "mail.thread",
        "lab.retention.mixin",
        "lab.customer.data.mixin",
    ]
    _order = "check_in desc, id desc"
    _check_company_auto = True
    _rec_name = "visitor_name"
    _lab_retention_date_field = "check_in"

    permit_id = fields.Many2one(
        "lab.visit.permit",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain=[("state", "=", "approved")],
    )
    permit_visitor_ids = fields.Many2many(related="permit_id.visitor_ids", string="Permit Visitors")
    visitor_id = fields.Many2one("res.partner", index=True)
    visitor_name = fields.Char(string="Name", required=True, **FROM_VISITOR)
    visitor_company = fields.Char(string="Organisation", **FROM_VISITOR)
    id_document = fields.Char(string="ID Document No.")
    badge_number = fields.Char(string="Badge", required=True)
    host_id = fields.Many2one(
        "res.users",
        string="Escorting Host",
        compute="_compute_host_id",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    area_ids = fields.Many2many(related="permit_id.area_ids", string="Permitted Areas")
    check_in = fields.Datetime(default=fields.Datetime.now, required=True, tracking=True)
    check_out = fields.Datetime(tracking=True)
    is_anonymised = fields.Boolean(string="Anonymised", readonly=True, copy=False)
    company_id = fields.Many2one(related="permit_id.company_id", store=True, index=True)

    @api.depends("visitor_id")
    def _compute_visitor(self):
        for log in self.filtered("visitor_id"):
            log.visitor_name = log.visitor_id.name
            company = log.visitor_id.commercial_partner_id
            log.visitor_company = company.name if company != log.visitor_id else False

    @api.depends("permit_id")
    def _compute_host_id(self):
        for log in self:
            log.host_id = log.permit_id.host_id

    @api.constrains("permit_id", "check_in", "check_out", "visitor_id")
    def _check_permit(self):
        for log in self:
            permit = log.permit_id
            if permit.state != "approved":
                raise ValidationError(
                    self.env._(
                        "%(name)s cannot be checked in: permit %(permit)s is not approved.",
                        name=log.visitor_name,
                        permit=permit.name,
                    )
                )
            day = fields.Date.context_today(log, log.check_in)
            first = fields.Date.context_today(log, permit.date_start)
            last = fields.Date.context_today(log, permit.date_end)
            if not first <= day <= last:
                raise ValidationError(
                    self.env._(
                        "Permit %(permit)s is for %(first)s to %(last)s, not for %(day)s.",
                        permit=permit.name,
                        first=first,
                        last=last,
                        day=day,
                    )
                )
            visitor = log.visitor_id
            if visitor and visitor not in permit.visitor_ids and not log.is_anonymised:
                raise ValidationError(
                    self.env._(
                        "%(name)s is not named on permit %(permit)s.",
                        name=log.visitor_id.name,
                        permit=permit.name,
                    )
                )
            if log.check_out and log.check_out < log.check_in:
                raise ValidationError(self.env._("A visitor cannot leave before arriving."))

    @api.model_create_multi
    def create(self, vals_list):
        if not all(vals.get("permit_id") for vals in vals_list):
            raise ValidationError(
                self.env._("Nobody enters without a permit: choose the approved permit first.")
            )
        return super().create(vals_list)

    def action_check_out(self):
        self.filtered(lambda log: not log.check_out).check_out = fields.Datetime.now()
        return True

    def _lab_anonymise(self):
        """Replace the visitor's identity; the visit itself stays in the book (R-CF-08)."""
        if not self:
            return
        self.write(
            {
                "visitor_id": False,
                "visitor_name": self.env._(ANONYMOUS),
                "visitor_company": False,
                "id_document": False,
                "is_anonymised": True,
            }
        )
        for log in self:
            log.message_post(
                body=self.env._("Retention ended: the visitor's personal data was anonymised."),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
