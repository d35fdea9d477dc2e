"""The contract's controls hold on the server, over JSON-RPC as a real session (issue 15).

R-CR-02 review and confirmation, R-CR-03 amendments, R-CR-04 deviations, R-CR-05 consent to
subcontracting: every state, approval, agreement and consent changes only through its action,
which checks who calls it; ``create`` and ``write`` refuse them from anyone else.
"""

from odoo import http
from odoo.tests import tagged

from .common import LabCase
from .rpc import RpcCase

REFUSED = "changes only through its action"
CONSENT = "Q29uc2VudA=="  # the customer's signed document, as a form uploads it


class ContractControlsCase(LabCase, RpcCase):
    def _post(self, login, url, **data):
        """A form posted from the portal page by ``login`` (a browser session)."""
        self.authenticate(login, login)
        return self.url_open(url, data=dict(data, csrf_token=http.Request.csrf_token(self)))

    def assertAllRefused(self, users, model, method, cases, message=REFUSED):
        """Each ``(args)`` of ``cases`` called as each user is refused."""
        for user in users:
            for args in cases:
                self.assertRpcRefused(user, model, method, *args, message=message)


@tagged("post_install", "-at_install")
class TestReviewControls(ContractControlsCase):
    """R-CR-02: a review is approved by the Director or Deputy through Approve, and an order is
    confirmed only with its own review approved."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quote = cls._lab_order(cls.customer_a)
        cls.review = cls.quote.lab_review_id
        cls.review.line_ids.write({"answer": "yes"})

    def test_nobody_writes_a_review_approved(self):
        forged = {
            "state": "approved",
            "approver_id": self.director.id,
            "date_approved": "2026-01-10 10:00:00",
            "reviewer_id": self.staff.id,
            "date_reviewed": "2026-01-10 09:00:00",
            "revision": 3,
        }
        cases = [([self.review.id], {fname: value}) for fname, value in forged.items()]
        # staff below the approver; the approvers themselves outside their button
        self.assertAllRefused(
            (self.staff, self.deputy, self.director), "lab.contract.review", "write", cases
        )
        self.assertEqual(self.review.state, "draft")
        self.assertFalse(self.review.approver_id | self.review.reviewer_id)
        self.assertFalse(self.review.date_approved or self.review.date_reviewed)
        self.assertEqual(self.review.revision, 0)

    def test_nobody_creates_an_approved_review_to_confirm_with(self):
        """Issue 15's attack: create a review already approved, link it to the order, confirm."""
        Review = self.env["lab.contract.review"]
        count = Review.search_count([])
        forged = {"order_id": self.quote.id, "state": "approved", "approver_id": self.director.id}
        self.assertAllRefused(
            (self.staff, self.deputy, self.director), "lab.contract.review", "create", [([forged],)]
        )
        # nor a blank one: reviews are opened by the system
        self.assertAllRefused(
            (self.staff, self.director),
            "lab.contract.review",
            "create",
            [([{"order_id": self.quote.id}],)],
            message="cannot be created by hand",
        )
        self.assertEqual(Review.search_count([]), count, "no review was created")

        # Another review of the same order (as only the system could open one) is not the
        # order's to point at either: the gate reads the order's current review.
        other = Review.create({"order_id": self.quote.id})
        self.assertAllRefused(
            (self.staff, self.director),
            "sale.order",
            "write",
            [([self.quote.id], {"lab_review_id": other.id})],
        )
        self.assertEqual(self.quote.lab_review_id, self.review)
        self.assertRpcRefused(
            self.staff,
            "sale.order",
            "action_confirm",
            [self.quote.id],
            message="cannot be confirmed before its contract review",
        )
        self.assertEqual(self.quote.state, "draft")

    def test_the_approver_approves_through_the_button(self):
        self.rpc(self.staff, "lab.contract.review", "action_submit", [self.review.id])
        self.assertEqual(self.review.state, "submitted")
        self.assertEqual(self.review.reviewer_id, self.staff)
        for user in (self.staff, self.technical_manager, self.quality_manager):
            self.assertRpcRefused(
                user,
                "lab.contract.review",
                "action_approve",
                [self.review.id],
                message="Deputy Director",
            )
        self.assertEqual(self.review.state, "submitted")
        self.assertFalse(self.review.approver_id)
        # submitted is frozen: the conclusion approved is the one submitted
        self.assertRpcRefused(
            self.staff,
            "lab.contract.review",
            "write",
            [self.review.id],
            {"note": "<p>Changed after submission</p>"},
            message="can no longer be changed",
        )

        self.rpc(self.deputy, "lab.contract.review", "action_approve", [self.review.id])
        self.assertEqual(self.review.state, "approved")
        self.assertEqual(self.review.approver_id, self.deputy)
        self.assertTrue(self.review.date_approved)
        self.rpc(self.staff, "sale.order", "action_confirm", [self.quote.id])
        self.assertEqual(self.quote.state, "sale")

    def test_confirmation_is_gated_however_the_state_is_written(self):
        Order = self.env["sale.order"]
        count = Order.search_count([])
        self.assertRpcRefused(
            self.staff,
            "sale.order",
            "create",
            [
                {
                    "partner_id": self.customer_a.id,
                    "state": "sale",
                    "order_line": [[0, 0, {"product_id": self.test_dust.id}]],
                }
            ],
            message="cannot be confirmed before its contract review",
        )
        self.assertEqual(Order.search_count([]), count, "no order was created confirmed")

        # a cancelled quotation is no way round the gate
        self.quote._action_cancel()
        self.assertRpcRefused(self.staff, "sale.order", "write", [self.quote.id], {"state": "sale"})
        self.assertEqual(self.quote.state, "cancel")


