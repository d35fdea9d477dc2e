from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError

from .lab_roles import CUSTOMER_DATA

# Who sees the order and the customer of a record the customer also reads in the portal.
CUSTOMER_DATA_AND_PORTAL = f"{CUSTOMER_DATA},base.group_portal"


class LabOrderLinkedMixin(models.AbstractModel):
    """A record about one laboratory order, whose customer is the order's.

    Inherited by the sample and the test report, the contract review, the order amendment and
    the deviation; each of them says what becomes of it when its order is deleted, and which
    orders may be chosen. Only the roles that face the customer see the order and the
    customer (R-SR-02): inside the lab a sample is known only by its registration code. The
    records of the contract, which the customer reads in the portal, show them to the
    portal too (``CUSTOMER_DATA_AND_PORTAL``).
    """

    _name = "lab.order.linked.mixin"
    _description = "Record of a Laboratory Order"
    # Kept as the record was made (issue 15): the order it is about, and what else a model lists.
    _lab_fixed_fields = ("order_id",)

    order_id = fields.Many2one(
        "sale.order", required=True, index=True, ondelete="restrict", groups=CUSTOMER_DATA
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        index=True,
        groups=CUSTOMER_DATA,
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)

    @api.depends("order_id.partner_id.commercial_partner_id")
    def _compute_partner_id(self):
        # one assignment per order: a delivery of thousands of samples shares one (R-SR-06)
        for order, records in self.grouped("order_id").items():
            records.partner_id = order.partner_id.commercial_partner_id

    def _lab_check_customer_user(self, user):
        """Refuse ``user`` unless they speak for the customer of every record (a portal step)."""
        self.sudo().order_id._lab_check_customer_user(user)

    def write(self, vals):
        if self.env.uid != SUPERUSER_ID:
            for fname in set(self._lab_fixed_fields) & vals.keys():
                field = self._fields[fname]
                for record in self.sudo():
                    new = field.convert_to_record(
                        field.convert_to_cache(vals[fname], record), record
                    )
                    if new != record[fname]:
                        raise UserError(
                            self.env._(
                                "%(record)s keeps the “%(field)s” it was recorded with.",
                                record=record.display_name,
                                field=field._description_string(self.env),
                            )
                        )
        return super().write(vals)
