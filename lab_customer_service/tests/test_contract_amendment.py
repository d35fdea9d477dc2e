from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .contract_case import ContractCase


@tagged("post_install", "-at_install")
class TestAmendment(ContractCase):
    """R-CR-03: changing a confirmed lab order re-opens its review and keeps the history."""

    def _customer_mails(self, record):
        return self.env["mail.mail"].search(
            [("model", "=", record._name), ("res_id", "=", record.id)]
        )

    def test_quantity_change_reopens_review_and_keeps_history(self):
        order = self._lab_order(self.customer_a, confirm=True)
        first_review = order.lab_review_id
        self.assertEqual(order.lab_revision, 0)

        order.order_line[0].with_user(self.staff).product_uom_qty = 3
        revision = order.lab_revision_ids
        self.assertEqual(len(revision), 1)
        self.assertEqual(revision.revision, 1)
        self.assertIn("Respirable dust: quantity 1.0 → 3.0", revision.changes)
        self.assertEqual(revision.changed_by_id, self.staff)
        self.assertEqual(first_review.state, "superseded")
        self.assertEqual(order.lab_review_id.revision, 1)
        self.assertEqual(order.lab_review_id.state, "draft")
        self.assertEqual(order.lab_revision, 1)
        self.assertIn("The contract review has not been approved.", order.lab_review_missing)
        mail = self._customer_mails(revision)
        self.assertEqual(len(mail), 1, "the customer is told by mail")
        self.assertIn(self.customer_a, mail.recipient_ids.commercial_partner_id)
        self.assertIn("Respirable dust: quantity 1.0 → 3.0", str(mail.body_html))

        # A second change before the new review is approved belongs to the same amendment.
        order.with_user(self.staff).write(
            {"order_line": [(0, 0, {"product_id": self.test_noise.id, "product_uom_qty": 2})]}
        )
        self.assertEqual(len(order.lab_revision_ids), 1)
        self.assertIn("Test added: Noise exposure × 2.0", revision.changes)
        self.assertEqual(len(self._customer_mails(revision)), 1)

        review = order.lab_review_id
        review.line_ids.with_user(self.staff).write({"answer": "yes"})
        with self.assertRefused(UserError, "Give the reason for amendment 1"):
            review.with_user(self.deputy).action_approve()
        with self.assertRefused(UserError, "changes only through its action"):
            revision.with_user(self.staff).write({"state": "approved", "changes": "nothing"})
        self.assertEqual(revision.state, "open")
        self.assertIn("Respirable dust: quantity 1.0 → 3.0", revision.changes)
        revision.with_user(self.staff).reason = "Customer added a noise survey by phone"
        review.with_user(self.deputy).action_approve()
        self.assertEqual(revision.state, "approved")
        self.assertEqual(revision.agreed_by_id, self.deputy)
        self.assertEqual(order._lab_involved_users(), self.staff | self.deputy)

        # The next change is a new amendment with its own number.
        order.with_user(self.staff).commitment_date = "2026-12-24 10:00:00"
        self.assertEqual(len(order.lab_revision_ids), 2)
        self.assertEqual(order.lab_revision, 2)
        self.assertIn("Delivery date", order.lab_revision_ids.sorted("revision")[-1].changes)
        self.assertEqual(
            order.lab_review_ids.sorted("revision").mapped("state"),
            ["superseded", "superseded", "draft"],
        )

    def test_changes_before_confirmation_are_not_amendments(self):
        order = self._lab_order(self.customer_a)
        order.order_line[0].product_uom_qty = 5
        self.assertFalse(order.lab_revision_ids)
        self.assertEqual(order.lab_review_id.revision, 0)


