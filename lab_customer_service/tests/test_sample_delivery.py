from unittest.mock import patch

from odoo import api, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import LabCase

# Columns that differ between any two samples, whichever way they were registered.
OWN_COLUMNS = {"id", "name", "description"}


@tagged("post_install", "-at_install")
class TestSampleDelivery(LabCase):
    """R-SR-06: a delivery is one batched ``create`` (issue 18): it gives the samples a plain
    ``create`` gives, with the same checks, and its cost does not grow with its size."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.test_dust.lab_turnaround_days = 5
        cls.order = cls._lab_order(cls.customer_a, cls.test_dust | cls.test_noise, confirm=True)
        area = cls.env["lab.area"].create({"name": "Delivery room", "code": "TEST-DLV-1"})
        cls.fridge = cls.env["lab.storage.location"].create(
            {"name": "Delivery fridge", "condition": "cooled", "area_id": area.id}
        )
        cls.Sample = cls.env["lab.sample"].with_user(cls.reception)
        cls.SampleClass = type(cls.env["lab.sample"])
        cls.received = cls.now

    def _wizard(self, user=None, **values):
        wizard = (
            self.env["lab.sample.reception.wizard"]
            .with_user(user or self.reception)
            .create(
                {
                    "order_id": self.order.id,
                    "date_received": self.received,
                    "location_id": self.fridge.id,
                    "source": "Stack 2",
                    "temperature": 4.5,
                    "print_labels": False,
                    **values,
                }
            )
        )
        wizard.sale_line_ids = self.order.order_line.filtered(
            lambda line: line.product_id == self.test_dust
        )
        return wizard

    def _values(self, **values):
        return {
            "order_id": self.order.id,
            "test_ids": [fields.Command.set(self.test_dust.ids)],
            "date_received": self.received,
            "received_by_id": self.reception.id,
            "location_id": self.fridge.id,
            "source": "Stack 2",
            "temperature": 4.5,
            **values,
        }

    def _rows(self, samples):
        self.env.flush_all()
        self.env.cr.execute("SELECT * FROM lab_sample WHERE id IN %s ORDER BY id", [samples._ids])
        columns = [column.name for column in self.env.cr.description]
        return [
            {
                name: value
                for name, value in zip(columns, row, strict=True)
                if name not in OWN_COLUMNS
                # when and by whom: a plain create's computes are written when the cache is
                # flushed, by whoever flushes it
                and name not in ("create_date", "write_date", "write_uid")
            }
            for row in self.env.cr.fetchall()
        ]

    def _spy_create(self):
        """An extension module's ``create`` on lab.sample, recording each call's values."""
        calls = []
        SampleClass = self.SampleClass

        @api.model_create_multi
        def create(self, vals_list):
            calls.append(list(vals_list))
            return super(SampleClass, self).create(vals_list)

        return patch.object(SampleClass, "create", create), calls

    def _spy_default_get(self):
        """Count the default look-ups of lab.sample."""
        calls = []
        SampleClass = self.SampleClass
        real = SampleClass.default_get

        def default_get(model, fields_list):
            calls.append(model._name)
            return real(model, fields_list)

        return patch.object(SampleClass, "default_get", default_get), calls

    def test_delivery_gives_the_samples_create_gives(self):
        override, calls = self._spy_create()
        with override:
            delivered = self._wizard(descriptions="Tube 1\nTube 2")._lab_register()
        self.assertEqual(len(calls), 1, "the whole delivery is one create")
        self.assertEqual(len(calls[0]), 2)
        created = self.Sample.create([self._values(), self._values()])
        self.assertEqual(self._rows(delivered), self._rows(created))
        self.assertEqual(delivered.mapped("description"), ["Tube 1", "Tube 2"])
        self.assertEqual(len(set((delivered | created).mapped("name"))), 4)
        for sample in delivered:
            self.assertEqual(sample.test_ids, self.test_dust)
            self.assertEqual(sample.partner_id, self.customer_a)
            self.assertEqual(sample.area_id, self.fridge.area_id)
            self.assertEqual(sample.date_expected, created[0].date_expected)
            self.assertEqual(sample.received_by_id, self.reception)
            self.assertEqual(sample.create_uid, self.reception)
            self.assertFalse(sample.message_ids, "the order's chatter holds the delivery")
            self.assertFalse(sample.message_follower_ids, "no follower per sample")
        self.assertTrue(delivered[0].date_expected)
        self.assertIn("2 sample(s) received", self.order.message_ids[:1].body)
        self.assertEqual(self.order.lab_sample_ids, delivered | created, "the order sees them")
        self.assertEqual(self.order.lab_date_expected, delivered[0].date_expected)

    def test_delivery_cost_does_not_grow_with_its_size(self):
        """Defaults looked up once, codes drawn at once, no query per sample."""
        self._wizard(sample_count=2)._lab_register()  # warm the caches
        self.env.flush_all()
        counts = {}
        for size in (5, 60):
            wizard = self._wizard(sample_count=size)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            spy, calls = self._spy_default_get()
            with spy:
                samples = wizard._lab_register()
                self.env.flush_all()
            counts[size] = self.env.cr.sql_log_count - before
            self.assertEqual(len(samples), size)
            self.assertEqual(calls.count("lab.sample"), 1, "the defaults are looked up once")
        self.assertLessEqual(counts[60], counts[5], "no query per sample")

    def test_delivery_checks_what_create_checks(self):
        other_company = self.env["res.company"].create({"name": "Other Lab"})
        elsewhere = self.env["lab.storage.location"].create(
            {"name": "Other fridge", "company_id": other_company.id}
        )
        with self.assertRaises(UserError):
            self._wizard(location_id=elsewhere.id, sample_count=3)._lab_register()
        with self.assertRaises(AccessError):
            self.env["lab.sample"].with_user(self.staff).create([self._values()] * 3)
        with self.assertRaises(AccessError):
            self._wizard(user=self.staff, sample_count=3)._lab_register()
        draft = self._lab_order(self.customer_a, self.test_dust)
        with self.assertRaisesRegex(UserError, "not confirmed"):
            self.Sample.create([self._values(order_id=draft.id)] * 3)

        def no_forbidden_description(samples):
            """A constraint of an extension module: refuses the description "forbidden"."""
            for sample in samples:
                if sample.description == "forbidden":
                    raise ValidationError(sample.description)

        no_forbidden_description._constrains = ("description",)
        # assertRaises (unlike assertRaisesRegex) rolls back what the failed call wrote, as the
        # failed request would
        with (
            patch.object(self.SampleClass, "_constraint_methods", [no_forbidden_description]),
            self.assertRaises(ValidationError) as refused,
        ):
            self._wizard(descriptions="fine\nforbidden")._lab_register()
        self.assertEqual(str(refused.exception), "forbidden")
        self.assertFalse(
            self.env["lab.sample"].search([("order_id", "in", (self.order | draft).ids)]),
            "nothing of a refused delivery is written",
        )

    def test_a_code_typed_by_hand_is_kept(self):
        samples = self.Sample.create([self._values(name="HAND-1")])
        self.assertEqual(samples.name, "HAND-1")
