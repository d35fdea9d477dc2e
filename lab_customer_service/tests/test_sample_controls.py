from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import LabCase
from .rpc import RpcCase, RpcRefused


@tagged("post_install", "-at_install")
class TestSampleControls(LabCase, RpcCase):
    """Issue 15 (R-SR-04, R-SH-01..03, R-RC-01): a sample's state, condition check, consent, legal
    hold, retention end, disposal and return change only through their actions, each checking
    its role, whoever calls over JSON-RPC in a real session."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.test_dust.lab_retention_days = 30
        cls.order = cls._lab_order(cls.customer_a, confirm=True)
        cls.today = cls.now.date()
        cls.received, cls.broken, cls.reported, cls.expired = cls.env["lab.sample"].create(
            [
                {"order_id": cls.order.id},
                {"order_id": cls.order.id, "seal_state": "broken"},
                {
                    "order_id": cls.order.id,
                    "state": "reported",
                    "date_retention_end": cls.today + timedelta(days=5),
                },
                {
                    "order_id": cls.order.id,
                    "state": "reported",
                    "date_retention_end": cls.today - timedelta(days=1),
                },
            ]
        )

    def _sample_count(self):
        return self.env["lab.sample"].search_count([])

    def test_nobody_writes_a_sample_state_over_rpc(self):
        for user in (self.technician, self.reception, self.quality_manager, self.director):
            for state in ("accepted", "in_test", "reported", "disposed"):
                self.assertRpcRefused(
                    user,
                    "lab.sample",
                    "write",
                    [self.received.id],
                    {"state": state},
                    message="action_accept",
                )
        self.assertRpcRefused(
            self.reception,
            "lab.sample",
            "write",
            [self.received.id],
            {"received_by_id": self.director.id},
            message="never changes",
        )
        self.assertEqual(self.received.state, "received")
        self.assertEqual(self.received.received_by_id, self.env.user)
        count = self._sample_count()
        for user in (self.reception, self.technical_manager):
            for vals in (
                {"state": "accepted"},
                {"state": "reported", "date_retention_end": str(self.today)},
                {"condition_checked_by_id": user.id},
            ):
                self.assertRpcRefused(
                    user,
                    "lab.sample",
                    "create",
                    [{"order_id": self.order.id, **vals}],
                    message="changes only through its action",
                )
        self.assertEqual(self._sample_count(), count)
        # the Sample Reception Officer, through the action
        self.rpc(self.reception, "lab.sample", "action_accept", [self.received.id])
        self.assertEqual(self.received.state, "accepted")
        self.assertEqual(self.received.condition_checked_by_id, self.reception)

    def test_acceptance_keeps_its_condition_check(self):
        """R-SR-04: a sample failing its method's conditions is accepted only with the customer's
        written consent, recorded by its action; the condition checked stays as it was."""
        sample = self.broken
        self.assertRpcRefused(
            self.reception, "lab.sample", "write", [sample.id], {"state": "accepted"}
        )
        consent = {"is_customer_consent": True, "consent_reservation": "Seal broken on receipt."}
        self.assertRpcRefused(
            self.reception,
            "lab.sample",
            "write",
            [sample.id],
            consent,
            message="action_accept_with_consent",
        )
        count = self._sample_count()
        self.assertRpcRefused(
            self.reception,
            "lab.sample",
            "create",
            [{"order_id": self.order.id, "seal_state": "broken", **consent}],
            message="action_accept_with_consent",
        )
        self.assertEqual(self._sample_count(), count)
        self.assertRpcRefused(
            self.reception,
            "lab.sample",
            "action_accept",
            [sample.id],
            message="does not meet its method's conditions",
        )
        self.assertRpcRefused(
            self.technician,
            "lab.sample",
            "action_accept_with_consent",
            [sample.id],
            "Seal broken on receipt.",
            message="Only the Sample Reception Officer",
        )
        self.assertRpcRefused(
            self.reception,
            "lab.sample",
            "action_accept_with_consent",
            [sample.id],
            "  ",
            message="reservation",
        )
        self.assertEqual(sample.state, "received")
        self.assertFalse(sample.is_customer_consent)
        self.assertFalse(sample.condition_checked_by_id)
        # the Sample Reception Officer records the consent; the sample is accepted with it
        self.rpc(
            self.reception,
            "lab.sample",
            "action_accept_with_consent",
            [sample.id],
            "Seal broken on receipt.",
        )
        self.assertEqual(sample.state, "accepted")
        self.assertTrue(sample.is_customer_consent)
        self.assertEqual(sample.consent_reservation, "Seal broken on receipt.")
        self.assertEqual(sample.condition_checked_by_id, self.reception)
        # what was checked is not rewritten afterwards
        for vals in (
            {"seal_state": "intact"},
            {"date_received": fields.Datetime.to_string(self.now - timedelta(days=1))},
        ):
            self.assertRpcRefused(
                self.reception,
                "lab.sample",
                "write",
                [sample.id],
                vals,
                message="can no longer be changed",
            )
        self.assertRpcRefused(
            self.reception,
            "lab.sample",
            "write",
            [sample.id],
            {"is_customer_consent": False},
            message="action_accept_with_consent",
        )
        self.assertEqual(sample.seal_state, "broken")
        self.assertTrue(sample.is_customer_consent)

    def test_analysis_starts_through_its_action(self):
        self.received.with_user(self.reception).action_accept()
        self.assertRpcRefused(
            self.technician,
            "lab.sample",
            "write",
            [self.received.id],
            {"state": "in_test"},
            message="action_start_test",
        )
        self.assertRpcRefused(self.staff, "lab.sample", "action_start_test", [self.received.id])
        self.assertRpcRefused(
            self.technician,
            "lab.sample",
            "action_start_test",
            [self.broken.id],
            message="Only accepted samples",
        )
        self.assertEqual(self.received.state, "accepted")
        self.assertEqual(self.broken.state, "received")
        self.rpc(self.technician, "lab.sample", "action_start_test", [self.received.id])
        self.assertEqual(self.received.state, "in_test")

    def test_legal_hold_only_through_its_action(self):
        """R-SH-01, R-RC-01: the Quality Manager or the Director sets and lifts a legal hold, with
        its reason; nobody writes it."""
        sample = self.expired
        hold = {"is_legal_hold": True, "legal_hold_note": "Objection 12"}
        for user in (self.technician, self.technical_manager, self.quality_manager, self.director):
            self.assertRpcRefused(
                user, "lab.sample", "write", [sample.id], hold, message="action_set_legal_hold"
            )
        count = self._sample_count()
        self.assertRpcRefused(
            self.reception,
            "lab.sample",
            "create",
            [{"order_id": self.order.id, **hold}],
            message="action_set_legal_hold",
        )
        self.assertEqual(self._sample_count(), count)
        for user in (self.technical_manager, self.reception):
            self.assertRpcRefused(
                user,
                "lab.sample",
                "action_set_legal_hold",
                [sample.id],
                "Objection 12",
                message="Quality Manager or the Director",
            )
        self.assertRpcRefused(
            self.quality_manager,
            "lab.sample",
            "action_set_legal_hold",
            [sample.id],
            "",
            message="reason",
        )
        self.assertFalse(sample.is_legal_hold)
        self.rpc(
            self.quality_manager, "lab.sample", "action_set_legal_hold", [sample.id], "Objection 12"
        )
        self.assertTrue(sample.is_legal_hold)
        self.assertEqual(sample.legal_hold_note, "Objection 12")
        # lifted: not by a write, not by a role below
        for user in (self.technician, self.quality_manager, self.director):
            self.assertRpcRefused(
                user,
                "lab.sample",
                "write",
                [sample.id],
                {"is_legal_hold": False},
                message="action_lift_legal_hold",
            )
        self.assertRpcRefused(
            self.technical_manager,
            "lab.sample",
            "action_lift_legal_hold",
            [sample.id],
            message="Quality Manager or the Director",
        )
        self.assertTrue(sample.is_legal_hold)
        self.rpc(self.director, "lab.sample", "action_lift_legal_hold", [sample.id])
        self.assertFalse(sample.is_legal_hold)
        self.assertFalse(sample.legal_hold_note)

    def test_disposal_only_after_retention_and_never_under_hold(self):
        """R-SH-01: the disposal record is the one way out, checked there; the retention end
        comes from the report's release only."""

        def dispose(user, sample):
            return self.rpc(
                user,
                "lab.sample.disposal",
                "create",
                [{"sample_ids": [fields.Command.set(sample.ids)], "method": "incineration"}],
            )

        past = str(self.today - timedelta(days=10))
        for user in (self.technician, self.supervisor, self.director):
            self.assertRpcRefused(
                user,
                "lab.sample",
                "write",
                [self.reported.id],
                {"state": "disposed"},
                message="_lab_dispose",
            )
            self.assertRpcRefused(
                user,
                "lab.sample",
                "write",
                [self.reported.id],
                {"date_retention_end": past},
                message="_lab_report_released",
            )
        with self.assertRaisesRegex(RpcRefused, "must be retained until"):
            dispose(self.supervisor, self.reported)
        self.assertEqual(self.reported.state, "reported")
        self.assertEqual(self.reported.date_retention_end, self.today + timedelta(days=5))
        # retention over, but under a legal hold
        self.expired.with_user(self.quality_manager).action_set_legal_hold("Objection 12")
        with self.assertRaisesRegex(RpcRefused, "legal hold"):
            dispose(self.supervisor, self.expired)
        self.assertEqual(self.expired.state, "reported")
        self.assertFalse(
            self.env["lab.sample.disposal"].search(
                [("sample_ids", "in", (self.reported | self.expired).ids)]
            )
        )
        # hold lifted: the technician still may not, the supervisor may
        self.expired.with_user(self.quality_manager).action_lift_legal_hold()
        with self.assertRaises(RpcRefused):
            dispose(self.technician, self.expired)
        [disposal_id] = dispose(self.supervisor, self.expired)
        disposal = self.env["lab.sample.disposal"].browse(disposal_id)
        self.assertEqual(self.expired.state, "disposed")
        self.assertEqual(self.expired.disposal_id, disposal)
        self.assertEqual(disposal.disposed_by_id, self.supervisor)
        # the record keeps who, when and how; the disposed sample is closed
        for vals in (
            {"disposed_by_id": self.technician.id},
            {"date": fields.Datetime.to_string(self.now - timedelta(days=30))},
            {"method": "drain"},
        ):
            self.assertRpcRefused(
                self.supervisor,
                "lab.sample.disposal",
                "write",
                [disposal_id],
                vals,
                message="who disposed",
            )
        self.assertRpcRefused(
            self.supervisor,
            "lab.sample",
            "write",
            [self.expired.id],
            {"description": "never disposed"},
            message="can no longer be changed",
        )
        self.assertEqual(disposal.disposed_by_id, self.supervisor)
        self.assertEqual(disposal.method, "incineration")
        self.assertFalse(self.expired.description)

    def test_release_reports_the_samples_and_starts_their_retention(self):
        """R-SH-01: only the report's release marks samples reported and dates their
        retention."""
        sample = self.received
        sample.with_user(self.reception).action_accept()
        for user in (self.reception, self.technical_manager):
            self.assertRpcRefused(
                user,
                "lab.sample",
                "write",
                [sample.id],
                {"state": "reported", "date_retention_end": str(self.today)},
            )
        self.assertEqual(sample.state, "accepted")
        self.assertFalse(sample.date_retention_end)
        report = self.env["lab.test.report"].create(
            {"order_id": self.order.id, "sample_ids": [fields.Command.set(sample.ids)]}
        )
        report.attachment_ids = self.env["ir.attachment"].create(
            {"name": "report.pdf", "raw": b"%PDF-1.4 report", "mimetype": "application/pdf"}
        )
        self.rpc(self.technician, "lab.test.report", "action_prepare", [report.id])
        self.rpc(self.quality_manager, "lab.test.report", "action_review", [report.id])
        self.rpc(self.technical_manager, "lab.test.report", "action_release", [report.id])
        self.assertEqual(sample.state, "reported")
        self.assertEqual(
            sample.date_retention_end, report.date_released.date() + timedelta(days=30)
        )

    def test_retest_and_return_through_their_actions(self):
        """R-SH-02, R-SH-03"""
        sample = self.reported
        self.assertRpcRefused(
            self.reception,
            "lab.sample",
            "write",
            [sample.id],
            {"state": "accepted", "retest_count": 1},
            message="action_request_retest",
        )
        self.assertRpcRefused(
            self.technician,
            "lab.sample",
            "action_request_retest",
            [sample.id],
            message="Sample Reception Officer",
        )
        self.assertEqual((sample.state, sample.retest_count), ("reported", 0))
        self.rpc(self.reception, "lab.sample", "action_request_retest", [sample.id])
        self.assertEqual((sample.state, sample.retest_count), ("accepted", 1))
        # a return: the samples leave through the return record only
        left = self.expired
        self.assertRpcRefused(
            self.reception,
            "lab.sample",
            "write",
            [left.id],
            {"state": "returned"},
            message="_lab_return",
        )
        [return_id] = self.rpc(
            self.reception,
            "lab.sample.return",
            "create",
            [{"sample_ids": [fields.Command.set(left.ids)]}],
        )
        record = self.env["lab.sample.return"].browse(return_id)
        self.assertEqual(left.state, "returned")
        self.assertEqual(left.return_id, record)
        now = fields.Datetime.to_string(self.now)
        for vals in (
            {"date_receipt": now},
            {"handed_over_by_id": self.director.id},
            {"date": now},
        ):
            self.assertRpcRefused(self.reception, "lab.sample.return", "write", [return_id], vals)
        self.assertFalse(record.date_receipt)
        self.assertEqual(record.handed_over_by_id, self.reception)
        self.rpc(
            self.reception, "lab.sample.return", "write", [return_id], {"receipt_name": "Ayse K."}
        )
        self.assertRpcRefused(
            self.staff, "lab.sample.return", "action_confirm_receipt", [return_id]
        )
        self.assertFalse(record.date_receipt)
        self.rpc(self.reception, "lab.sample.return", "action_confirm_receipt", [return_id])
        self.assertTrue(record.date_receipt)
        self.assertRpcRefused(
            self.reception,
            "lab.sample.return",
            "write",
            [return_id],
            {"receipt_name": "Somebody else"},
            message="receipt",
        )
        self.assertEqual(record.receipt_name, "Ayse K.")

    def test_samples_join_a_report_on_the_report_only(self):
        """R-RP-01: linking from the sample's side would slip a sample into (or out of) a
        released report, around its frozen state."""
        report = self.env["lab.test.report"].create(
            {"order_id": self.order.id, "sample_ids": [fields.Command.set(self.reported.ids)]}
        )
        report.attachment_ids = self.env["ir.attachment"].create(
            {"name": "report.pdf", "raw": b"%PDF-1.4 report", "mimetype": "application/pdf"}
        )
        report.with_user(self.technician).action_prepare()
        report.with_user(self.quality_manager).action_review()
        report.with_user(self.technical_manager).action_release()
        for sample, command in (
            (self.received, fields.Command.link(report.id)),
            (self.reported, fields.Command.clear()),
            (self.reported, fields.Command.unlink(report.id)),
        ):
            self.assertRpcRefused(
                self.technician,
                "lab.sample",
                "write",
                [sample.id],
                {"report_ids": [command]},
                message="chosen on the report",
            )
        count = self._sample_count()
        self.assertRpcRefused(
            self.reception,
            "lab.sample",
            "create",
            [{"order_id": self.order.id, "report_ids": [fields.Command.link(report.id)]}],
            message="chosen on the report",
        )
        self.assertEqual(self._sample_count(), count)
        self.assertEqual(report.sample_ids, self.reported)

    def test_a_delivery_registers_received_samples_only(self):
        """R-SR-06: the bulk insert of a delivery checks what create checks, including the
        context defaults a client sends with the wizard's button."""
        [wizard_id] = self.rpc(
            self.reception,
            "lab.sample.reception.wizard",
            "create",
            [{"order_id": self.order.id, "sample_count": 3, "print_labels": False}],
        )
        before = self.order.lab_sample_ids
        for context in (
            {"default_state": "accepted"},
            {"default_is_legal_hold": True},
            {"default_date_retention_end": str(self.today)},
            {"default_condition_checked_by_id": self.reception.id},
        ):
            self.assertRpcRefused(
                self.reception,
                "lab.sample.reception.wizard",
                "action_register",
                [wizard_id],
                context=context,
                message="changes only through its action",
            )
        self.assertEqual(self.order.lab_sample_ids, before)
        self.assertRpcRefused(
            self.technician, "lab.sample.reception.wizard", "action_register", [wizard_id]
        )
        self.assertEqual(self.order.lab_sample_ids, before)
        self.rpc(self.reception, "lab.sample.reception.wizard", "action_register", [wizard_id])
        new = self.order.lab_sample_ids - before
        self.assertEqual(len(new), 3)
        self.assertEqual(set(new.mapped("state")), {"received"})
        self.assertFalse(any(new.mapped("is_legal_hold")))

    def test_codes_come_from_the_orders_company(self):
        """R-SR-02: a delivery for another company's order takes that company's codes, whichever
        company the receptionist works in."""
        other = self.env["res.company"].create({"name": "Second Lab"})
        self.env["ir.sequence"].create(
            {
                "name": "Second Lab Samples",
                "code": "lab.sample",
                "prefix": "SL2-",
                "padding": 5,
                "company_id": other.id,
            }
        )
        for user in (self.reception, self.staff, self.deputy):
            user.company_ids |= other
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_b.id,
                "company_id": other.id,
                "order_line": [fields.Command.create({"product_id": self.test_dust.id})],
            }
        )
        self._confirm_lab_order(order)
        self.assertEqual(self.reception.company_id, self.env.company, "works in the first lab")
        wizard = (
            self.env["lab.sample.reception.wizard"]
            .with_user(self.reception)
            .create({"order_id": order.id, "sample_count": 3, "print_labels": False})
        )
        samples = wizard._lab_register()
        self.assertEqual(samples.company_id, other)
        self.assertTrue(all(code.startswith("SL2-") for code in samples.mapped("name")))
        one = self.env["lab.sample"].with_user(self.reception).create({"order_id": order.id})
        self.assertEqual(one.company_id, other)
        self.assertTrue(one.name.startswith("SL2-"))
        here = self.env["lab.sample"].with_user(self.reception).create({"order_id": self.order.id})
        self.assertFalse(here.name.startswith("SL2-"))
