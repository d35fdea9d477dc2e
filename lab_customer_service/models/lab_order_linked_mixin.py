from odoo import fields, models


class LabOrderLinkedMixin(models.AbstractModel):
    """A record about one laboratory order, whose customer and company are the order's.

    Inherited by the contract review, the order amendment and the deviation; each of them says
    what becomes of it when its order is deleted, and which orders may be chosen.
    """

    _name = "lab.order.linked.mixin"
    _description = "Record of a Laboratory Order"

    order_id = fields.Many2one("sale.order", required=True, index=True)
    partner_id = fields.Many2one(
        related="order_id.partner_id.commercial_partner_id",
        store=True,
        index=True,
        string="Customer",
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
