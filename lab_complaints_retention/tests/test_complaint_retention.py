import json
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.lab_complaints.tests.common import ComplaintCase
from odoo.addons.lab_complaints.tests.test_anonymous import identity_leaks


@tagged("post_install", "-at_install")
class TestComplaintRetention(ComplaintCase):
    """Complaints and appeals are kept for their retention period (R-RC-01) and their
    complainants' data leaves on request (R-CF-08), anonymous ones staying anonymous (R-CP-02)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.long_class = cls.env.ref("lab_confidentiality.retention_class_long")
        cls.complaint_model = cls.env["ir.model"]._get("lab.complaint")

    def _received_days_ago(self, days, **values):
        """A complaint filed ``days`` ago: the receipt date is never rewritten (issue 15)."""
        with freeze_time(self.now - timedelta(days=days)):
            return self._complaint(**values)

    def _tracked(self, records):
        """Let the chatter track ``records`` as it does after a commit."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        records.invalidate_recordset(["message_ids"])

    def test_complaints_are_in_the_long_class(self):
        self.assertIn(self.complaint_model, self.long_class.model_ids)
        self.assertEqual(
            self.env["lab.retention.class"]._for_model("lab.complaint"), self.long_class
        )

    def test_complaint_cannot_be_deleted_before_retention_ends(self):
        complaint = self._complaint()
        received = complaint.date_received.date()
        self.assertEqual(complaint.lab_retention_until, received + relativedelta(years=10))
        with self.assertRaisesRegex(UserError, "must be kept until"):
            complaint.with_user(self.quality_manager).unlink()
        with self.assertRaisesRegex(UserError, "must be kept until"):
            complaint.with_user(self.director).unlink()
        with self.assertRaisesRegex(UserError, "must be kept until"):
            complaint.sudo().unlink()
        # Staff may not delete complaints at all; before the end the retention guard of the
        # messages, which Odoo deletes first, already refuses.
        with self.assertRaises(UserError):
            complaint.with_user(self.staff).unlink()
        self.assertTrue(complaint.exists())
        # A letter nobody was mailed about has no message: the complaint itself refuses.
        letter = self._complaint(channel="letter", partner_id=False, complainant_name="Mr Yilmaz")
        self.assertFalse(letter.sudo().message_ids)
        with self.assertRaisesRegex(UserError, "must be kept until"):
            letter.with_user(self.quality_manager).unlink()
        self.assertTrue(letter.exists())

    def test_appeal_is_kept_like_any_complaint(self):
        appeal = self._complaint(complaint_type="appeal")
        self.assertEqual(appeal.report_id, self.report_a)
        self.assertTrue(appeal.lab_retention_until)
        with self.assertRaisesRegex(UserError, "must be kept until"):
            appeal.with_user(self.quality_manager).unlink()

    def test_retention_runs_from_closing(self):
        complaint = self._received_days_ago(400)
        open_until = complaint.lab_retention_until
        self._validate(complaint)
        self._decide(complaint)
        complaint.with_user(self.quality_manager).action_close()
        complaint.invalidate_recordset(["lab_retention_until"])
        closed = complaint.date_closed.date()
        self.assertEqual(complaint.lab_retention_until, closed + relativedelta(years=10))
        self.assertGreater(complaint.lab_retention_until, open_until)

    def test_quality_manager_disposes_after_retention_ends(self):
        complaint = self._received_days_ago(367)
        complaint.with_user(self.staff).message_post(body="Called back", message_type="comment")
        messages = complaint.message_ids
        self.assertTrue(messages)
        # The class is configurable without code: at one year, a complaint may go after a year.
        self.long_class.retention_years = 1
        complaint.invalidate_recordset(["lab_retention_until"])
        received = complaint.date_received.date()
        self.assertEqual(complaint.lab_retention_until, received + relativedelta(years=1))
        with self.assertRaises(AccessError):
            complaint.with_user(self.staff)._lab_dispose("Retention ended")
        # Deleted only through the disposal register (R-RC-02), never directly.
        for user in (self.staff, self.quality_manager):
            with self.assertRaisesRegex(UserError, "Dispose of Expired Records"):
                complaint.with_user(user).unlink()
        name = complaint.name
        complaint.with_user(self.quality_manager)._lab_dispose("Retention ended")
        self.assertFalse(complaint.exists())
        self.assertFalse(messages.exists(), "its history goes with it")
        line = self.env["lab.record.disposal"].search([("res_model", "=", "lab.complaint")])
        self.assertEqual(line.reference, name)
        self.assertEqual(line.disposed_by_id, self.quality_manager)
        self.assertEqual(line.retention_class_id, self.long_class)

    def test_ten_years_by_default(self):
        complaint = self._complaint()
        received = complaint.date_received
        with freeze_time(received + timedelta(days=365 * 10 - 5)):
            complaint.invalidate_recordset(["lab_retention_until"])
            with self.assertRaisesRegex(UserError, "must be kept until"):
                complaint.with_user(self.quality_manager).unlink()
        with freeze_time(received + timedelta(days=365 * 10 + 3)):
            complaint.invalidate_recordset(["lab_retention_until"])
            complaint.with_user(self.quality_manager)._lab_dispose("Ten years have passed")
        self.assertFalse(complaint.exists())

    def test_permanent_class_keeps_complaints_for_ever(self):
        permanent = self.env.ref("lab_confidentiality.retention_class_permanent")
        self.long_class.model_ids = [(3, self.complaint_model.id)]
        permanent.model_ids = [(4, self.complaint_model.id)]
        complaint = self._complaint()
        self.assertFalse(complaint.lab_retention_until)
        with freeze_time(complaint.date_received + timedelta(days=365 * 50)):
            with self.assertRaisesRegex(UserError, "kept permanently"):
                complaint.with_user(self.quality_manager).unlink()

    def test_messages_and_tracking_cannot_be_deleted_or_rewritten(self):
        complaint = (
            self._complaint().sudo().with_context(tracking_disable=False, mail_notrack=False)
        )
        self._tracked(complaint)
        as_staff = complaint.with_user(self.staff)
        note = as_staff.message_post(body="Customer called back", message_type="comment")
        as_staff.user_id = self.quality_manager
        self._tracked(complaint)
        tracking = complaint.message_ids.tracking_value_ids
        self.assertTrue(tracking, "the new responsible was tracked")
        # Staff write complaints, which would let them delete and edit their messages.
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            note.with_user(self.staff).unlink()
        with self.assertRaisesRegex(UserError, "cannot be rewritten"):
            note.with_user(self.staff).write({"body": "<p>Nobody called</p>"})
        with self.assertRaisesRegex(UserError, "cannot be rewritten"):
            tracking.sudo().write({"new_value_char": "Somebody else"})
        with self.assertRaises(UserError):
            tracking.sudo().unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            note.with_user(self.quality_manager).unlink()
        self.assertIn("Customer called back", str(note.body))

    def test_anonymous_complaint_stays_anonymous_and_kept(self):
        Wizard = self.env["lab.complaint.concern.wizard"].with_user(self.technician)
        Wizard.create(
            {
                "is_anonymous": True,
                "subject": "Pressure to round results",
                "description": "A result was rounded down on request.",
            }
        ).action_submit()
        complaint = self.Complaint.sudo().search([("subject", "=", "Pressure to round results")])
        self.assertTrue(complaint.is_anonymous)
        self.assertTrue(complaint.lab_retention_until)
        needles = [self.technician.name, self.technician.login, self.technician.email]
        leaks, messages, _followers = identity_leaks(self.env, complaint, needles)
        self.assertEqual(leaks, [], "retention adds no trace of the filer")
        with self.assertRaisesRegex(UserError, "must be kept until"):
            complaint.with_user(self.quality_manager).unlink()
        # Nobody can later put a name on the anonymous receipt.
        with self.assertRaisesRegex(UserError, "cannot be rewritten"):
            messages.sudo().write({"author_id": self.technician.partner_id.id})
        self.assertFalse(messages.author_id)
        # The filer's personal data holds no anonymous complaint.
        data = self.technician.partner_id._lab_personal_data()
        self.assertEqual(data["complaints_and_appeals"], [])

    def test_personal_data_export_lists_the_persons_complaints(self):
        named = self._complaint(subject="Seal broken on arrival")
        self.Complaint._lab_create_anonymous([{"subject": "Noise at night", "channel": "phone"}])
        action = self.contact_a.with_user(self.quality_manager).action_lab_export_personal_data()
        attachment_id = int(action["url"].split("/")[-1].split("?")[0])
        data = json.loads(self.env["ir.attachment"].browse(attachment_id).raw)
        complaints = data["complaints_and_appeals"]
        self.assertEqual([c["reference"] for c in complaints], [named.name])
        self.assertEqual(complaints[0]["subject"], "Seal broken on arrival")
        self.assertIn("ten times last year", complaints[0]["description"])
        with self.assertRaises(AccessError):
            self.contact_a.with_user(self.technician).action_lab_export_personal_data()
