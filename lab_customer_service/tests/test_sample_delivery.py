from unittest.mock import patch

from odoo import api, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import LabCase

# Columns that differ between any two samples, whichever way they were registered.
OWN_COLUMNS = {"id", "name", "description"}


@tagged("post_install", "-at_install")
class TestSampleDelivery(LabCase):
    """R-SR-06: a delivery is inserted at once, and gives the samples ``create`` would give,
    with the same checks; a module overriding ``create`` gets every sample through it."""

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
        # one moment for the whole class: two readings can fall on either side of a second
        cls.received = fields.Datetime.now()

    def _values(self, **values):
        return {
            "company_id": self.order.company_id.id,
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
            }
            for row in self.env.cr.fetchall()
        ]

    def _override_create(self):
        """An extension module's ``create`` on lab.sample, recording what it is given."""
        seen = []
        SampleClass = self.SampleClass

        @api.model_create_multi
        def create(self, vals_list):
            seen.extend(vals_list)
            return super(SampleClass, self).create(vals_list)

        return patch.object(SampleClass, "create", create), seen

    def test_delivery_gives_the_samples_create_gives(self):
        self.assertTrue(
            self.Sample._lab_bulk_insert_allowed(self._values()),
            "none of our addons makes a delivery go through create",
        )
        inserted = self.Sample._lab_create_delivery(self._values(), ["Tube 1", "Tube 2"])
        override, seen = self._override_create()
        with override:
            created = self.Sample._lab_create_delivery(self._values(), ["Tube 3", "Tube 4"])
        self.assertEqual(len(seen), 2, "the comparison went through create")
        self.assertEqual(self._rows(inserted), self._rows(created))
        self.assertEqual(inserted.mapped("description"), ["Tube 1", "Tube 2"])
        self.assertEqual(len(set((inserted | created).mapped("name"))), 4)
        for sample in inserted:
            self.assertEqual(sample.test_ids, self.test_dust)
            self.assertEqual(sample.partner_id, self.customer_a)
            self.assertEqual(sample.area_id, self.fridge.area_id)
            self.assertEqual(sample.date_expected, created[0].date_expected)
            self.assertEqual(sample.received_by_id, self.reception)
            self.assertEqual(sample.create_uid, self.reception)
            self.assertFalse(sample.message_ids, "the order's chatter holds the delivery")
        self.assertTrue(inserted[0].date_expected)
        self.assertEqual(self.order.lab_sample_ids, inserted | created, "the order sees them")
        self.assertEqual(self.order.lab_date_expected, inserted[0].date_expected)

    def test_an_overridden_create_sees_every_sample(self):
        override, seen = self._override_create()
        with override:
            self.assertFalse(self.Sample._lab_bulk_insert_allowed(self._values()))
            samples = self.Sample._lab_create_delivery(self._values(), count=30)
        self.assertEqual(len(seen), 30)
        self.assertEqual(len(samples), 30)

    def test_delivery_checks_what_create_checks(self):
        other_company = self.env["res.company"].create({"name": "Other Lab"})
        elsewhere = self.env["lab.storage.location"].create(
            {"name": "Other fridge", "company_id": other_company.id}
        )
        with self.assertRaises(UserError):
            self.Sample._lab_create_delivery(self._values(location_id=elsewhere.id), count=3)
        with self.assertRaises(AccessError):
            self.env["lab.sample"].with_user(self.staff)._lab_create_delivery(
                self._values(), count=3
            )
        draft = self._lab_order(self.customer_a, self.test_dust)
        with self.assertRaisesRegex(UserError, "not confirmed"):
            self.Sample._lab_create_delivery(self._values(order_id=draft.id), count=3)

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
            self.Sample._lab_create_delivery(self._values(), ["fine", "forbidden"])
        self.assertEqual(str(refused.exception), "forbidden")
        self.assertFalse(
            self.env["lab.sample"].search([("order_id", "in", (self.order | draft).ids)]),
            "nothing of a refused delivery is written",
        )

    def test_a_code_typed_by_hand_goes_through_create(self):
        samples = self.Sample._lab_create_delivery(self._values(name="HAND-1"), count=1)
        self.assertEqual(samples.name, "HAND-1")
