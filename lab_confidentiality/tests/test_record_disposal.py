from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.lab_customer_service.tests.rpc import RpcCase

from .common import ConfidentialityCase


@tagged("post_install", "-at_install")
class TestRecordDisposal(ConfidentialityCase, RpcCase):
    """Disposal at the end of retention is reviewed and recorded (R-RC-02): only the Quality
    Manager or the Director disposes, with a reason, and the register keeps who, what, when and
    why for good."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._signed_nda(cls.contact_a)
        permit = cls._permit(cls.customer_a, areas=cls.area_micro)
        permit.action_request()
        permit.with_user(cls.director).action_approve()
        cls.old_log, cls.new_log = cls.env["lab.visitor.log"].create(
            [
                {
                    "permit_id": permit.id,
                    "visitor_id": cls.contact_a.id,
                    "badge_number": badge,
                    "check_in": cls.visit_start,
                }
                for badge in ("V-01", "V-02")
            ]
        )
        # A visit of four years ago: the log book is kept for three (short class). Its check-in
        # never changes through the ORM, as in any database that has aged.
        cls.env.cr.execute(
            "UPDATE lab_visitor_log SET check_in = check_in - interval '4 years' WHERE id = %s",
            [cls.old_log.id],
        )
        cls.env.invalidate_all()
        cls.Wizard = cls.env["lab.record.disposal.wizard"]

    def _wizard(self, user, logs, reason="Retention ended; reviewed at the records review"):
        return (
            self.Wizard.with_user(user)
            .with_context(active_model="lab.visitor.log", active_ids=logs.ids)
            .create({"reason": reason})
        )

    def test_quality_manager_disposes_an_expired_log_entry(self):
        log = self.old_log
        until = log.lab_retention_until
        self.assertLess(until, self.now.date())
        wizard = self._wizard(self.quality_manager, log)
        self.assertEqual(wizard.res_model, "lab.visitor.log")
        self.assertEqual(wizard.record_count, 1)
        # Without selection, the wizard offers every expired entry of the type, and only them.
        offered = self.Wizard.with_user(self.quality_manager).create(
            {"res_model": "lab.visitor.log", "reason": "x"}
        )
        self.assertIn(log.id, offered.res_ids)
        self.assertNotIn(self.new_log.id, offered.res_ids)
        log_id = log.id
        wizard.action_dispose()
        self.assertFalse(log.exists())
        line = self.env["lab.record.disposal"].with_user(self.quality_manager).search([])
        self.assertEqual(len(line), 1)
        self.assertEqual(line.res_model, "lab.visitor.log")
        self.assertEqual(line.res_id, log_id)
        self.assertEqual(line.record_type, "Visitor Log Book Entry")
        self.assertEqual(line.reference, f"Visitor Log Book Entry #{log_id}")
        self.assertNotIn("Alice", line.reference, "the register keeps no visitor's name")
        self.assertEqual(
            line.retention_class_id, self.env.ref("lab_confidentiality.retention_class_short")
        )
        self.assertEqual(line.retention_until, until)
        self.assertEqual(line.disposed_by_id, self.quality_manager)
        self.assertTrue(line.disposed_on)
        self.assertEqual(line.reason, "Retention ended; reviewed at the records review")
        self.assertEqual(line.company_id, self.env.company)
        # The Director reads the register too; the technical manager does not.
        self.assertEqual(self.env["lab.record.disposal"].with_user(self.director).search([]), line)
        with self.assertRaises(AccessError):
            self.env["lab.record.disposal"].with_user(self.technical_manager).search([])

    def test_a_reason_is_required(self):
        with self.assertRefused(UserError, "Give the reason for the disposal"):
            self.old_log.with_user(self.quality_manager)._lab_dispose("  ")
        self.assertTrue(self.old_log.exists())

    def test_record_not_expired_is_refused(self):
        wizard = self._wizard(self.quality_manager, self.new_log)
        with self.assertRefused(UserError, "must be kept until"):
            wizard.action_dispose()
        self.assertTrue(self.new_log.exists())
        self.assertFalse(self.env["lab.record.disposal"].search([]))

    def test_kept_record_is_deleted_only_through_disposal(self):
        log = self.old_log
        for user in (self.quality_manager, self.director):
            self.assertRpcRefused(
                user, "lab.visitor.log", "unlink", [log.id], message="Dispose of Expired Records"
            )
        self.assertTrue(log.exists())
        self.assertFalse(self.env["lab.record.disposal"].search([]))

    def test_lower_role_is_refused(self):
        log = self.old_log
        for user in (self.technical_manager, self.reception):
            self.assertRpcRefused(user, "lab.visitor.log", "unlink", [log.id])
            wizard_id = self.rpc(
                user,
                "lab.record.disposal.wizard",
                "create",
                {"res_model": "lab.visitor.log", "res_ids": [log.id], "reason": "Tidy up"},
            )
            self.assertRpcRefused(
                user,
                "lab.record.disposal.wizard",
                "action_dispose",
                [wizard_id],
                message="Only the Quality Manager or the Director may dispose of records.",
            )
        with self.assertRefused(AccessError, "Only the Quality Manager or the Director"):
            self._wizard(self.technical_manager, log).action_dispose()
        self.assertTrue(log.exists())
        self.assertFalse(self.env["lab.record.disposal"].search([]))

    def test_register_lines_are_never_changed_or_deleted(self):
        self._wizard(self.quality_manager, self.old_log).action_dispose()
        line = self.env["lab.record.disposal"].search([])
        admin = self.env.ref("base.user_admin")
        self.assertRpcRefused(
            admin,
            "lab.record.disposal",
            "write",
            [line.id],
            {"reason": "Nothing happened"},
            message="can never be changed",
        )
        self.assertRpcRefused(
            admin, "lab.record.disposal", "unlink", [line.id], message="can never be deleted"
        )
        self.assertRpcRefused(
            admin,
            "lab.record.disposal",
            "create",
            {
                "res_model": "lab.visitor.log",
                "record_type": "Visitor Log Book Entry",
                "reference": "forged",
                "disposed_by_id": self.quality_manager.id,
                "disposed_on": "2026-01-01 00:00:00",
                "reason": "forged",
                "company_id": self.env.company.id,
            },
            message="written only by disposing of records",
        )
        with self.assertRefused(UserError, "can never be deleted"):
            line.with_user(admin).sudo().unlink()
        self.assertEqual(line.reason, "Retention ended; reviewed at the records review")
