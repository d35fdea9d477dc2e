from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .contract_case import ContractCase


@tagged("post_install", "-at_install")
class TestContractReview(ContractCase):
    """R-CR-01/02: every lab quotation is reviewed and approved before it is confirmed."""

    def _answer_all(self, review, user=None, answer="yes"):
        review.with_user(user or self.staff).line_ids.write({"answer": answer})

    def test_review_is_built_from_the_default_checklist(self):
        order = self._lab_order(self.customer_a)
        review = order.lab_review_id
        self.assertEqual(review.state, "draft")
        self.assertEqual(
            review.template_id, self.env.ref("lab_customer_service.review_template_default")
        )
        questions = review.line_ids.mapped("name")
        self.assertEqual(len(questions), 7)
        self.assertIn("Subcontracting is needed and the customer is informed", questions)
        self.assertIn("The customer is a legal entity where required", questions)
        self.assertEqual(order.lab_review_state, "draft")
        self.assertIn("7 of 7 checklist items are not answered", order.lab_review_missing)

    def test_staff_quote_and_review_through_the_forms(self):
        """Customer service enters a quotation and answers the checklist in the forms."""
        with Form(self.env["sale.order"].with_user(self.staff)) as quote:
            quote.partner_id = self.customer_a
            with quote.order_line.new() as line:
                line.product_id = self.test_silica
            self.assertEqual(quote.order_line.edit(0).lab_accreditation, "subcontracted")
        order = quote.save()
        self.assertTrue(order.is_lab_order)
        self.assertIn("choose an approved subcontractor", order.lab_review_missing)
        with Form(order.lab_review_id.with_user(self.staff)) as review:
            for index in range(len(order.lab_review_id.line_ids)):
                with review.line_ids.edit(index) as answer:
                    answer.answer = "yes"
        self.assertNotIn("not answered", order.lab_review_missing)

    def test_administrator_edits_the_checklist(self):
        template = (
            self.env["lab.review.template"]
            .with_user(self.deputy)
            .create(
                {
                    "name": "Short review",
                    "item_ids": [(0, 0, {"name": "Method current"}), (0, 0, {"name": "Capacity"})],
                }
            )
        )
        self.env.company.lab_review_template_id = template
        order = self._lab_order(self.customer_a)
        self.assertEqual(
            order.lab_review_id.line_ids.mapped("name"), ["Method current", "Capacity"]
        )
        with self.assertRaises(AccessError):
            self.env["lab.review.template"].with_user(self.staff).create({"name": "Mine"})

    def test_order_without_lab_tests_has_nothing_to_review(self):
        order = self._lab_order(self.customer_a, products=self.not_a_test)
        self.assertFalse(order.is_lab_order)
        self.assertFalse(order.lab_review_id)
        with self.assertRefused(ValidationError, "nothing to review"):
            order.with_user(self.staff).action_lab_view_review()
        with self.assertRefused(ValidationError, "nothing to review"):
            self.env["lab.contract.review"].with_user(self.staff).create({"order_id": order.id})
        with self.assertRefused(ValidationError, "nothing to review"):
            self.env["lab.contract.review"]._lab_open([{"order_id": order.id}])
        self.assertFalse(order.lab_review_ids)
        order.action_confirm()
        self.assertEqual(order.state, "sale", "plain sale orders are not gated")

    def test_gate_on_the_confirm_button(self):
        order = self._lab_order(self.customer_a)
        with self.assertRefused(UserError, "cannot be confirmed before its contract review"):
            order.with_user(self.staff).action_confirm()
        self.assertEqual(order.state, "draft")
        with self.assertRefused(UserError, "cannot be confirmed before its contract review"):
            order.with_user(self.staff).write({"state": "sale"})
        self.assertEqual(order.state, "draft")
        self._answer_all(order.lab_review_id)
        order.lab_review_id.with_user(self.staff).action_submit()
        with self.assertRefused(UserError, "waits for approval by “Deputy Director”"):
            order.with_user(self.staff).action_confirm()
        self.assertEqual(order.state, "draft")
        order.lab_review_id.with_user(self.deputy).action_approve()
        order.with_user(self.staff).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.lab_review_missing)

    def test_reviewer_and_approver_are_recorded(self):
        order = self._lab_order(self.customer_a)
        review = order.lab_review_id
        self._answer_all(review)
        review.with_user(self.staff).action_submit()
        self.assertEqual(review.state, "submitted")
        self.assertEqual(review.reviewer_id, self.staff)
        self.assertTrue(review.date_reviewed)
        review.with_user(self.director).action_approve()
        self.assertEqual(review.state, "approved")
        self.assertEqual(review.approver_id, self.director)
        self.assertTrue(review.date_approved)
        self.assertEqual(order._lab_involved_users(), self.staff | self.director)

    def test_salesperson_without_lab_role_meets_the_gate(self):
        """A salesperson outside the lab can quote tests; the review is made, not approved."""
        seller = new_test_user(
            self.env, login="t_seller", groups="sales_team.group_sale_salesman_all_leads"
        )
        order = (
            self.env["sale.order"]
            .with_user(seller)
            .create(
                {
                    "partner_id": self.customer_a.id,
                    "order_line": [(0, 0, {"product_id": self.test_dust.id})],
                }
            )
        )
        self.assertEqual(order.sudo().lab_review_id.state, "draft")
        with self.assertRefused(UserError, "The contract review has not been approved."):
            order.with_user(seller).action_confirm()
        with self.assertRaises(AccessError):
            order.lab_review_id.with_user(seller).action_approve()
        self._confirm_lab_order(order)
        order.order_line.with_user(seller).product_uom_qty = 4
        revision = order.sudo().lab_revision_ids
        self.assertEqual(revision.changed_by_id, seller)
        self.assertEqual(order.sudo().lab_review_id.state, "draft")
        self.assertEqual(order.sudo().lab_review_id.activity_ids.user_id, seller)

    def test_technician_and_technical_manager_cannot_approve(self):
        order = self._lab_order(self.customer_a)
        review = order.lab_review_id
        self._answer_all(review)
        review.with_user(self.staff).action_submit()
        with self.assertRaises(AccessError):
            review.with_user(self.technician).action_approve()
        with self.assertRefused(AccessError, "Deputy Director"):
            review.with_user(self.technical_manager).action_approve()
        with self.assertRefused(AccessError, "Deputy Director"):
            review.with_user(self.staff).action_approve()
        self.assertEqual(review.state, "submitted")
        self.assertFalse(review.approver_id)

    def test_approver_group_comes_from_settings(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(
            settings.lab_review_approver_group_id,
            self.env.ref("lab_customer_service.group_lab_deputy_director"),
        )
        settings.lab_review_approver_group_id = self.env.ref(
            "lab_customer_service.group_lab_technical_manager"
        )
        settings.execute()
        order = self._lab_order(self.customer_a)
        self._answer_all(order.lab_review_id)
        with self.assertRefused(AccessError, "Technical Manager"):
            order.lab_review_id.with_user(self.quality_manager).action_approve()
        order.lab_review_id.with_user(self.technical_manager).action_approve()
        self.assertEqual(order.lab_review_id.approver_id, self.technical_manager)

    def test_incomplete_checklist_cannot_be_approved(self):
        """Approving one's own incomplete checklist gets a clear message and changes nothing."""
        order = self._lab_order(self.customer_a)
        review = order.lab_review_id
        review.line_ids[:3].with_user(self.deputy).write({"answer": "yes"})
        with self.assertRefused(UserError, "4 of 7 checklist items are not answered"):
            review.with_user(self.deputy).action_approve()
        self.assertEqual(review.state, "draft")
        self.assertFalse(review.approver_id)
        review.line_ids.with_user(self.deputy).write({"answer": "yes"})
        review.line_ids[0].with_user(self.deputy).write({"answer": "no"})
        with self.assertRefused(UserError, "Explain the answer “No”"):
            review.with_user(self.deputy).action_submit()
        review.line_ids[0].with_user(self.deputy).write(
            {"note": "Customer method replaced by ISO 9612"}
        )
        review.with_user(self.deputy).action_approve()
        self.assertEqual(review.state, "approved")
        self.assertEqual(review.reviewer_id, self.deputy)

    def test_review_cannot_be_forced_or_edited_after_submission(self):
        order = self._lab_order(self.customer_a)
        review = order.lab_review_id
        with self.assertRefused(UserError, "changes only through its action"):
            review.with_user(self.staff).write({"state": "approved"})
        self.assertEqual(review.state, "draft")
        self._answer_all(review)
        review.with_user(self.staff).action_submit()
        with self.assertRefused(UserError, "no longer in review"):
            review.line_ids[0].with_user(self.staff).write({"answer": "no"})
        review.with_user(self.staff).action_reset_draft()
        self.assertEqual(review.state, "draft")
        self.assertFalse(review.reviewer_id)

    def test_approval_cannot_be_forged(self):
        """Staff cannot borrow another order's approved review, move one, or fake consent."""
        approved = self._lab_order(self.customer_a, confirm=True)
        quote = self._lab_order(self.customer_a, products=self.test_dust | self.test_silica)
        self.assertTrue(approved.lab_review_id.with_user(self.deputy).is_approver)
        self.assertFalse(quote.lab_review_id.with_user(self.staff).is_approver)
        with self.assertRefused(UserError, "changes only through its action"):
            quote.with_user(self.staff).write({"lab_review_id": approved.lab_review_id.id})
        with self.assertRefused(ValidationError, "must be its own"):
            quote._lab_grant("_lab_ensure_review").lab_review_id = approved.lab_review_id
        self.assertNotEqual(quote.lab_review_id, approved.lab_review_id)
        with self.assertRefused(UserError, "can no longer be changed (Order)"):
            approved.lab_review_id.with_user(self.staff).write({"order_id": quote.id})
        with self.assertRefused(UserError, "keeps the “Order”"):
            quote.lab_review_id.with_user(self.staff).write({"order_id": approved.id})
        self.assertEqual(approved.lab_review_id.order_id, approved)
        with self.assertRefused(UserError, "no longer in review"):
            self.env["lab.contract.review.line"].with_user(self.staff).create(
                {"review_id": approved.lab_review_id.id, "name": "Extra question", "answer": "yes"}
            )
        silica = quote.order_line.filtered(lambda line: line.lab_accreditation == "subcontracted")
        with self.assertRefused(UserError, "changes only through its action"):
            silica.with_user(self.staff).write(
                {
                    "lab_subcontractor_id": self.subcontractor.id,
                    "lab_consent_date": "2026-01-10",
                    "lab_consent_user_id": self.portal_a.id,
                }
            )
        self.assertFalse(silica.lab_consent_date)
        self.assertEqual(quote.lab_review_id.state, "draft")
        with self.assertRefused(UserError, "cannot be confirmed"):
            quote.with_user(self.staff).action_confirm()

    def test_sending_an_unreviewed_quotation_warns(self):
        order = self._lab_order(self.customer_a)
        action = order.with_user(self.staff).action_quotation_send()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn(order.name, action["params"]["message"])
        self.assertEqual(action["params"]["next"]["res_model"], "mail.compose.message")
        self._approve_lab_review(order)
        action = order.with_user(self.staff).action_quotation_send()
        self.assertEqual(action["res_model"], "mail.compose.message")

    def test_review_record_prints(self):
        order = self._lab_order(self.customer_a, confirm=True)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "lab_customer_service.action_report_lab_contract_review", order.lab_review_id.ids
            )[0]
            .decode()
        )
        self.assertIn("Methods are appropriate, validated and current", html)
        self.assertIn(self.deputy.name, html)
        self.assertIn(self.staff.name, html)
        self.assertIn("MDHS 14/4", html)

    def test_quotation_shows_accreditation(self):
        order = self._lab_order(self.customer_a, products=self.test_dust | self.test_silica)
        self.assertEqual(
            order.order_line.mapped("lab_accreditation"), ["accredited", "subcontracted"]
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sale.action_report_saleorder", order.ids)[0]
            .decode()
        )
        self.assertIn("Subcontracted", html)
        self.assertIn("NIOSH 7500", html)


