from odoo import models

from odoo.addons.lab_customer_service.models.lab_roles import CUSTOMER_DATA


class LabCustomerDataMixin(models.AbstractModel):
    """Customer data leaves the laboratory only through a dedicated group (R-CF-07).

    ``base.group_allow_export`` lets a user export at all; an export that reaches customer data
    (a field of a model inheriting this mixin, at any step of a field path, see ``base``) also
    needs ``group_lab_export_customer_data`` (which implies the former).
    """

    _name = "lab.customer.data.mixin"
    _description = "Laboratory Customer Data"

    # True: every field is customer data. False: only the fields restricted to the roles that see
    # customers (R-SR-02: inside the lab a sample is an anonymous code, its customer is not).
    _lab_customer_data_whole_record = True

    def _lab_is_customer_data(self, fnames):
        """Whether exporting the fields ``fnames`` (names, not paths) of ``self`` exports
        customer data."""
        if not self:
            return False
        if self._lab_customer_data_whole_record:
            return True
        if not self.env.user.has_group(CUSTOMER_DATA):
            # The customer fields are closed to this user: Odoo refuses them on its own.
            return False
        return any(
            CUSTOMER_DATA in (self._fields[name].groups or "")
            for name in fnames
            if name in self._fields
        )
