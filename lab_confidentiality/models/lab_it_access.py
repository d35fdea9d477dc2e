from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class LabItAccess(models.Model):
    """An outside IT person servicing the laboratory's systems (R-CF-01, R-CF-02)."""

    _name = "lab.it.access"
    _description = "IT Service Access"
    _inherit = ["mail.thread", "mail.activity.mixin", "lab.retention.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _lab_retention_date_field = "date_end"

    name = fields.Char(string="Job", required=True)
    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, index=True, tracking=True
    )
    provider_id = fields.Many2one(
        "res.partner",
        string="Service Provider",
        compute="_compute_provider_id",
        store=True,
        readonly=False,
    )
    systems = fields.Text(string="Systems Accessed", required=True)
    date_start = fields.Datetime(string="From", required=True, tracking=True)
    date_end = fields.Datetime(string="To", required=True, tracking=True)
    state = fields.Selection(
        [("draft", "Planned"), ("active", "In Progress"), ("done", "Finished")],
        default="draft",
        required=True,
        tracking=True,
    )
    responsible_id = fields.Many2one(
        "res.users", string="Lab Contact", default=lambda self: self.env.user
    )
    has_valid_nda = fields.Boolean(string="NDA Valid", compute="_compute_has_valid_nda")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.depends("partner_id")
    def _compute_provider_id(self):
        for access in self:
            company = access.partner_id.commercial_partner_id
            access.provider_id = company if company != access.partner_id else False

    @api.depends("partner_id", "date_start", "date_end")
    def _compute_has_valid_nda(self):
        for access in self:
            access.has_valid_nda = bool(
                access.date_start
                and access.date_end
                and access.partner_id._lab_nda_covered(
                    access.date_start.date(), access.date_end.date()
                )
            )

    @api.constrains("date_start", "date_end")
    def _check_window(self):
        for access in self:
            if access.date_end <= access.date_start:
                raise ValidationError(self.env._("IT access must end after it starts."))

    def action_start(self):
        """Open the access only for a person whose agreement covers the whole job (R-CF-02)."""
        for access in self:
            if access.state != "draft":
                raise UserError(self.env._("This IT access has already started."))
            if not access.has_valid_nda:
                raise UserError(
                    self.env._(
                        "%(person)s has no valid confidentiality agreement covering %(start)s to "
                        "%(end)s: IT access cannot start.",
                        person=access.partner_id.name,
                        start=access.date_start.date(),
                        end=access.date_end.date(),
                    )
                )
        self.state = "active"
        return True

    def action_finish(self):
        self.filtered(lambda a: a.state == "active").state = "done"
        return True
