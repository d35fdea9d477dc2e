from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ConfidentialityCase


@tagged("post_install", "-at_install")
class TestDisclosure(ConfidentialityCase):
    def _disclosure(self, **vals):
        return (
            self.env["lab.disclosure"]
            .with_user(self.quality_manager)
            .create(
                {
                    "partner_id": self.customer_a.id,
                    "authority": "Iskenderun 2nd Labour Court",
                    "request_reference": "2026/114 E.",
                    "legal_basis": "Court order under the Code of Civil Procedure, Art. 219",
                    "released_info": "Test report TR26-00012 (respirable dust)",
                    "technical_reviewer_id": self.technical_manager.id,
                    **vals,
                }
            )
        )

    def test_legal_basis_is_required(self):
        with self.assertRefused(ValidationError, "legal basis"):
            self._disclosure(legal_basis="   ")
        with self.assertRefused(ValidationError, "legal basis"):
            self._disclosure(legal_basis=False)
        court = [("authority", "=", "Iskenderun 2nd Labour Court")]
        self.assertFalse(self.env["lab.disclosure"].search(court))

    def test_two_different_approvers(self):
        disclosure = self._disclosure()
        with self.assertRefused(UserError, "approval of the Technical Manager and the Director"):
            disclosure.action_release()
        # The Director holds the Technical Manager role too, but cannot approve twice.
        disclosure.with_user(self.director).action_approve_technical()
        with self.assertRefused(UserError, "two different people"):
            disclosure.with_user(self.director).action_approve_director()
        self.assertEqual(disclosure.state, "draft")
        with self.assertRaises(AccessError):
            disclosure.with_user(self.quality_manager).action_approve_director()
        disclosure.with_user(self.deputy).action_approve_director()
        self.assertEqual(disclosure.state, "approved")
        disclosure.with_user(self.quality_manager).write(
            {"customer_notice": "forbidden", "notice_forbidden_reference": "CMK 157 (secrecy)"}
        )
        disclosure.with_user(self.quality_manager).action_release()
        self.assertEqual(disclosure.state, "released")
        self.assertTrue(disclosure.date_released)
        with self.assertRaises(UserError):
            disclosure.with_user(self.quality_manager).released_info = "More"

    def test_notice_needs_a_date_or_a_legal_reference(self):
        disclosure = self._disclosure()
        with self.assertRefused(ValidationError, "date the customer was told"):
            disclosure.customer_notice = "told"
        with self.assertRefused(ValidationError, "forbids telling"):
            disclosure.customer_notice = "forbidden"

    def test_only_quality_manager_and_director_read_the_register(self):
        disclosure = self._disclosure()
        other = self._disclosure(technical_reviewer_id=False)
        Disclosure = self.env["lab.disclosure"]
        self.assertLessEqual(
            disclosure | other, Disclosure.with_user(self.quality_manager).search([])
        )
        self.assertLessEqual(disclosure | other, Disclosure.with_user(self.director).search([]))
        # The Technical Manager sees only what they are asked to approve.
        self.assertEqual(Disclosure.with_user(self.technical_manager).search([]), disclosure)
        with self.assertRaises(AccessError):
            other.with_user(self.technical_manager).read(["released_info"])
        disclosure.with_user(self.technical_manager).action_approve_technical()
        self.assertEqual(disclosure.technical_approver_id, self.technical_manager)
        for user in (self.staff, self.reception, self.supervisor, self.technician):
            with self.assertRaises(AccessError):
                Disclosure.with_user(user).search([])
        with self.assertRaises(AccessError):
            Disclosure.with_user(self.technical_manager).create(
                {
                    "partner_id": self.customer_a.id,
                    "authority": "x",
                    "legal_basis": "x",
                    "released_info": "x",
                }
            )
