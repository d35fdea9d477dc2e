from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import UserError


class LabRegisterMixin(models.AbstractModel):
    """A register line written by the system only, like a posted journal entry: the action
    that records it creates it as the system after its own checks; nobody creates, changes or
    deletes one otherwise (no access row grants it, and these methods refuse it). Only the
    superuser (uid 1: installation, migrations) may correct one.

    A model says how a line is made in ``_lab_register_message``.
    """

    _name = "lab.register.mixin"
    _description = "Register Written by the System"

    def _lab_register_message(self):
        return self.env._("A register line is written by its action and never changed.")

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(self._lab_register_message())
        return super().create(vals_list)

    def write(self, vals):
        if not (self.env.su and self.env.uid == SUPERUSER_ID):
            raise UserError(self._lab_register_message())
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not (self.env.su and self.env.uid == SUPERUSER_ID):
            raise UserError(self._lab_register_message())
