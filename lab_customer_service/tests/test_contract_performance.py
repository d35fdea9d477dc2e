import logging

from odoo.tests import tagged

from .common import LabCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestContractPerformance(LabCase):
    """Confirming many reviewed lab orders costs a small constant number of queries per order
    more than confirming plain sale orders."""

    def _count(self, orders):
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        orders.action_confirm()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_confirming_100_reviewed_orders(self):
        Order = self.env["sale.order"]
        vals = [
            {
                "partner_id": self.customer_a.id,
                "order_line": [(0, 0, {"product_id": self.test_dust.id, "product_uom_qty": 1})],
            }
            for _i in range(100)
        ]
        lab_orders = Order.create(vals)
        plain_orders = Order.create(
            [
                {
                    "partner_id": self.customer_a.id,
                    "order_line": [
                        (0, 0, {"product_id": self.not_a_test.id, "product_uom_qty": 1})
                    ],
                }
                for _i in range(100)
            ]
        )
        reviews = lab_orders.lab_review_id
        self.assertEqual(len(reviews), 100)
        reviews.line_ids.write({"answer": "yes"})
        reviews.with_user(self.deputy).action_approve()
        self.env.flush_all()

        plain_queries = self._count(plain_orders)
        lab_queries = self._count(lab_orders)
        _logger.info("confirming 100 orders: lab %s queries, plain %s", lab_queries, plain_queries)
        self.assertEqual(set(lab_orders.mapped("state")), {"sale"})
        self.assertEqual(set(plain_orders.mapped("state")), {"sale"})
        # A few extra queries for the whole batch (reviews, checklist, partners), none per order.
        self.assertLessEqual(
            lab_queries - plain_queries,
            10,
            f"lab orders {lab_queries} queries vs plain {plain_queries}",
        )