@tagged("post_install", "-at_install")
class TestLegalEntityRule(ContractCase):
    """R-CR-06: a lab serving legal entities only refuses private persons."""

    def test_private_person_refused_when_configured(self):
        person = self.env["res.partner"].create({"name": "Ivan Private"})
        order = self._lab_order(person)
        self.assertTrue(order.is_lab_order, "allowed while the rule is off")
        self.env.company.lab_legal_entity_only = True
        with self.assertRefused(ValidationError, "only from legal entities"):
            self._lab_order(person)
        self.assertEqual(self.env["sale.order"].search_count([("partner_id", "=", person.id)]), 1)
        company_order = self._lab_order(self.contact_a)
        self.assertEqual(company_order.partner_id.commercial_partner_id, self.customer_a)
        with self.assertRefused(ValidationError, "only from legal entities"):
            company_order.partner_id = person
        plain = self._lab_order(person, products=self.not_a_test)
        with self.assertRefused(ValidationError, "only from legal entities"):
            plain.write({"order_line": [(0, 0, {"product_id": self.test_dust.id})]})
        self.assertFalse(plain.is_lab_order)
        self.assertIn("legal entities only", order.lab_review_missing)
        with self.assertRefused(UserError, "legal entities only"):
            self._confirm_lab_order(order)
