from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import Form, tagged

from odoo.addons.lab_customer_service.tests.rpc import RpcCase

from .common import ComplaintCase

COMPLAINT = "lab.complaint"


@tagged("post_install", "-at_install")
class TestComplaintControls(ComplaintCase, RpcCase):
    """Issue 15, R-CP-01, R-CP-03, R-CP-04, R-CP-07: a complaint's receipt, steps, validation,
    decision, appeal deadline and feedback change only through their actions, whoever calls
    over JSON-RPC in a real session."""

    def _decided(self):
        complaint = self._validate(self._complaint())
        self._decide(complaint)
        return complaint

    def _new_complaints(self):
        return self.Complaint.sudo().search([("id", ">", self.last_complaint_id)])

    def _create_refused(self, user, **values):
        before = self._new_complaints()
        self.assertRpcRefused(
            user,
            COMPLAINT,
            "create",
            [
                {
                    "subject": "Forged complaint",
                    "channel": "phone",
                    "partner_id": self.contact_a.id,
                    **values,
                }
            ],
        )
        self.assertEqual(self._new_complaints(), before, f"nothing created with {values}")

    def test_the_form_files_a_complaint(self):
        """The form shows the receipt date without sending it: a complaint filed minutes after
        the form opened is received when it is saved, at its first stage."""
        with freeze_time(self.now):
            form = Form(self.Complaint.with_user(self.staff))
            form.subject = "Sample bag torn"
            form.channel = "letter"
            form.complainant_name = "Mr Yilmaz"
        with freeze_time(self.now + timedelta(minutes=5)):
            complaint = form.save()
        self.assertEqual(
            complaint.date_received, self.now.replace(microsecond=0) + timedelta(minutes=5)
        )
        self.assertEqual(complaint.step, "received")

    def test_nobody_rewrites_the_day_a_complaint_was_received(self):
        """Retention and the time to answer run from the receipt (R-CP-01, R-RC-01)."""
        complaint = self._complaint()
        received = complaint.date_received
        for user in (self.staff, self.quality_manager, self.director):
            self.assertRpcRefused(
                user,
                COMPLAINT,
                "write",
                [complaint.id],
                {"date_received": "2000-01-01 00:00:00"},
                message="Received On",
            )
            self._create_refused(user, date_received="2000-01-01 00:00:00")
        self.assertEqual(complaint.date_received, received)

    def test_the_stage_moves_only_through_its_actions(self):
        complaint = self._complaint()
        self.assertEqual(complaint.step, "acknowledged")
        for user in (self.staff, self.quality_manager, self.director):
            for step in ("received", "investigation", "closed"):
                self.assertRpcRefused(
                    user,
                    COMPLAINT,
                    "write",
                    [complaint.id],
                    {"stage_id": self.stage[step].id},
                    message="Stage",
                )
            self._create_refused(user, stage_id=self.stage["acknowledged"].id)
        self.assertEqual(complaint.step, "acknowledged")
        # The steps themselves, each for its role.
        self.rpc(
            self.quality_manager,
            COMPLAINT,
            "write",
            [complaint.id],
            {
                "is_lab_activity": "yes",
                "lab_activity_reason": "Our dust test.",
                "is_justified": "yes",
                "justified_reason": "The balance drifted.",
            },
        )
        self.assertRpcRefused(self.staff, COMPLAINT, "action_validate", [complaint.id])
        self.rpc(self.quality_manager, COMPLAINT, "action_validate", [complaint.id])
        self.assertEqual(complaint.step, "validated")
        self.assertTrue(complaint.date_validated)
        self.assertRpcRefused(self.staff, COMPLAINT, "action_investigate", [complaint.id])
        self.rpc(self.quality_manager, COMPLAINT, "action_investigate", [complaint.id])
        self.assertEqual(complaint.step, "investigation")

    def test_a_decided_complaint_is_closed_only_by_close(self):
        """Even with nothing left open, the Quality Manager closes by Close, which stamps the
        closing day retention runs from; nobody writes that day."""
        complaint = self._decided()
        for user in (self.quality_manager, self.director):
            self.assertRpcRefused(
                user,
                COMPLAINT,
                "write",
                [complaint.id],
                {"stage_id": self.stage["closed"].id},
                message="action_close",
            )
            for field in ("date_closed", "date_decided", "date_acknowledged", "date_validated"):
                self.assertRpcRefused(
                    user, COMPLAINT, "write", [complaint.id], {field: "2000-01-01 00:00:00"}
                )
        self.assertEqual(complaint.step, "decided")
        self.assertFalse(complaint.date_closed)
        self.assertNotEqual(complaint.date_decided.year, 2000)
        self.assertRpcRefused(self.staff, COMPLAINT, "action_close", [complaint.id])
        self.rpc(self.quality_manager, COMPLAINT, "action_close", [complaint.id])
        self.assertEqual(complaint.step, "closed")
        self.assertGreaterEqual(complaint.date_closed, complaint.date_decided)

    def test_nobody_writes_or_creates_a_decision(self):
        complaint = self._validate(self._complaint())
        decision = {
            "decision": "<p>Refund in full.</p>",
            "decision_director_id": self.director.id,
            "decision_quality_manager_id": self.quality_manager.id,
            "impartiality_check": "Passed.",
        }
        for user in (self.quality_manager, self.director):
            for field, value in decision.items():
                self.assertRpcRefused(
                    user, COMPLAINT, "write", [complaint.id], {field: value}, message="_lab_decide"
                )
                self._create_refused(user, **{field: value})
            self.assertRpcRefused(
                user,
                COMPLAINT,
                "_lab_decide",
                [complaint.id],
                self.director.id,
                self.quality_manager.id,
                "<p>Refund in full.</p>",
            )
        self.assertEqual(complaint.step, "investigation")
        self.assertFalse(complaint.decision_director_id)
        self.assertFalse(complaint.decision)

    def test_validation_answers_name_who_gave_them(self):
        """R-CP-03: the Quality Manager answers while the complaint is being validated; who
        answered is recorded, never typed; a decided complaint keeps its answers."""
        complaint = self._complaint()
        self.assertRpcRefused(
            self.staff, COMPLAINT, "write", [complaint.id], {"is_justified": "no"}
        )
        self._create_refused(self.staff, is_justified="no", justified_reason="Nothing wrong.")
        for forged in (
            {"justified_by_id": self.director.id},
            {"is_justified": "yes", "justified_by_id": self.director.id},
            {"lab_activity_by_id": self.director.id},
        ):
            self.assertRpcRefused(
                self.quality_manager, COMPLAINT, "write", [complaint.id], forged, message="By"
            )
        self.assertFalse(complaint.is_justified)
        self.assertFalse(complaint.justified_by_id)
        self._validate(complaint)
        self.assertEqual(complaint.justified_by_id, self.quality_manager)
        self._decide(complaint)
        self.assertRpcRefused(
            self.quality_manager,
            COMPLAINT,
            "write",
            [complaint.id],
            {"is_justified": "no", "justified_reason": "On second thought."},
            message="Decided",
        )
        self.assertEqual(complaint.is_justified, "yes")

    def test_appeal_deadline_and_lateness_are_the_reports(self):
        self.report_a.objection_deadline = date(2000, 1, 1)
        appeal = self._complaint(complaint_type="appeal")
        self.assertTrue(appeal.is_late)
        for user in (self.staff, self.quality_manager):
            self.assertRpcRefused(user, COMPLAINT, "write", [appeal.id], {"is_late": False})
            self.assertRpcRefused(
                user, COMPLAINT, "write", [appeal.id], {"objection_deadline": "2099-01-01"}
            )
        self.assertTrue(appeal.is_late)
        self.assertEqual(appeal.objection_deadline, self.report_a.objection_deadline)
        self._create_refused(
            self.staff,
            complaint_type="appeal",
            report_id=self.report_a.id,
            objection_deadline="2099-01-01",
        )

    def test_feedback_is_the_complainants(self):
        """R-CP-07, R-CP-08: only the complainant's follow-up link records the feedback."""
        complaint = self._decided()
        complaint.with_user(self.quality_manager).action_close()
        for user in (self.staff, self.quality_manager, self.director):
            self.assertRpcRefused(
                user, COMPLAINT, "write", [complaint.id], {"feedback": "satisfied"}
            )
            self.assertRpcRefused(
                user,
                COMPLAINT,
                "write",
                [complaint.id],
                {"date_feedback": "2000-01-01 00:00:00", "feedback_comment": "Great"},
            )
        self._create_refused(self.staff, feedback="satisfied")
        self.assertFalse(complaint.feedback)
        # as the follow-up link does it, for whoever holds the link
        public = self.env.ref("base.public_user")
        complaint.with_user(public).sudo()._lab_record_feedback(True, "Thank you.")
        self.assertEqual(complaint.feedback, "satisfied")

    def test_nobody_files_an_anonymous_complaint_by_hand(self):
        """R-CP-02: anonymity is the anonymous intake's, which keeps no trace of the filer; a
        complaint created as anonymous by a user would carry its creator."""
        for user in (self.staff, self.quality_manager):
            self._create_refused(user, is_anonymous=True, partner_id=False)
        complaint = self._complaint()
        self.assertRpcRefused(
            self.quality_manager, COMPLAINT, "write", [complaint.id], {"is_anonymous": True}
        )
        self.assertFalse(complaint.is_anonymous)

    def test_only_the_mailed_link_confirms_an_address(self):
        """Issue 16: an address typed on the public form hears from the lab once the link
        mailed to it is followed; no role confirms it, or files a complaint as unconfirmed
        (which would silence its notices), over JSON-RPC."""
        public = self.env.ref("base.public_user")
        complaint = (
            self.Complaint.with_user(public)
            .sudo()
            ._lab_file_public(
                {
                    "subject": "Rude reception",
                    "complainant_name": "A Caller",
                    "email_from": "typed@example.org",
                }
            )
        )
        self.assertFalse(complaint.is_email_confirmed)
        for user in (self.staff, self.quality_manager, self.director):
            self.assertRpcRefused(
                user, COMPLAINT, "write", [complaint.id], {"is_email_confirmed": True}
            )
            self._create_refused(user, is_email_confirmed=False)
        self.assertFalse(complaint.is_email_confirmed)
        self.assertFalse(complaint._complainant_email(), "no mail goes to the unconfirmed address")
        self.assertFalse(complaint._lab_confirm_email("0" * 64), "a wrong token confirms nothing")
        self.assertFalse(complaint.is_email_confirmed)
        self.assertTrue(complaint._lab_confirm_email(complaint._lab_email_confirmation_token()))
        self.assertTrue(complaint.is_email_confirmed)
        self.assertEqual(complaint._complainant_email(), "typed@example.org")

    def test_portal_user_creates_nothing_over_rpc(self):
        """The portal form is the customer's way in (R-CP-01): it whitelists what it sets."""
        self._create_refused(self.portal_a)
        complaint = self._complaint()
        self.assertRpcRefused(
            self.portal_a, COMPLAINT, "write", [complaint.id], {"subject": "Withdrawn"}
        )
        self.assertRpcRefused(self.portal_a, COMPLAINT, "action_acknowledge", [complaint.id])