@tagged("post_install", "-at_install")
class TestAmendmentControls(ContractControlsCase):
    """R-CR-03: every change of a confirmed order is an amendment, and only the system, the
    approval of its review and the customer write its history."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._lab_order(cls.customer_a, confirm=True)
        cls.token = cls.order._portal_ensure_token()

    def _amend(self):
        self.order.order_line[0].product_uom_qty = 2
        return self.order.lab_revision_ids

    def test_no_context_key_skips_the_amendment(self):
        """``lab_no_amendment`` was a context key any client could send (issue 15)."""
        context = {"lab_no_amendment": True}
        approved = self.order.lab_review_id
        self.rpc(
            self.staff,
            "sale.order",
            "write",
            [self.order.id],
            {"order_line": [[0, 0, {"product_id": self.test_noise.id, "product_uom_qty": 2}]]},
            context=context,
        )
        revision = self.order.lab_revision_ids
        self.assertEqual(len(revision), 1, "the added test is an amendment")
        self.assertIn("Test added: Noise exposure × 2.0", revision.changes)
        self.assertEqual(approved.state, "superseded")
        self.assertEqual(self.order.lab_review_id.state, "draft", "the review is re-opened")

        dust = self.order.order_line.filtered(lambda line: line.product_id == self.test_dust)
        self.rpc(
            self.staff,
            "sale.order.line",
            "write",
            dust.ids,
            {"product_uom_qty": 5},
            context=context,
        )
        self.rpc(
            self.staff,
            "sale.order",
            "write",
            [self.order.id],
            {"commitment_date": "2027-03-01 10:00:00"},
            context=context,
        )
        self.assertIn("Respirable dust: quantity 1.0 → 5.0", revision.changes)
        self.assertIn("Delivery date", revision.changes)
        self.assertEqual(len(self.order.lab_revision_ids), 1)

    def test_nobody_writes_or_creates_an_amendments_history(self):
        revision = self._amend()
        before = revision.read()[0]
        forged = {
            "state": "approved",
            "agreed_by_id": self.director.id,
            "customer_agreed_date": "2026-01-10",
            "customer_agreed_user_id": self.portal_a.id,
            "changes": "Nothing changed",
            "date": "2020-01-01 00:00:00",
        }
        cases = [([revision.id], {fname: value}) for fname, value in forged.items()]
        self.assertAllRefused(
            (self.staff, self.deputy, self.director), "lab.order.revision", "write", cases
        )
        other = self._lab_order(self.customer_a, confirm=True)
        fixed = {"changed_by_id": self.director.id, "revision": 9, "order_id": other.id}
        cases = [([revision.id], {fname: value}) for fname, value in fixed.items()]
        self.assertAllRefused(
            (self.staff, self.director), "lab.order.revision", "write", cases, "keeps the"
        )
        self.assertEqual(revision.read()[0], before, "nothing was written")

        Revision = self.env["lab.order.revision"]
        count = Revision.search_count([])
        self.assertAllRefused(
            (self.staff, self.director),
            "lab.order.revision",
            "create",
            [([{"order_id": self.order.id, "revision": 5, "changes": "Forged"}],)],
        )
        # nor a blank one: amendments are recorded by the system
        self.assertAllRefused(
            (self.staff, self.director),
            "lab.order.revision",
            "create",
            [([{"order_id": self.order.id, "revision": 5}],)],
            message="cannot be created by hand",
        )
        self.assertEqual(Revision.search_count([]), count)

    def test_the_lab_agrees_by_approving_the_reopened_review(self):
        revision = self._amend()
        self.rpc(self.staff, "lab.order.revision", "write", [revision.id], {"reason": "By phone"})
        review = self.order.lab_review_id
        review.line_ids.write({"answer": "yes"})
        self.rpc(self.deputy, "lab.contract.review", "action_approve", [review.id])
        self.assertEqual(revision.state, "approved")
        self.assertEqual(revision.agreed_by_id, self.deputy)
        # the approved amendment is history
        self.assertRpcRefused(
            self.staff,
            "lab.order.revision",
            "write",
            [revision.id],
            {"reason": "Another reason"},
            message="can no longer be changed",
        )
        self.assertEqual(revision.reason, "By phone")

    def test_the_customer_agrees_in_the_portal_only_for_themselves(self):
        revision = self._amend()
        revision.with_user(self.staff).reason = "A second sampling point, asked by phone"
        url = f"/my/orders/{self.order.id}/lab/revisions/{revision.id}/agree"
        # customer B with A's link, and staff on the portal page, do not speak for A
        self._post("t_portal_b", url, access_token=self.token)
        self._post("t_staff", url, access_token=self.token)
        self.assertFalse(revision.customer_agreed_date)
        self.assertFalse(revision.customer_agreed_user_id)

        self._post("t_portal_a", url, access_token=self.token)
        self.assertTrue(revision.customer_agreed_date)
        self.assertEqual(revision.customer_agreed_user_id, self.portal_a)

    def test_staff_record_the_customers_written_agreement(self):
        revision = self._amend()
        self.assertRpcRefused(
            self.technician,
            "lab.order.revision",
            "action_record_customer_agreement",
            [revision.id],
        )
        self.rpc(self.staff, "lab.order.revision", "write", [revision.id], {"reason": "By phone"})
        self.assertRpcRefused(
            self.staff,
            "lab.order.revision",
            "action_record_customer_agreement",
            [revision.id],
            message="Attach the customer's written agreement",
        )
        self.assertFalse(revision.customer_agreed_date)

        self.rpc(
            self.staff,
            "lab.order.revision",
            "write",
            [revision.id],
            {"customer_agreement_document": CONSENT, "customer_agreement_filename": "ok.pdf"},
        )
        self.rpc(
            self.staff, "lab.order.revision", "action_record_customer_agreement", [revision.id]
        )
        self.assertTrue(revision.customer_agreed_date)
        self.assertFalse(revision.customer_agreed_user_id)
        # the recorded proof stays as it is
        self.assertRpcRefused(
            self.staff,
            "lab.order.revision",
            "write",
            [revision.id],
            {"customer_agreement_document": False},
            message="can no longer be replaced",
        )
        self.assertEqual(revision.customer_agreement_document, CONSENT.encode())


@tagged("post_install", "-at_install")
class TestDeviationControls(ContractControlsCase):
    """R-CR-04: what was reported stays as reported; only the order's customer acknowledges."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._lab_order(cls.customer_a, confirm=True)
        cls.token = cls.order._portal_ensure_token()
        cls.vals = {
            "order_id": cls.order.id,
            "name": "Sample analysed after holding time",
            "reason": "Courier delay",
            "impact": "Results may be biased low",
        }
        cls.deviation = cls.env["lab.order.deviation"].create(cls.vals)

    def test_nobody_creates_or_writes_an_acknowledged_deviation(self):
        forged = {
            "state": "acknowledged",
            "acknowledged_user_id": self.portal_a.id,
            "acknowledged_date": "2026-01-10 10:00:00",
            "date": "2020-01-01 00:00:00",
        }
        Deviation = self.env["lab.order.deviation"]
        count = Deviation.search_count([])
        create_cases = [([dict(self.vals, **{fname: value})],) for fname, value in forged.items()]
        write_cases = [([self.deviation.id], {fname: value}) for fname, value in forged.items()]
        # the customer has no such right at all; staff and the Director meet the control
        self.assertAllRefused((self.portal_a,), "lab.order.deviation", "create", create_cases, None)
        self.assertAllRefused((self.portal_a,), "lab.order.deviation", "write", write_cases, None)
        self.assertAllRefused(
            (self.staff, self.director), "lab.order.deviation", "create", create_cases
        )
        self.assertAllRefused(
            (self.staff, self.director), "lab.order.deviation", "write", write_cases
        )
        self.assertEqual(Deviation.search_count([]), count, "no deviation was created")
        self.assertEqual(self.deviation.state, "reported")
        self.assertFalse(self.deviation.acknowledged_user_id)
        self.assertFalse(self.deviation.acknowledged_date)
        self.assertNotEqual(self.deviation.date.year, 2020)

    def test_what_was_reported_stays_as_reported(self):
        other = self._lab_order(self.customer_a, confirm=True)
        rewritten = {
            "name": "Nothing happened",
            "reason": "No reason",
            "impact": "None",
            "decided_by_id": self.director.id,
            "order_id": other.id,
        }
        cases = [([self.deviation.id], {fname: value}) for fname, value in rewritten.items()]
        self.assertAllRefused(
            (self.staff, self.director),
            "lab.order.deviation",
            "write",
            cases,
            message="keeps the",
        )
        self.assertEqual(self.deviation.name, "Sample analysed after holding time")
        self.assertEqual(self.deviation.reason, "Courier delay")
        self.assertEqual(self.deviation.order_id, self.order)

    def test_only_the_customer_acknowledges_in_the_portal(self):
        url = f"/my/orders/{self.order.id}/lab/deviations/{self.deviation.id}/acknowledge"
        self._post("t_portal_b", url, access_token=self.token)
        self._post("t_staff", url, access_token=self.token)
        self.assertEqual(self.deviation.state, "reported")
        self.assertFalse(self.deviation.acknowledged_user_id)

        self._post("t_portal_a", url, access_token=self.token)
        self.assertEqual(self.deviation.state, "acknowledged")
        self.assertEqual(self.deviation.acknowledged_user_id, self.portal_a)
        self.assertTrue(self.deviation.acknowledged_date)