@tagged("post_install", "-at_install")
class TestSubcontracting(ContractCase):
    """R-CR-05: a subcontracted test needs an approved subcontractor and the customer's consent."""

    def test_consent_and_subcontractor_are_required(self):
        order = self._lab_order(self.customer_a, products=self.test_dust | self.test_silica)
        silica = order.order_line.filtered(lambda line: line.product_id == self.test_silica)
        review = order.lab_review_id
        review.line_ids.with_user(self.staff).write({"answer": "yes"})
        review.with_user(self.deputy).action_approve()
        with self.assertRefused(UserError, "choose an approved subcontractor") as error:
            order.with_user(self.staff).action_confirm()
        self.assertIn("written consent is missing", str(error.exception))

        # Consent is given, never written: not by hand, and not to an unnamed subcontractor.
        with self.assertRefused(UserError, "changes only through its action"):
            silica.with_user(self.staff).lab_consent_date = "2026-01-10"
        with self.assertRefused(UserError, "no subcontractor yet"):
            silica.with_user(self.staff).action_lab_record_consent()
        with self.assertRefused(ValidationError, "no subcontractor yet"):
            silica.with_user(self.staff).write(
                {"lab_consent_document": "Q29uc2VudA==", "lab_consent_filename": "consent.pdf"}
            )
        self.assertFalse(silica.lab_consent_date)

        expired = self.env["res.partner"].create(
            {
                "name": "Expired Lab",
                "is_company": True,
                "is_lab_subcontractor": True,
                "lab_subcontract_scope": "Silica",
                "lab_subcontract_expiry": "2020-01-01",
            }
        )
        silica.with_user(self.staff).write({"lab_subcontractor_id": expired.id})
        with self.assertRefused(UserError, "Attach the customer's signed consent"):
            silica.with_user(self.staff).action_lab_record_consent()
        with self.assertRefused(UserError, "choose an approved subcontractor") as error:
            order.with_user(self.staff).action_confirm()
        self.assertIn("written consent is missing", str(error.exception), "no proof, no consent")

        silica.with_user(self.staff).write(
            {
                "lab_subcontractor_id": self.subcontractor.id,
                "lab_consent_document": "Q29uc2VudA==",
                "lab_consent_filename": "consent.pdf",
            }
        )
        with self.assertRaises(AccessError):
            silica.with_user(self.technician).action_lab_record_consent()
        silica.with_user(self.staff).action_lab_record_consent()
        self.assertEqual(silica.lab_consent_date, fields.Date.context_today(silica))
        self.assertFalse(silica.lab_consent_user_id, "recorded by the lab, not given in the portal")
        order.with_user(self.staff).action_confirm()
        self.assertEqual(order.state, "sale")
        notice = order.message_ids.filtered(
            lambda m: "performed by an approved subcontractor" in str(m.body)
        )
        self.assertTrue(notice, "the customer is informed in writing before work starts")
        self.assertIn("Partner Lab Ltd", str(notice.body))
        self.assertIn(self.customer_a, notice.partner_ids.commercial_partner_id)

    def test_technician_cannot_name_a_subcontractor(self):
        order = self._lab_order(self.customer_a, products=self.test_silica)
        with self.assertRaises(AccessError):
            order.order_line.with_user(self.technician).lab_subcontractor_id = self.subcontractor


@tagged("post_install", "-at_install")
class TestDeviation(ContractCase):
    """R-CR-04: a deviation is recorded, mailed to the customer at once and logged on the order."""

    def test_staff_record_a_deviation_and_the_customer_is_mailed(self):
        order = self._lab_order(self.customer_a, confirm=True)
        deviation = (
            self.env["lab.order.deviation"]
            .with_user(self.staff)
            .create(
                {
                    "order_id": order.id,
                    "name": "Sample analysed after holding time",
                    "reason": "Courier delay of 2 days",
                    "impact": "Results may be biased low",
                }
            )
        )
        self.assertEqual(deviation.state, "reported")
        self.assertEqual(deviation.decided_by_id, self.staff)
        self.assertEqual(deviation.partner_id, self.customer_a)
        mail = self.env["mail.mail"].search(
            [("model", "=", "lab.order.deviation"), ("res_id", "=", deviation.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertIn(self.customer_a, mail.recipient_ids)
        self.assertIn("Courier delay of 2 days", str(mail.body_html))
        self.assertTrue(
            order.message_ids.filtered(
                lambda m: "Sample analysed after holding time" in str(m.body)
            )
        )
        self.assertEqual(order.lab_deviation_count, 1)

        with self.assertRefused(UserError, "changes only through its action"):
            deviation.with_user(self.staff).write({"state": "acknowledged"})
        self.assertEqual(deviation.state, "reported")
        deviation._portal_acknowledge(self.portal_a)
        self.assertEqual(deviation.state, "acknowledged")
        self.assertEqual(deviation.acknowledged_user_id, self.portal_a)
        self.assertTrue(deviation.acknowledged_date)

    def test_deviation_refused_for_technician_and_plain_orders(self):
        order = self._lab_order(self.customer_a, confirm=True)
        vals = {"order_id": order.id, "name": "X", "reason": "Y", "impact": "Z"}
        with self.assertRaises(AccessError):
            self.env["lab.order.deviation"].with_user(self.technician).create(vals)
        plain = self._lab_order(self.customer_a, products=self.not_a_test)
        with self.assertRefused(UserError, "has no laboratory test"):
            self.env["lab.order.deviation"].with_user(self.staff).create(
                dict(vals, order_id=plain.id)
            )
        self.assertFalse(
            self.env["lab.order.deviation"].search([]).filtered(lambda d: d.name == "X")
        )


@tagged("post_install", "-at_install")
class TestPublishedDocuments(ContractCase):
    """R-CR-07: staff publish customer information; customers see only what is published."""

    def test_portal_sees_only_published_documents(self):
        Document = self.env["lab.published.document"]
        published, draft = Document.with_user(self.staff).create(
            [
                {"name": "Accreditation scope", "category": "accreditation", "is_published": True},
                {"name": "Price list 2027", "category": "price"},
            ]
        )
        visible = Document.with_user(self.portal_a).search([])
        self.assertIn(published, visible)
        self.assertNotIn(draft, visible)
        with self.assertRaises(AccessError):
            draft.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            Document.with_user(self.technician).create({"name": "Mine", "category": "faq"})
