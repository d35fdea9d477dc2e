from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The retention every record gets when its model is in no class (R-RC-01: ten years).
DEFAULT_RETENTION_YEARS = 10


class LabRetentionClass(models.Model):
    """How long a type of record is kept (R-RC-01, R-RC-02).

    A model takes part in retention by inheriting ``lab.retention.mixin``; its class is the one that
    lists it in ``model_ids``, else the default class, else ten years. Who changed a period or
    moved a record type, and when, is in the class's chatter (R-RC-01: changes are traceable).
    """

    _name = "lab.retention.class"
    _description = "Record Retention Class"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    is_permanent = fields.Boolean(
        string="Permanent", help="Records of this class are never deleted.", tracking=True
    )
    retention_years = fields.Integer(string="Years", default=DEFAULT_RETENTION_YEARS, tracking=True)
    is_default = fields.Boolean(
        string="Default Class",
        help="Used for every protected record type not listed in a class.",
        tracking=True,
    )
    model_ids = fields.Many2many(
        "ir.model",
        string="Record Types",
        domain=[("transient", "=", False)],
        ondelete="cascade",
        tracking=True,
    )
    note = fields.Text(string="Legal Basis", tracking=True)

    _retention_years_positive = models.Constraint(
        "CHECK(is_permanent OR retention_years > 0)",
        "A retention class that is not permanent keeps records for at least one year.",
    )

    @api.constrains("model_ids", "is_default", "active")
    def _check_one_class_per_model(self):
        classes = self.search([])
        if len(classes.filtered("is_default")) > 1:
            raise ValidationError(self.env._("Only one retention class can be the default."))
        seen = {}
        for rclass in classes:
            for model in rclass.model_ids:
                if model in seen:
                    raise ValidationError(
                        self.env._(
                            "%(model)s is in two retention classes: %(first)s and %(second)s.",
                            model=model.name,
                            first=seen[model].name,
                            second=rclass.name,
                        )
                    )
                seen[model] = rclass

    @api.model
    def _for_model(self, model_name):
        """The class that governs ``model_name`` (may be empty: then ten years apply)."""
        classes = self.sudo().search([])
        return (
            classes.filtered(lambda c: model_name in c.model_ids.mapped("model"))[:1]
            or (classes.filtered("is_default")[:1])
        )

    def _retention_end(self, start):
        """The last day a record that started on ``start`` must be kept; False when permanent."""
        if self.is_permanent:
            return False
        years = self.retention_years if self else DEFAULT_RETENTION_YEARS
        return fields.Date.to_date(start) + relativedelta(years=years)