@tagged("post_install", "-at_install")
class TestConsentControls(ContractControlsCase):
    """R-CR-05: the customer consents in the portal, or customer service records their signed
    consent; nobody writes a consent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quote = cls._lab_order(cls.customer_a, products=cls.test_silica)
        cls.line = cls.quote.order_line
        cls.line.lab_subcontractor_id = cls.subcontractor
        cls.token = cls.quote._portal_ensure_token()

    def test_nobody_writes_or_creates_a_consent(self):
        forged = {"lab_consent_date": "2026-01-10", "lab_consent_user_id": self.portal_a.id}
        new_line = {
            "order_id": self.quote.id,
            "product_id": self.test_silica.id,
            "lab_subcontractor_id": self.subcontractor.id,
            "lab_consent_document": CONSENT,
        }
        Line = self.env["sale.order.line"]
        count = Line.search_count([])
        for fname, value in forged.items():
            self.assertAllRefused(
                (self.staff, self.deputy, self.director),
                "sale.order.line",
                "write",
                [([self.line.id], {fname: value})],
            )
            self.assertAllRefused(
                (self.staff, self.director),
                "sale.order.line",
                "create",
                [([dict(new_line, **{fname: value})],)],
            )
        self.assertEqual(Line.search_count([]), count, "no line was created")
        self.assertFalse(self.line.lab_consent_date)
        self.assertFalse(self.line.lab_consent_user_id)
        self.assertFalse(self.line._lab_has_consent())

    def test_the_customer_consents_in_the_portal_only_for_themselves(self):
        url = f"/my/orders/{self.quote.id}/lab/consent"
        self._post("t_portal_b", url, access_token=self.token)
        self._post("t_staff", url, access_token=self.token)
        self.assertFalse(self.line.lab_consent_date)
        self.assertFalse(self.line.lab_consent_user_id)

        self._post("t_portal_a", url, access_token=self.token)
        self.assertEqual(self.line.lab_consent_user_id, self.portal_a)
        self.assertTrue(self.line._lab_has_consent())

    def test_staff_record_the_signed_consent_and_it_stays(self):
        self.assertRpcRefused(
            self.technician, "sale.order.line", "action_lab_record_consent", [self.line.id]
        )
        self.assertRpcRefused(
            self.staff,
            "sale.order.line",
            "action_lab_record_consent",
            [self.line.id],
            message="Attach the customer's signed consent",
        )
        self.assertFalse(self.line.lab_consent_date)
        self.rpc(
            self.staff,
            "sale.order.line",
            "write",
            [self.line.id],
            {"lab_consent_document": CONSENT, "lab_consent_filename": "consent.pdf"},
        )
        self.rpc(self.staff, "sale.order.line", "action_lab_record_consent", [self.line.id])
        self.assertTrue(self.line._lab_has_consent())
        self.assertFalse(self.line.lab_consent_user_id)

        self.assertRpcRefused(
            self.staff,
            "sale.order.line",
            "write",
            [self.line.id],
            {"lab_consent_document": False},
            message="can no longer be replaced",
        )
        self.assertTrue(self.line._lab_has_consent())

        # consent was given for this subcontractor: another one needs it again
        other = self.subcontractor.copy({"name": "Other Partner Lab"})
        self.rpc(
            self.staff,
            "sale.order.line",
            "write",
            [self.line.id],
            {"lab_subcontractor_id": other.id},
        )
        self.assertFalse(self.line.lab_consent_date)
        self.assertFalse(self.line._lab_has_consent())
        self.assertIn("written consent is missing", self.quote.lab_review_missing)
