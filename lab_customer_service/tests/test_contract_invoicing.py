from odoo.tests import tagged

from .common import LabCase


@tagged("post_install", "-at_install")
class TestContractInvoicing(LabCase):
    """R-IV-01: a reviewed, confirmed lab order is invoiced by Odoo's own sale → account flow."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        if not company.chart_template:
            cls.env["account.chart.template"].try_loading(
                "generic_coa", company, install_demo=False
            )

    def test_reviewed_order_is_invoiced_and_posted(self):
        order = self._lab_order(self.customer_a, products=self.test_dust | self.test_noise)
        self._confirm_lab_order(order)
        order.order_line.qty_delivered = 1  # services delivered: the tests are done
        self.assertEqual(order.invoice_status, "to invoice")
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.partner_id, self.customer_a)
        self.assertEqual(invoice.amount_untaxed, 300.0)
        self.assertEqual(invoice.invoice_line_ids.product_id, self.test_dust | self.test_noise)
        self.assertEqual(order.invoice_status, "invoiced")
        self.assertFalse(order.lab_revision_ids, "invoicing is not an amendment of the contract")
        self.assertEqual(order.lab_review_state, "approved")
