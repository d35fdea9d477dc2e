from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_contract_controls import ContractControlsCase

HELD_RECEPTION = "no sample can be received on it until the contract review of amendment 1"
HELD_RELEASE = "no test report of it can be released until the contract review of amendment 1"


@tagged("post_install", "-at_install")
class TestAmendmentHoldsWork(ContractControlsCase):
    """R-CR-03, 17025 §7.1.6 (issue 17): while an amended order's review is open, no sample is
    received on it and no report of it released; the customer agrees to an amendment the lab
    has explained. Called as a session over JSON-RPC, as any logged-in user can."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._lab_order(cls.customer_a, confirm=True)
        cls.token = cls.order._portal_ensure_token()
        cls.other_order = cls._lab_order(cls.customer_a, confirm=True)
        cls.sample = cls.env["lab.sample"].create({"order_id": cls.order.id, "state": "in_test"})
        cls.stray = cls.env["lab.sample"].create({"order_id": cls.other_order.id})
        cls.report = cls.env["lab.test.report"].create(
            {"order_id": cls.order.id, "sample_ids": [fields.Command.set(cls.sample.ids)]}
        )
        cls.report.attachment_ids = cls.env["ir.attachment"].create(
            {"name": "report.pdf", "raw": b"%PDF-1.4 report", "mimetype": "application/pdf"}
        )
        cls.report.with_user(cls.technician).action_prepare()
        cls.report.with_user(cls.quality_manager).action_review()

    def _amend(self):
        self.order.order_line[0].product_uom_qty = 2
        return self.order.lab_revision_ids

    def _approve_amendment(self, revision):
        self.rpc(self.staff, "lab.order.revision", "write", [revision.id], {"reason": "By phone"})
        review = self.order.lab_review_id
        self.rpc(
            self.staff, "lab.contract.review.line", "write", review.line_ids.ids, {"answer": "yes"}
        )
        self.rpc(self.deputy, "lab.contract.review", "action_approve", [review.id])
        self.assertEqual(revision.state, "approved")

    def _register(self, **values):
        [wizard_id] = self.rpc(
            self.reception,
            "lab.sample.reception.wizard",
            "create",
            [{"order_id": self.order.id, "print_labels": False, **values}],
        )
        return wizard_id

    def test_no_reception_while_the_amendment_is_reviewed(self):
        revision = self._amend()
        self.assertEqual(revision.state, "open")
        before = self.order.lab_sample_ids
        count = self.env["lab.sample"].search_count([])
        name = self.order.name
        # a sample, a batch, the order's default, a delivery of many, one typed by hand
        error = self.assertRpcRefused(
            self.reception,
            "lab.sample",
            "create",
            [{"order_id": self.order.id}, {"order_id": self.other_order.id}],
            message=HELD_RECEPTION,
        )
        self.assertIn(f"Order {name} is being amended", error.message)
        self.assertRpcRefused(
            self.reception,
            "lab.sample",
            "create",
            [{"description": "from the order's samples list"}],
            context={"default_order_id": self.order.id},
            message=HELD_RECEPTION,
        )
        for values in ({"sample_count": 40}, {"descriptions": "Point A\nPoint B"}):
            wizard_id = self._register(**values)
            self.assertRpcRefused(
                self.reception,
                "lab.sample.reception.wizard",
                "action_register",
                [wizard_id],
                message=HELD_RECEPTION,
            )
        # nor is a sample of another order moved onto it
        self.assertRpcRefused(
            self.reception,
            "lab.sample",
            "write",
            [self.stray.id],
            {"order_id": self.order.id},
            message=HELD_RECEPTION,
        )
        self.assertEqual(self.stray.sudo().order_id, self.other_order)
        self.assertEqual(self.order.lab_sample_ids, before)
        self.assertEqual(self.env["lab.sample"].search_count([]), count)
        # the other orders' work goes on
        self.rpc(self.reception, "lab.sample", "create", [{"order_id": self.other_order.id}])

        self._approve_amendment(revision)
        wizard_id = self._register(sample_count=3)
        self.rpc(self.reception, "lab.sample.reception.wizard", "action_register", [wizard_id])
        [new_id] = self.rpc(self.reception, "lab.sample", "create", [{"order_id": self.order.id}])
        self.assertEqual(len(self.order.lab_sample_ids - before), 4)
        self.assertIn(new_id, self.order.lab_sample_ids.ids)

    def test_no_release_while_the_amendment_is_reviewed(self):
        revision = self._amend()
        self.assertRpcRefused(
            self.technical_manager,
            "lab.test.report",
            "action_release",
            [self.report.id],
            message=HELD_RELEASE,
        )
        self.assertEqual(self.report.state, "reviewed")
        self.assertFalse(self.report.objection_deadline)
        self.assertEqual(self.sample.state, "in_test")

        self._approve_amendment(revision)
        self.rpc(self.technical_manager, "lab.test.report", "action_release", [self.report.id])
        self.assertEqual(self.report.state, "released")
        self.assertEqual(self.sample.state, "reported")

    def test_the_check_costs_one_query_for_a_batch(self):
        self._amend()
        orders = self.other_order | self._lab_order(self.customer_b, confirm=True)
        orders = (orders | self.order).with_user(self.reception)
        self.env.flush_all()
        with self.assertQueryCount(1):
            (orders - self.order)._lab_check_work_allowed("reception")
        with self.assertRaises(UserError):
            orders._lab_check_work_allowed("reception")

    def test_the_customer_agrees_once_the_lab_has_said_why(self):
        revision = self._amend()
        url = f"/my/orders/{self.order.id}/lab/revisions/{revision.id}/agree"
        self.authenticate("t_portal_a", "t_portal_a")
        page = self.url_open(self.order.get_portal_url()).text
        self.assertIn("Waiting for the laboratory's explanation", page)
        self.assertNotIn(f"/lab/revisions/{revision.id}/agree", page, "no button to agree yet")
        response = self._post("t_portal_a", url, access_token=self.token)
        self.assertIn("has not yet written why the order is amended", response.text)
        self.assertFalse(revision.customer_agreed_date)
        self.assertFalse(revision.customer_agreed_user_id)
        # nor does customer service record an agreement to an unexplained amendment
        self.rpc(
            self.staff,
            "lab.order.revision",
            "write",
            [revision.id],
            {"customer_agreement_document": "T0s=", "customer_agreement_filename": "ok.pdf"},
        )
        self.assertRpcRefused(
            self.staff,
            "lab.order.revision",
            "action_record_customer_agreement",
            [revision.id],
            message="has not yet written why",
        )
        self.assertFalse(revision.customer_agreed_date)

        self.rpc(
            self.staff,
            "lab.order.revision",
            "write",
            [revision.id],
            {"reason": "A fourth sampling point, asked by e-mail"},
        )
        self._post("t_portal_a", url, access_token=self.token)
        self.assertEqual(revision.customer_agreed_user_id, self.portal_a)
        # what the customer agreed to stays what they read
        self.assertRpcRefused(
            self.staff,
            "lab.order.revision",
            "write",
            [revision.id],
            {"reason": "Something else"},
            message="can no longer be changed",
        )
        self.assertEqual(revision.reason, "A fourth sampling point, asked by e-mail")
