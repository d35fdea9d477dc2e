from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import LabCase


@tagged("post_install", "-at_install")
class TestUserMessages(LabCase):
    """What a refusal tells the user is a whole, true sentence (issue 17, item 12)."""

    def test_customer_need_refusals_are_whole_sentences(self):
        need = (
            self.env["lab.customer.need"]
            .with_user(self.staff)
            .create({"summary": "Reports by email", "partner_id": self.customer_a.id})
        )
        as_qm = need.with_user(self.quality_manager)
        with self.assertRaises(UserError) as caught:
            as_qm.action_close()
        self.assertEqual(
            str(caught.exception), f"Need {need.name} cannot be closed in its current state."
        )
        with self.assertRaises(UserError) as caught:
            as_qm.action_reopen()
        self.assertEqual(
            str(caught.exception), f"Need {need.name} cannot be reopened in its current state."
        )
        with self.assertRaises(AccessError) as caught:
            need.with_user(self.staff).action_review()
        self.assertEqual(
            str(caught.exception),
            "Only the Quality Manager or the Director may review a customer need.",
        )

    def test_confirmation_names_subcontracting_not_the_approved_review(self):
        order = self._lab_order(self.customer_a, products=self.test_dust | self.test_silica)
        silica = order.order_line.filtered(lambda line: line.product_id == self.test_silica)
        silica.lab_subcontractor_id = self.subcontractor
        review = order.lab_review_id.with_user(self.staff)
        review.line_ids.write({"answer": "yes"})
        review.action_submit()
        review.with_user(self.deputy).action_approve()
        self.assertEqual(order.lab_review_id.state, "approved")
        with self.assertRaises(UserError) as caught:
            order.with_user(self.staff).action_confirm()
        message = str(caught.exception)
        self.assertNotIn("before its contract review is approved", message)
        self.assertIn(
            f"{order.name} cannot be confirmed yet, although its contract review is approved:",
            message,
        )
        self.assertIn(
            f"{self.test_silica.display_name} is subcontracted: the customer's written consent "
            "is missing.",
            message,
        )
        self.assertEqual(order.state, "draft")

    def test_contract_review_approval_names_every_allowed_role(self):
        order = self._lab_order(self.customer_a)
        review = order.lab_review_id.with_user(self.staff)
        review.line_ids.write({"answer": "yes"})
        review.action_submit()
        with self.assertRaises(AccessError) as caught:
            review.with_user(self.quality_manager).action_approve()
        self.assertEqual(
            str(caught.exception),
            "A contract review is approved only by: “Deputy Director”, “Director”.",
        )
        # The roles follow the company's approvers' group.
        self.env.company.lab_review_approver_group_id = self.env.ref(
            "lab_customer_service.group_lab_technical_manager"
        )
        with self.assertRaises(AccessError) as caught:
            review.with_user(self.quality_manager).action_approve()
        self.assertIn("“Technical Manager”", str(caught.exception))
        self.assertIn("“Director”", str(caught.exception))
        review.with_user(self.technical_manager).action_approve()
        self.assertEqual(review.state, "approved")
