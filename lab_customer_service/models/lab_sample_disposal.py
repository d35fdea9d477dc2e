from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError

from .lab_sample import _command_ids


class LabSampleDisposal(models.Model):
    """The record of samples disposed of: who, when and how (R-SH-01)."""

    _name = "lab.sample.disposal"
    _description = "Sample Disposal"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    sample_ids = fields.Many2many("lab.sample", string="Samples", required=True, check_company=True)
    date = fields.Datetime(string="Disposed On", required=True, default=fields.Datetime.now)
    disposed_by_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user)
    method = fields.Selection(
        [
            ("general_waste", "General Waste"),
            ("hazardous_waste", "Licensed Hazardous Waste Contractor"),
            ("incineration", "Incineration"),
            ("drain", "Neutralised to Drain"),
            ("other", "Other"),
        ],
        string="Disposal Method",
        required=True,
    )
    note = fields.Text()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.depends("date", "sample_ids")
    def _compute_name(self):
        for disposal in self:
            disposal.name = self.env._(
                "Disposal of %(count)s sample(s) on %(date)s",
                count=len(disposal.sample_ids),
                date=fields.Date.to_string(disposal.date),
            )

    @api.model_create_multi
    def create(self, vals_list):
        # Checked before anything is written (the batch is refused as a whole), and again by
        # each sample as it is disposed of.
        for vals in vals_list:
            ids = [i for command in vals.get("sample_ids", []) for i in _command_ids(command)]
            self.env["lab.sample"].browse(ids)._lab_check_disposable()
        disposals = super().create(vals_list)
        for disposal in disposals:
            disposal.sample_ids._lab_dispose(disposal)
        return disposals

    def write(self, vals):
        # The record says who disposed of which samples, when and how: only the note is added to.
        if "sample_ids" in vals:
            raise UserError(self.env._("The samples of a recorded disposal cannot change."))
        locked = vals.keys() & {"date", "disposed_by_id", "method", "company_id"}
        if locked and self.env.uid != SUPERUSER_ID:
            raise UserError(
                self.env._(
                    "A disposal record keeps who disposed of the samples, when and how: "
                    "add to its note instead."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A disposal record is kept: it cannot be deleted."))
