from odoo import api, fields, models
from odoo.exceptions import UserError

# Lines of the preview before "and N more".
PREVIEW_LINES = 50


class LabRecordDisposalWizard(models.TransientModel):
    """Dispose of expired records: the records of one type whose retention has ended, or those
    selected in their list, deleted with a reason that the disposal register keeps (R-RC-02)."""

    _name = "lab.record.disposal.wizard"
    _description = "Dispose of Expired Records"

    res_model = fields.Selection(
        selection="_selection_res_model", string="Record Type", required=True
    )
    res_ids = fields.Json(
        string="Selected Records", compute="_compute_res_ids", store=True, readonly=False
    )
    record_count = fields.Integer(string="Records", compute="_compute_preview")
    record_preview = fields.Text(string="Records to Dispose Of", compute="_compute_preview")
    reason = fields.Text(
        required=True,
        help="Why these records go now: kept in the disposal register with your name and the date.",
    )

    @api.model
    def _selection_res_model(self):
        """Every record type kept under the retention rules."""
        names = self.env.registry.descendants(["lab.retention.mixin"], "_inherit")
        models_ = [
            self.env[name]
            for name in names
            if not self.env[name]._abstract and not self.env[name]._transient
        ]
        return sorted(((m._name, m._description) for m in models_), key=lambda s: s[1])

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        active_model = self.env.context.get("active_model")
        if active_model in dict(self._selection_res_model()):
            values.setdefault("res_model", active_model)
            if self.env.context.get("active_ids"):
                values.setdefault("res_ids", list(self.env.context["active_ids"]))
        return values

    @api.depends("res_model")
    def _compute_res_ids(self):
        # Without a selection (see ``default_get``): every expired record of the type.
        for wizard in self:
            records = self.env[wizard.res_model]._lab_expired_records() if wizard.res_model else []
            wizard.res_ids = records and records.ids

    @api.depends("res_model", "res_ids")
    def _compute_preview(self):
        for wizard in self:
            records = wizard._lab_records()._filtered_access("read")
            lines = [r._lab_disposal_reference() for r in records[:PREVIEW_LINES]]
            if len(records) > PREVIEW_LINES:
                lines.append(
                    self.env._("… and %(count)s more.", count=len(records) - PREVIEW_LINES)
                )
            wizard.record_count = len(records)
            wizard.record_preview = "\n".join(lines)

    def _lab_records(self):
        self.ensure_one()
        if not self.res_model or self.res_model not in dict(self._selection_res_model()):
            return self.env["lab.retention.mixin"]
        return self.env[self.res_model].browse(self.res_ids or []).exists()

    def action_dispose(self):
        self.ensure_one()
        records = self._lab_records()
        if not records:
            raise UserError(self.env._("There is no record to dispose of."))
        records._lab_dispose(self.reason)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s records disposed of and registered.", count=len(records)
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
