from odoo import api, models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "lab.customer.data.mixin"]

    def _lab_is_customer_data(self, fnames):
        return any(self.mapped("is_lab_order"))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_kept_contract_records(self):
        # Reviews, amendments and deviations cascade with their order at the database level, out
        # of reach of their own guard: a cancelled order goes only once its records may go.
        for records in (self.lab_review_ids, self.lab_revision_ids, self.lab_deviation_ids):
            records._lab_check_deletable()
