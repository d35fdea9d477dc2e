from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.lab_customer_service.tests.common import LabCase


@tagged("post_install", "-at_install")
class TestCustomerNeedAction(LabCase):
    """R-SV-05, seed 001: a process change decided for a customer need is referred to process
    improvement, as an improvement opportunity of the management system."""

    def test_quality_manager_refers_the_change_decided(self):
        need = (
            self.env["lab.customer.need"]
            .with_user(self.staff)
            .create(
                {
                    "summary": "Reports by email the day they are signed",
                    "partner_id": self.customer_a.id,
                    "review_outcome": "process_change",
                    "process_change": "Report dispatch: email the signed PDF on release",
                }
            )
        )
        as_qm = need.with_user(self.quality_manager)
        with self.assertRaises(UserError):
            as_qm.action_open_improvement()  # not reviewed yet
        as_qm.action_review()
        with self.assertRaises(AccessError):
            need.action_open_improvement()  # customer service does not refer
        result = as_qm.action_open_improvement()
        action = as_qm.improvement_action_id
        self.assertEqual(result["res_id"], action.id)
        self.assertEqual(action.type_action, "improvement")
        self.assertIn(need.name, action.name)
        self.assertIn("email the signed PDF", str(action.description))
        self.assertEqual(need.state, "reviewed")
        as_qm.action_open_improvement()
        self.assertEqual(
            self.env["mgmtsystem.action"].search_count([("name", "like", need.name)]),
            1,
            "a second click opens the same action",
        )
        with self.assertRaises(AccessError):
            need.improvement_action_id = False

    def test_no_referral_without_a_process_change(self):
        need = self.env["lab.customer.need"].create(
            {"summary": "A chair for couriers", "partner_id": self.customer_a.id}
        )
        need.review_outcome = "no_change"
        need.with_user(self.quality_manager).action_review()
        with self.assertRaises(UserError):
            need.with_user(self.quality_manager).action_open_improvement()
        self.assertFalse(need.improvement_action_id)
