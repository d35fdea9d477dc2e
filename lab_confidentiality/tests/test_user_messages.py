from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.lab_customer_service.tests.rpc import RpcCase

from .common import ConfidentialityCase


@tagged("post_install", "-at_install")
class TestUserMessages(ConfidentialityCase, RpcCase):
    """What a refusal tells the user is a whole, true sentence (issue 17, item 12)."""

    def test_visit_without_escort_is_refused_at_approval(self):
        self._signed_nda(self.contact_a)
        permit = self._permit(self.customer_a, host_id=False)
        permit.action_request()
        with self.assertRefused(UserError, "cannot be approved without an escorting host"):
            permit.with_user(self.director).action_approve()
        self.assertEqual(permit.state, "requested")
        permit.host_id = self.reception
        permit.with_user(self.director).action_approve()
        self.assertEqual(permit.state, "approved")

    def test_deleting_a_kept_sample_gives_the_retention_reason(self):
        sample = self._samples(self.customer_a, self.loc_grav)
        admin = self.env.ref("base.user_admin")
        error = self.assertRpcRefused(admin, "lab.sample", "unlink", sample.ids)
        self.assertIn(f"must be kept until {sample.lab_retention_until}", error.message)
        self.assertNotIn("No group currently allows", error.message)
        self.assertTrue(sample.exists())

    def test_loan_refusals_are_whole_sentences(self):
        loan = (
            self.env["lab.record.loan"]
            .with_user(self.technician)
            .create({"description": "Complaint file 2024", "purpose": "Annual method review"})
        )
        with self.assertRaises(UserError) as caught:
            loan.with_user(self.technician).action_accept_conditions()
        self.assertEqual(
            str(caught.exception),
            f"The conditions of loan {loan.name} cannot be accepted in its current state.",
        )
        with self.assertRaises(UserError) as caught:
            loan.with_user(self.quality_manager).action_request()
        self.assertEqual(
            str(caught.exception),
            f"Only {self.technician.name}, who borrows under loan {loan.name}, may request it.",
        )
