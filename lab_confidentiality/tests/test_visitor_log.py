from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ConfidentialityCase


@tagged("post_install", "-at_install")
class TestVisitorLog(ConfidentialityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._signed_nda(cls.contact_a)
        cls.permit = cls._permit(cls.customer_a, areas=cls.area_micro)
        cls.permit.action_request()

    def _check_in(self, user=None, **vals):
        return (
            self.env["lab.visitor.log"]
            .with_user(user or self.reception)
            .create(
                {
                    "permit_id": self.permit.id,
                    "visitor_id": self.contact_a.id,
                    "badge_number": "V-07",
                    "check_in": self.visit_start + timedelta(minutes=5),
                    **vals,
                }
            )
        )

    def test_check_in_without_a_permit(self):
        with self.assertRefused(ValidationError, "Nobody enters without a permit"):
            self._check_in(permit_id=False)

    def test_check_in_needs_an_approved_permit(self):
        with self.assertRefused(ValidationError, "not approved"):
            self._check_in()
        self.assertFalse(self.permit.log_ids)
        self.permit.with_user(self.director).action_approve()
        log = self._check_in()
        self.assertEqual(log.visitor_name, "Alice A")
        self.assertEqual(log.visitor_company, "Customer A Steel")
        self.assertEqual(log.host_id, self.reception, "the permit's host escorts by default")
        with freeze_time(self.visit_start + timedelta(hours=2)):
            log.with_user(self.reception).action_check_out()
        self.assertTrue(log.check_out)

    def test_check_in_only_on_the_permitted_day_and_person(self):
        self.permit.with_user(self.director).action_approve()
        with self.assertRefused(ValidationError, "not for"):
            self._check_in(check_in=self.visit_start + timedelta(days=2))
        with self.assertRefused(ValidationError, "not named on permit"):
            self._check_in(visitor_id=self.contact_b.id)
        with self.assertRaises(ValidationError):
            self._check_in(check_out=self.visit_start - timedelta(hours=1))
        self.assertFalse(self.permit.log_ids)

    def test_staff_read_only(self):
        self.permit.with_user(self.director).action_approve()
        with self.assertRaises(AccessError):
            self._check_in(user=self.staff)
        self.assertFalse(self.permit.log_ids)
        log = self._check_in()
        self.assertEqual(log.with_user(self.staff).visitor_name, "Alice A", "staff read the book")
        with self.assertRaises(AccessError):
            log.with_user(self.staff).badge_number = "V-99"

    def test_log_book_prints_for_a_range(self):
        self.permit.with_user(self.director).action_approve()
        self._check_in()
        wizard = (
            self.env["lab.visitor.log.print"]
            .with_user(self.reception)
            .create({"date_from": self.visit_start.date(), "date_to": self.visit_start.date()})
        )
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "lab_confidentiality.report_lab_visitor_log")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "lab_confidentiality.action_report_lab_visitor_log", action["context"]["active_ids"]
            )[0]
            .decode()
        )
        self.assertIn("Alice A", html)
        self.assertIn("V-07", html)
        empty = self.env["lab.visitor.log.print"].create(
            {
                "date_from": self.visit_start.date() + timedelta(days=5),
                "date_to": self.visit_start.date() + timedelta(days=6),
            }
        )
        with self.assertRefused(UserError, "Nobody entered"):
            empty.action_print()
