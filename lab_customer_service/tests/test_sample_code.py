from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import LabCase


@tagged("post_install", "-at_install")
class TestSampleCode(LabCase):
    """R-SR-02: every sample gets a registration code; no two share one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._lab_order(cls.customer_a, confirm=True)

    def test_batch_codes_are_unique_and_drawn_in_one_query(self):
        Sample = self.env["lab.sample"].with_user(self.reception)
        Sample.create([{"order_id": self.order.id}])  # warm caches

        def queries(count):
            before = self.cr.sql_log_count
            records = Sample.create([{"order_id": self.order.id} for _i in range(count)])
            records.flush_recordset()
            return records, self.cr.sql_log_count - before

        one, one_queries = queries(1)
        many, many_queries = queries(50)
        self.assertEqual(many_queries, one_queries, "codes for a batch come from one query")
        codes = many.mapped("name")
        self.assertEqual(len(set(codes)), 50)
        self.assertNotIn(one.name, codes)
        self.assertTrue(all(code.startswith("S") for code in codes))

    def test_code_never_changes_and_never_repeats(self):
        sample = self.env["lab.sample"].create({"order_id": self.order.id})
        with self.assertRaises(UserError):
            sample.with_user(self.reception).write({"name": "S-OTHER"})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["lab.sample"].create({"order_id": self.order.id, "name": sample.name})
