from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestCorrectiveActions(ComplaintCase):
    def _decided(self):
        complaint = self._validate(
            self._complaint(report_id=False, sample_ids=[(6, 0, self.sample_a1.ids)])
        )
        self._decide(complaint)
        return complaint

    def test_action_is_linked_both_ways(self):
        complaint = self._validate(self._complaint())
        result = complaint.with_user(self.quality_manager).action_new_action()
        action = self.env["mgmtsystem.action"].browse(result["res_id"])
        self.assertEqual(action.complaint_id, complaint)
        self.assertEqual(complaint.with_user(self.quality_manager).action_ids, action)
        self.assertEqual(complaint.open_action_count, 1, "staff see how many actions are open")
        self.assertIn(complaint.name, action.name)
        self.assertEqual(action.type_action, "correction")
        with self.assertRaises(AccessError):
            complaint.with_user(self.staff).action_new_action()

    def test_cannot_close_with_open_actions_without_reason(self):
        complaint = self._decided()
        action = self.env["mgmtsystem.action"].browse(
            complaint.with_user(self.quality_manager).action_new_action()["res_id"]
        )
        with self.assertRaises(UserError) as refusal:
            complaint.with_user(self.quality_manager).action_close()
        self.assertIn(action.reference, str(refusal.exception))
        self.assertEqual(complaint.step, "decided")
        self.assertTrue(self.sample_a1.is_legal_hold, "still held while open")

        # A reason, but recorded by somebody who did not decide: refused.
        complaint.with_user(self.quality_manager).open_actions_reason = "Action runs for months."
        other_quality_manager = self.deputy
        with self.assertRaisesRegex(UserError, self.quality_manager.name):
            complaint.with_user(other_quality_manager).action_close()

        complaint.with_user(self.quality_manager).action_close()
        self.assertEqual(complaint.step, "closed")
        self.assertTrue(complaint.date_closed)
        self.assertFalse(self.sample_a1.is_legal_hold, "hold lifted on closing")
        self.assertTrue(
            any("Action runs for months" in body for body in complaint.message_ids.mapped("body")),
            "the reason is in the chatter",
        )

    def test_close_after_actions_closed_sends_outcome_letter(self):
        complaint = self._decided()
        action = self.env["mgmtsystem.action"].browse(
            complaint.with_user(self.quality_manager).action_new_action()["res_id"]
        )
        action.stage_id = self.env.ref("mgmtsystem_action.stage_close")
        self.assertEqual(complaint.open_action_count, 0)
        complaint.with_user(self.director).action_close()
        self.assertEqual(complaint.step, "closed")
        letter = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [("model", "=", "lab.complaint"), ("res_id", "=", complaint.id)],
                order="id desc",
                limit=1,
            )
        )
        self.assertIn("our answer", letter.subject)
        self.assertIn("free of charge", letter.body_html)
        self.assertEqual(letter.recipient_ids, self.contact_a)
        self.assertEqual(len(letter.attachment_ids), 1)
        self.assertTrue(letter.attachment_ids.name.startswith(f"Outcome - {complaint.name}"))
        # Under test, Odoo renders reports as HTML instead of calling wkhtmltopdf.
        self.assertIn(b"free of charge", letter.attachment_ids.raw)
        self.assertNotIn(b"calibration", letter.attachment_ids.raw)
        self.assertNotIn("calibration", letter.body_html, "validation reasons stay inside")

    def test_staff_cannot_close(self):
        complaint = self._decided()
        with self.assertRaises(AccessError):
            complaint.with_user(self.staff).action_close()

    def test_moving_the_card_to_closed_is_refused(self):
        """The stage changes only through Close and its guard (issue 15): moving the card, or
        writing the stage, is refused even to the Quality Manager with no action open."""
        complaint = self._decided()
        with self.assertRaisesRegex(UserError, "action_close"):
            complaint.with_user(self.quality_manager).write({"stage_id": self.stage["closed"].id})
        complaint.with_user(self.quality_manager).action_new_action()
        with self.assertRaisesRegex(UserError, "action_close"):
            complaint.with_user(self.quality_manager).write({"stage_id": self.stage["closed"].id})
        with self.assertRaisesRegex(UserError, "cannot close"):
            complaint.with_user(self.quality_manager).action_close()
        self.assertEqual(complaint.step, "decided")
        self.assertFalse(complaint.date_closed)
