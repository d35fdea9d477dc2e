from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import LabCase


@tagged("post_install", "-at_install")
class TestRoles(LabCase):
    """Each lab role does what it should on the base models; the next role down is refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_a = cls._lab_order(cls.customer_a, confirm=True)
        cls.sample_a = cls.env["lab.sample"].create(
            {"order_id": cls.order_a.id, "test_ids": [(6, 0, cls.test_dust.ids)]}
        )

    def test_roles_are_chained(self):
        """The Director acts as every role; one person can hold several (small labs)."""
        for group in (
            "group_lab_deputy_director",
            "group_lab_quality_manager",
            "group_lab_technical_manager",
            "group_lab_reception",
            "group_lab_technician",
        ):
            self.assertTrue(self.director.has_group(f"lab_customer_service.{group}"), group)
        self.assertFalse(self.deputy.has_group("lab_customer_service.group_lab_director"))
        self.assertFalse(
            self.quality_manager.has_group("lab_customer_service.group_lab_technician")
        )
        self.reception.group_ids += self.env.ref("lab_customer_service.group_lab_quality_manager")
        self.assertTrue(self.reception.has_group("lab_customer_service.group_lab_reception"))
        self.assertTrue(self.reception.has_group("lab_customer_service.group_lab_quality_manager"))

    def test_reception_registers_samples_staff_cannot(self):
        sample = (
            self.env["lab.sample"]
            .with_user(self.reception)
            .create({"order_id": self.order_a.id, "test_ids": [(6, 0, self.test_dust.ids)]})
        )
        self.assertTrue(sample.name.startswith("S"))
        self.assertEqual(sample.partner_id, self.customer_a)
        self.assertEqual(sample.received_by_id, self.reception)
        with self.assertRaises(AccessError):
            self.env["lab.sample"].with_user(self.staff).create({"order_id": self.order_a.id})

    def test_technician_knows_a_sample_only_by_its_code(self):
        """R-SR-02 in views, search, export and RPC, not only in the form."""
        sample = self.sample_a.with_user(self.technician)
        self.assertEqual(sample.name, self.sample_a.name)
        self.assertEqual(sample.test_ids, self.test_dust)
        for field in ("partner_id", "order_id", "sale_line_ids"):
            with self.assertRaises(AccessError, msg=field):
                sample.read([field])
            with self.assertRaises(AccessError, msg=field):
                sample.search([(field, "in", [1])])
            self.assertNotIn(field, sample.fields_get())
        with self.assertRaises(UserError):
            sample.export_data(["name"])
        self.technician.group_ids += self.env.ref("base.group_allow_export")
        with self.assertRaises(AccessError):
            sample.export_data(["name", "partner_id/name"])
        exported = sample.export_data(["name"])["datas"]
        self.assertEqual(exported, [[self.sample_a.name]])
        for view_type in ("form", "list", "search"):
            arch = sample.get_views([(False, view_type)])["views"][view_type]["arch"]
            self.assertNotIn('name="partner_id"', arch, view_type)
            self.assertNotIn('name="order_id"', arch, view_type)
        # The next role up in the customer's line of work sees the customer.
        self.assertEqual(self.sample_a.with_user(self.reception).partner_id, self.customer_a)
        self.assertFalse(self.technician.has_group("lab_customer_service.group_lab_customer_data"))
        self.assertFalse(self.supervisor.has_group("lab_customer_service.group_lab_customer_data"))

    def test_technician_cannot_reach_orders(self):
        with self.assertRaises(AccessError):
            self.order_a.with_user(self.technician).read(["partner_id"])
        report = self.env["lab.test.report"].create({"order_id": self.order_a.id})
        with self.assertRaises(AccessError):
            report.with_user(self.technician).read(["order_id"])
        self.assertEqual(report.with_user(self.technician).name, report.name)

    def test_catalogue_is_managed_by_the_technical_manager(self):
        area = self.env["lab.area"].with_user(self.technical_manager).create({"name": "GC room"})
        self.assertEqual(area.with_user(self.technician).name, "GC room")
        with self.assertRaises(AccessError):
            self.env["lab.area"].with_user(self.supervisor).create({"name": "Another room"})
        with self.assertRaises(AccessError):
            self.env["lab.area"].with_user(self.outsider).search([])

    def test_portal_sees_only_its_company_samples(self):
        order_b = self._lab_order(self.customer_b, confirm=True)
        sample_b = self.env["lab.sample"].create({"order_id": order_b.id})
        visible = self.env["lab.sample"].with_user(self.portal_a).search([])
        self.assertEqual(visible, self.sample_a)
        with self.assertRaises(AccessError):
            sample_b.with_user(self.portal_a).read(["name"])
