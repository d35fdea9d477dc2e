from contextlib import contextmanager
from datetime import datetime, timedelta

from odoo import fields

from odoo.addons.lab_customer_service.tests.common import LabCase

# A one-pixel PNG, as the portal signature widget sends it (base64).
SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9"
    "awAAAABJRU5ErkJggg=="
)


class ConfidentialityCase(LabCase):
    """Lab roles and customers (``LabCase``) plus areas, stored samples and signed agreements."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.area_grav, cls.area_gc, cls.area_micro = cls.env["lab.area"].create(
            [
                {"name": "Gravimetry", "code": "T-GRV"},
                {"name": "Chromatography", "code": "T-GC"},
                {"name": "Microbiology", "code": "T-MIC"},
            ]
        )
        cls.loc_grav, cls.loc_gc, cls.loc_micro = cls.env["lab.storage.location"].create(
            [
                {"name": "Desiccator", "area_id": cls.area_grav.id},
                {"name": "GC fridge", "area_id": cls.area_gc.id},
                {"name": "Micro fridge", "area_id": cls.area_micro.id},
            ]
        )
        # new_test_user names the portal users' contacts after their login; give them back a name.
        cls.contact_a.name = "Alice A"
        cls.contact_b.name = "Bob B"
        cls.customer_c = cls.env["res.partner"].create(
            {"name": "Customer C Textiles", "is_company": True}
        )
        cls.visitor_template = cls.env.ref("lab_confidentiality.nda_template_visitor")
        cls.it_template = cls.env.ref("lab_confidentiality.nda_template_it_service")
        cls.it_person = cls.env["res.partner"].create(
            {"name": "Ivan IT", "email": "ivan@it.example.com"}
        )
        # The visit window every test uses: tomorrow 09:00-12:00 UTC.
        tomorrow = fields.Date.today() + timedelta(days=1)
        cls.visit_start = datetime.combine(tomorrow, datetime.min.time()).replace(hour=9)
        cls.visit_end = cls.visit_start.replace(hour=12)

    @contextmanager
    def assertRefused(self, exception, text):
        """The action fails with ``exception`` saying ``text``, and its writes are rolled back."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertIn(text, str(caught.exception))

    @classmethod
    def _signed_nda(cls, partner, template=None, **vals):
        nda = cls.env["lab.nda"].create(
            {
                "partner_id": partner.id,
                "template_id": (template or cls.visitor_template).id,
                "signed_document": b"JVBERi0xLjQK",  # a scan of the paper agreement
                "signed_document_name": "signed.pdf",
                **vals,
            }
        )
        nda.action_register_paper()
        return nda

    @classmethod
    def _samples(cls, partner, location, count=1, **vals):
        order = cls._lab_order(partner, confirm=True)
        return cls.env["lab.sample"].create(
            [
                {
                    "order_id": order.id,
                    "location_id": location.id,
                    "date_received": cls.visit_start - timedelta(days=2),
                    **vals,
                }
                for _i in range(count)
            ]
        )

    @classmethod
    def _permit(cls, partner=None, visitors=None, areas=None, **vals):
        return cls.env["lab.visit.permit"].create(
            {
                "partner_id": partner and partner.id,
                "visitor_ids": [(6, 0, (visitors or cls.contact_a).ids)],
                "area_ids": [(6, 0, (areas or cls.area_grav).ids)],
                "date_start": cls.visit_start,
                "date_end": cls.visit_end,
                "host_id": cls.reception.id,
                **vals,
            }
        )
