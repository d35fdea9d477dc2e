from odoo import models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "lab.customer.data.mixin"]

    def _lab_is_customer_data(self, fields_to_export):
        return any(self.mapped("is_lab_order"))
