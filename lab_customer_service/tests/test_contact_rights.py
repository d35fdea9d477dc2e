from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import LabCase


@tagged("post_install", "-at_install")
class TestContactRights(LabCase):
    """Issue 17: each role that meets customers and visitors registers and edits their contacts;
    technicians and supervisors, who must not learn the customers (R-SR-02), cannot."""

    def _register_customer(self, user, name):
        """A new customer company and its contact person, as entered in the contact form."""
        with Form(self.env["res.partner"].with_user(user)) as company_form:
            company_form.company_type = "company"
            company_form.name = name
            company_form.email = "info@new-customer.example.com"
        company = company_form.record
        with Form(self.env["res.partner"].with_user(user)) as contact_form:
            contact_form.name = f"Contact of {name}"
            contact_form.parent_id = company
            contact_form.email = "person@new-customer.example.com"
        return company, contact_form.record

    def test_desk_roles_register_and_edit_customers(self):
        for user in (
            self.staff,
            self.reception,
            self.quality_manager,
            self.technical_manager,
            self.deputy,
            self.director,
        ):
            with self.subTest(user=user.login):
                company, contact = self._register_customer(user, f"New Customer {user.login}")
                self.assertEqual(contact.commercial_partner_id, company)
                self.assertEqual(company.create_uid, user)
                contact.with_user(user).write({"phone": "+90 326 555 12 34"})
                self.customer_a.with_user(user).write({"phone": "+90 326 555 98 76"})
                self.assertEqual(contact.phone, "+90 326 555 12 34")

    def test_reception_registers_a_visitor(self):
        visitor = (
            self.env["res.partner"]
            .with_user(self.reception)
            .create({"name": "Walk-in Auditor", "email": "auditor@accreditation.example.org"})
        )
        self.assertFalse(visitor.is_company)
        self.assertEqual(visitor.create_uid, self.reception)

    def test_technical_manager_registers_an_outside_it_person(self):
        Partner = self.env["res.partner"].with_user(self.technical_manager)
        provider = Partner.create({"name": "Antakya IT Services", "is_company": True})
        person = Partner.create(
            {"name": "Ivan Petrov", "parent_id": provider.id, "email": "ivan@it.example.com"}
        )
        self.assertEqual(person.commercial_partner_id, provider)

    def test_staff_save_a_key_customer_service_plan(self):
        """R-SV-04: the service plan of a key customer is kept by customer service."""
        with Form(self.customer_a.with_user(self.staff)) as form:
            form.lab_is_key_customer = True
            form.lab_service_plan = "<p>Results by phone to the HSE manager first.</p>"
            form.lab_review_interval = 6
            form.lab_review_user_id = self.staff
        self.assertTrue(self.customer_a.lab_is_key_customer)
        self.assertIn("HSE manager", str(self.customer_a.lab_service_plan))
        self.assertEqual(self.customer_a.lab_review_interval, 6)
        self.assertEqual(self.customer_a.lab_review_user_id, self.staff)
        self.assertTrue(self.customer_a.lab_next_review_date, "the first review is planned")

    def test_technicians_cannot_register_or_edit_contacts(self):
        for user in (self.technician, self.supervisor):
            with self.subTest(user=user.login):
                Partner = self.env["res.partner"].with_user(user)
                with self.assertRaises(AccessError):
                    Partner.create({"name": "Someone New", "email": "new@example.com"})
                with self.assertRaises(AccessError):
                    self.customer_a.with_user(user).write({"phone": "+90 000 000 00 00"})
                with self.assertRaises(AccessError):
                    self.customer_a.with_user(user).write({"lab_is_key_customer": True})
                self.assertFalse(user.has_group("base.group_partner_manager"))
        self.assertFalse(self.customer_a.lab_is_key_customer)
