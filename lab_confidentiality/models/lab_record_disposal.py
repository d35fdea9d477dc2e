from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG


class RegisterKey:
    """Handed by the disposal action to ``create``: a JSON request cannot carry it."""

    __slots__ = ()


REGISTER_KEY = "lab_disposal_register"


class LabRecordDisposal(models.Model):
    """The disposal register: one line per record deleted at the end of its retention, with who
    disposed of it, when and why (R-RC-02, seed 004 §4.5).

    Lines are written only by ``lab.retention.mixin._lab_dispose``, in the same transaction as
    the deletion, and are never changed or deleted afterwards, by anyone but the superuser.
    The reference is the record's code, not a person's name: the register outlives the data.
    """

    _name = "lab.record.disposal"
    _description = "Record Disposal"
    _order = "disposed_on desc, id desc"
    _rec_name = "reference"

    res_model = fields.Char(string="Model", required=True, readonly=True, index=True)
    record_type = fields.Char(required=True, readonly=True)
    res_id = fields.Integer(string="Record ID", readonly=True)
    reference = fields.Char(required=True, readonly=True)
    retention_class_id = fields.Many2one(
        "lab.retention.class", readonly=True, ondelete="restrict", index="btree_not_null"
    )
    retention_until = fields.Date(string="Kept Until", readonly=True)
    disposed_by_id = fields.Many2one(
        "res.users", string="Disposed Of By", required=True, readonly=True, ondelete="restrict"
    )
    disposed_on = fields.Datetime(string="Disposed Of On", required=True, readonly=True)
    reason = fields.Text(required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)

    @api.model
    def _lab_register(self, vals_list):
        """Write the lines of a disposal (called by ``_lab_dispose`` after its checks)."""
        return self.sudo().with_context(**{REGISTER_KEY: RegisterKey()}).create(vals_list)

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.uid != SUPERUSER_ID and not isinstance(
            self.env.context.get(REGISTER_KEY), RegisterKey
        ):
            raise UserError(
                self.env._(
                    "The disposal register is written only by disposing of records "
                    "(“Dispose of Expired Records”)."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if self.env.uid != SUPERUSER_ID:
            raise UserError(self.env._("A line of the disposal register can never be changed."))
        return super().write(vals)

    def unlink(self):
        if self.env.uid != SUPERUSER_ID and not self.env.context.get(MODULE_UNINSTALL_FLAG):
            raise UserError(self.env._("A line of the disposal register can never be deleted."))
        return super().unlink()
