from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.lab_customer_service.models.lab_roles import TECHNICAL_MANAGER


class LabItAccess(models.Model):
    """An outside IT person servicing the laboratory's systems (R-CF-01, R-CF-02)."""

    _name = "lab.it.access"
    _description = "IT Service Access"
    _inherit = ["lab.protected.mixin", "mail.thread", "mail.activity.mixin", "lab.retention.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _lab_retention_date_field = "date_end"
    # R-CF-02: the Technical Manager opens the access, for a person whose agreement covers the
    # whole job, through the action only.
    _lab_protected_actions = {
        "action_start": ("state",),
        "action_finish": ("state",),
    }
    # Once started, the person and the window the agreement was checked for no longer move.
    _lab_frozen_states = ("active", "done")
    _lab_frozen_open_fields = ("systems", "responsible_id")

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
        copy=False,
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

    def _lab_retention_start(self):
        # A planned job is not yet a record: it may still be moved or thrown away.
        return self.state != "draft" and self.date_end

    def action_start(self):
        """Open the access only for a person whose agreement covers the whole job (R-CF-02)."""
        self.check_access("write")
        self._lab_check_role(
            TECHNICAL_MANAGER,
            message=self.env._("Only the Technical Manager opens IT service access."),
        )
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
        self._lab_grant("action_start").state = "active"
        return True

    def action_finish(self):
        self.check_access("write")
        self._lab_check_role(
            TECHNICAL_MANAGER,
            message=self.env._("Only the Technical Manager closes IT service access."),
        )
        self.filtered(lambda a: a.state == "active")._lab_grant("action_finish").state = "done"
        return True
