import json
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ConfidentialityCase


@tagged("post_install", "-at_install")
class TestRetention(ConfidentialityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sample = cls._samples(cls.customer_a, cls.loc_grav)
        cls.long_class = cls.env.ref("lab_confidentiality.retention_class_long")

    def test_protected_record_cannot_be_deleted_before_retention_ends(self):
        sample = self.sample
        until = sample.date_received.date().replace(year=sample.date_received.year + 10)
        self.assertEqual(sample.lab_retention_until, until)
        with self.assertRefused(UserError, "must be kept until"):
            sample.unlink()
        self.assertTrue(sample.exists())
        # The class is configurable: at 1 year, the sample may go after a year.
        self.long_class.retention_years = 1
        sample.invalidate_recordset(["lab_retention_until"])
        with freeze_time(sample.date_received + timedelta(days=367)):
            sample.invalidate_recordset(["lab_retention_until"])
            sample.unlink()
        self.assertFalse(sample.exists())

    def test_contract_review_is_kept_with_its_order(self):
        """R-RC-01 for the contract review records of lab_customer_service (17025 §7.1.8)."""
        order = self._lab_order(self.customer_a)
        draft_review = order.lab_review_id
        self.assertFalse(draft_review.lab_retention_until, "an unsubmitted review is a draft")
        self._approve_lab_review(order)
        draft_review.invalidate_recordset(["lab_retention_until"])
        self.assertTrue(draft_review.lab_retention_until)
        with self.assertRefused(UserError, "must be kept until"):
            draft_review.unlink()
        order.with_user(self.staff).action_cancel()
        with self.assertRefused(UserError, "must be kept until"):
            order.unlink()
        self.assertTrue(draft_review.exists())

    def test_legal_hold_and_permanent_class_stop_disposal(self):
        sample = self.sample
        sample.write({"is_legal_hold": True, "legal_hold_note": "Objection by the customer"})
        with self.assertRefused(UserError, "cannot be disposed of"):
            sample.with_user(self.reception).state = "disposed"
        self.assertEqual(sample.state, "received")
        with freeze_time(sample.date_received + timedelta(days=365 * 11)):
            with self.assertRefused(UserError, "legal hold"):
                sample.unlink()
        sample.is_legal_hold = False
        permanent = self.env.ref("lab_confidentiality.retention_class_permanent")
        self.long_class.model_ids = [(3, self.env["ir.model"]._get("lab.sample").id)]
        permanent.model_ids = [(4, self.env["ir.model"]._get("lab.sample").id)]
        sample.invalidate_recordset(["lab_retention_until"])
        self.assertFalse(sample.lab_retention_until)
        with freeze_time(sample.date_received + timedelta(days=365 * 50)):
            with self.assertRefused(UserError, "kept permanently"):
                sample.unlink()

    def test_draft_permit_is_not_yet_a_record(self):
        draft = self._permit(self.customer_a)
        self.assertFalse(draft.lab_retention_until)
        draft.with_user(self.quality_manager).unlink()
        requested = self._permit(self.customer_a, visitors=self.contact_a)
        requested.action_request()
        with self.assertRaises(UserError):
            requested.with_user(self.quality_manager).unlink()

    def test_messages_and_tracking_cannot_be_deleted_or_rewritten(self):
        sample = self.sample.with_context(tracking_disable=False, mail_notrack=False)
        # Records created in this transaction are not tracked until it is committed.
        self.env.flush_all()
        self.env.cr.precommit.run()
        sample.message_post(body="Seal intact on arrival", message_type="comment")
        sample.write({"date_expected": sample.date_received.date() + timedelta(days=7)})
        self.env.flush_all()
        self.env.cr.precommit.run()
        sample.invalidate_recordset(["message_ids"])
        comment = sample.message_ids.filtered(lambda m: m.message_type == "comment")
        tracking = sample.message_ids.tracking_value_ids
        self.assertTrue(comment)
        self.assertTrue(tracking, "the state change was tracked")
        with self.assertRefused(UserError, "cannot be deleted"):
            comment.unlink()
        with self.assertRefused(UserError, "cannot be rewritten"):
            comment.write({"body": "<p>Seal broken</p>"})
        with self.assertRefused(UserError, "cannot be rewritten"):
            tracking.write({"new_value_char": "Something else"})
        with self.assertRaises(UserError):
            tracking.unlink()
        self.assertIn("Seal intact", str(comment.body))
        # A message of an unprotected record keeps Odoo's behaviour.
        other = self.customer_a.message_post(body="note", message_type="comment")
        other.unlink()

    def test_retention_classes_refuse_ambiguity(self):
        short = self.env.ref("lab_confidentiality.retention_class_short")
        with self.assertRefused(Exception, "two retention classes"):
            short.model_ids = [(4, self.env["ir.model"]._get("lab.sample").id)]

    def test_anonymisation_after_retention(self):
        self._signed_nda(self.contact_a)
        permit = self._permit(self.customer_a, areas=self.area_micro)
        permit.action_request()
        permit.with_user(self.director).action_approve()
        log = self.env["lab.visitor.log"].create(
            {
                "permit_id": permit.id,
                "visitor_id": self.contact_a.id,
                "badge_number": "V-01",
                "id_document": "TR-12345678901",
                "check_in": self.visit_start,
            }
        )
        Permit = self.env["lab.visit.permit"]
        with freeze_time(self.visit_start + timedelta(days=365)):
            permits, logs = Permit._cron_anonymise()
            self.assertNotIn(log, logs, "the log book keeps names for 3 years")
        with freeze_time(self.visit_start + timedelta(days=365 * 3 + 2)):
            permits, logs = Permit._cron_anonymise()
        self.assertIn(log, logs)
        self.assertNotIn(permit, permits, "permits keep visitors for 10 years")
        self.assertEqual(log.visitor_name, "Anonymised visitor")
        self.assertFalse(log.id_document or log.visitor_id)
        self.assertTrue(log.is_anonymised)
        self.assertIn("anonymised", log.message_ids[0].body)
        self.assertEqual(log.badge_number, "V-01", "the visit itself stays in the book")
        with freeze_time(self.visit_start + timedelta(days=365 * 10 + 4)):
            permits, logs = Permit._cron_anonymise()
        self.assertIn(permit, permits)
        self.assertFalse(permit.visitor_ids)
        self.assertTrue(permit.date_anonymised)
        self.assertIn("1 visitors", permit.message_ids[0].body)

    def test_personal_data_export(self):
        self._signed_nda(self.contact_a)
        action = self.contact_a.with_user(self.quality_manager).action_lab_export_personal_data()
        attachment_id = int(action["url"].split("/")[-1].split("?")[0])
        data = json.loads(self.env["ir.attachment"].browse(attachment_id).raw)
        self.assertEqual(data["person"]["name"], "Alice A")
        self.assertEqual(len(data["confidentiality_agreements"]), 1)
        with self.assertRaises(AccessError):
            self.contact_a.with_user(self.technician).action_lab_export_personal_data()

    def test_exporting_customer_data_needs_the_dedicated_group(self):
        export_group = self.env.ref("base.group_allow_export")
        self.quality_manager.group_ids = [(4, export_group.id)]
        samples = self.sample.with_user(self.quality_manager)
        # A sample's code alone is not customer data (R-SR-02); with its customer it is.
        self.assertEqual(samples.export_data(["name"])["datas"], [[self.sample.name]])
        with self.assertRefused(UserError, "Export Customer Data"):
            samples.export_data(["name", "partner_id/name"])
        permit = self._permit(self.customer_a).with_user(self.quality_manager)
        with self.assertRefused(UserError, "Export Customer Data"):
            permit.export_data(["name"])
        self.quality_manager.group_ids = [
            (4, self.env.ref("lab_confidentiality.group_lab_export_customer_data").id)
        ]
        self.assertEqual(
            samples.export_data(["name", "partner_id/name"])["datas"],
            [[self.sample.name, "Customer A Steel"]],
        )
        self.assertEqual(permit.export_data(["name"])["datas"], [[permit.name]])
        # Other data keeps Odoo's own export right.
        staff = self.staff
        staff.group_ids = [(4, export_group.id)]
        self.assertTrue(self.test_dust.with_user(staff).export_data(["name"])["datas"])
        with self.assertRefused(UserError, "Export Customer Data"):
            self.sample.order_id.with_user(staff).export_data(["name"])
