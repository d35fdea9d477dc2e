import threading

from odoo import SUPERUSER_ID, api
from odoo.orm.environments import Transaction
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

CONTEXT = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


@tagged("post_install", "-at_install")
class TestSampleCodeConcurrency(TransactionCase):
    """R-SR-02: two receptions registering at the same moment never share a code.

    The test's own transaction is never committed, so the order both receptions use is created
    and committed on a separate cursor, and removed again at the end.
    """

    def _committed_order(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
            partner = env["res.partner"].create({"name": "Concurrency Test Customer"})
            product = env["product.product"].create(
                {"name": "Concurrency test", "type": "service", "is_lab_test": True}
            )
            order = env["sale.order"].create(
                {"partner_id": partner.id, "order_line": [(0, 0, {"product_id": product.id})]}
            )
            # The contract review gate holds here too: answered, then approved by the Director.
            review = order.lab_review_id
            review.line_ids.write({"answer": "yes"})
            review.with_user(env.ref("base.user_admin")).action_approve()
            order.action_confirm()
            ids = partner.id, product.id, order.id
        self.addCleanup(self._remove_committed, *ids)
        return ids[2]

    def _remove_committed(self, partner_id, product_id, order_id):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM lab_sample WHERE order_id = %s", [order_id])
            # A reviewed order is a kept record once lab_confidentiality is installed: this
            # test's own data goes at the database level (its lines and review cascade).
            cr.execute("DELETE FROM sale_order WHERE id = %s", [order_id])
            env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
            env["product.product"].browse(product_id).product_tmpl_id.unlink()
            env["res.partner"].browse(partner_id).unlink()

    def test_two_cursors_register_2000_distinct_codes(self):
        """Two receptions register a delivery of 1000 samples each at the same moment: the
        codes each batch draws at once never collide."""
        order_id = self._committed_order()
        barrier = threading.Barrier(2, timeout=60)
        codes, errors = {}, []
        ways = {
            "delivery": lambda Sample: Sample.create([{"order_id": order_id}] * 1000),
            "create": lambda Sample: Sample.create([{"order_id": order_id} for _i in range(1000)]),
        }

        def register(key):
            try:
                with self.registry.cursor() as cr:
                    # The main thread holds the registry lock while tests run: hand the
                    # registry over instead of letting the Environment look it up.
                    cr.transaction = Transaction(self.registry)
                    env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
                    Sample = env["lab.sample"]
                    Sample.browse(order_id).exists()  # connect before the race starts
                    barrier.wait()
                    codes[key] = ways[key](Sample).mapped("name")
            except Exception as error:  # noqa: BLE001 -- reported by the main thread
                errors.append(error)

        threads = [threading.Thread(target=register, args=(key,)) for key in ways]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        self.assertFalse(errors, errors)
        self.assertEqual(len(codes["delivery"]), 1000)
        self.assertEqual(len(codes["create"]), 1000)
        self.assertEqual(len(set(codes["delivery"]) | set(codes["create"])), 2000, "distinct codes")
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*), count(DISTINCT name) FROM lab_sample WHERE order_id = %s",
                [order_id],
            )
            self.assertEqual(cr.fetchone(), (2000, 2000), "both batches were committed")
