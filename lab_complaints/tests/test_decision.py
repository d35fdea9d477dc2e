from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.lab_customer_service.tests.rpc import RpcCase

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestValidationAndDecision(ComplaintCase):
    def test_quality_manager_validates_staff_cannot(self):
        complaint = self._complaint()
        with self.assertRaises(AccessError):
            complaint.with_user(self.staff).write({"is_justified": "yes"})
        complaint.with_user(self.quality_manager).write(
            {"is_lab_activity": "yes", "lab_activity_reason": "Our test.", "is_justified": "no"}
        )
        with self.assertRaisesRegex(UserError, "reason"):
            complaint.with_user(self.quality_manager).action_validate()
        complaint.with_user(self.quality_manager).write({"justified_reason": "Within uncertainty."})
        complaint.with_user(self.quality_manager).action_validate()
        self.assertEqual(complaint.step, "validated")
        self.assertEqual(complaint.justified_by_id, self.quality_manager)
        self.assertEqual(complaint.lab_activity_by_id, self.quality_manager)
        with self.assertRaises(AccessError):
            complaint.with_user(self.staff).action_investigate()

    def test_progress_report_on_investigation(self):
        complaint = self._complaint()
        Mail = self.env["mail.mail"].sudo()
        domain = [("model", "=", "lab.complaint"), ("res_id", "=", complaint.id)]
        before = Mail.search_count(domain)
        self._validate(complaint)
        progress = Mail.search(domain, order="id desc", limit=1)
        self.assertEqual(Mail.search_count(domain), before + 1, "one report: investigation")
        self.assertIn("Under investigation", progress.subject)
        self.assertEqual(progress.recipient_ids, self.contact_a)

    def test_involved_decider_is_refused_with_reason(self):
        # The Deputy authorised the report complained about.
        complaint = self._validate(self._complaint())
        with self.assertRaises(UserError) as refusal:
            self._decide(complaint, director=self.deputy)
        message = str(refusal.exception)
        self.assertIn(self.deputy.name, message)
        self.assertIn(self.report_a.name, message)
        self.assertEqual(complaint.step, "investigation", "nothing decided")
        self.assertFalse(complaint.decision_director_id)
        self.assertFalse(complaint.impartiality_check)

    def test_involved_quality_manager_is_refused(self):
        sample = self.env["lab.sample"].create(
            {"order_id": self.order_b.id, "received_by_id": self.quality_manager.id}
        )
        complaint = self._validate(
            self._complaint(
                order_id=self.order_b.id,
                report_id=False,
                sample_ids=[(6, 0, sample.ids)],
                partner_id=self.contact_b.id,
            )
        )
        with self.assertRaisesRegex(UserError, sample.name):
            self._decide(complaint)

    def test_impartial_decision_is_recorded_with_its_check(self):
        complaint = self._validate(self._complaint())
        self._decide(complaint)
        self.assertEqual(complaint.step, "decided")
        self.assertEqual(complaint.decision_director_id, self.director)
        self.assertEqual(complaint.decision_quality_manager_id, self.quality_manager)
        self.assertTrue(complaint.date_decided)
        check = complaint.impartiality_check
        for person in (self.supervisor, self.technical_manager, self.deputy, self.reception):
            self.assertIn(person.name, check, "every involved person is listed")
        self.assertIn("passed", check)

    def test_decision_needs_the_two_roles(self):
        complaint = self._validate(self._complaint())
        with self.assertRaises(UserError):
            self._decide(complaint, director=self.quality_manager)
        with self.assertRaises(UserError):
            self._decide(complaint, director=self.director, quality_manager=self.director)
        with self.assertRaises(AccessError):
            complaint.with_user(self.staff)._lab_decide(
                self.director, self.quality_manager, "<p>Outcome</p>"
            )
        with self.assertRaises(AccessError):
            self._decide(complaint, as_user=self.technical_manager)
        with self.assertRaises(UserError, msg="the check cannot be bypassed by a write"):
            complaint.with_user(self.director).write({"decision_director_id": self.director.id})
        self.assertFalse(complaint.decision_director_id)
        self.assertEqual(complaint.step, "investigation")

    def test_decision_wizard(self):
        complaint = self._validate(self._complaint())
        action = complaint.with_user(self.director).action_open_decision_wizard()
        Wizard = self.env["lab.complaint.decision.wizard"].with_user(self.director)
        with Form(Wizard.with_context(**action["context"])) as form:
            self.assertEqual(form.director_id, self.director, "the Director is proposed")
            self.assertIn(self.deputy.name, form.involved_summary)
            form.quality_manager_id = self.quality_manager
            form.decision = "<p>Retest free of charge.</p>"
        form.record.action_confirm()
        self.assertEqual(complaint.step, "decided")

    def test_involvement_says_what_each_person_did(self):
        """Issue 17: "involved: order S00145" told the deciders nothing; say how."""
        complaint = self._validate(self._complaint())
        report, order = self.report_a.display_name, self.order_a.display_name
        Wizard = self.env["lab.complaint.decision.wizard"].with_user(self.director)
        summary = Wizard.create(
            {
                "complaint_id": complaint.id,
                "director_id": self.director.id,
                "quality_manager_id": self.quality_manager.id,
                "decision": "<p>Retest</p>",
            }
        ).involved_summary
        self.assertIn(
            f"{self.deputy.name}: authorised and signed report {report}, approved the contract "
            f"review of order {order}",
            summary,
        )
        self.assertIn(f"{self.supervisor.name}: prepared report {report}", summary)
        self.assertIn(f"{self.technical_manager.name}: reviewed report {report}", summary)
        self.assertIn(f"received sample {self.sample_a1.display_name}", summary)
        self.assertIn(f"{self.staff.name}: reviewed the contract of order {order}", summary)
        with self.assertRaises(UserError) as refusal:
            self._decide(complaint, director=self.deputy)
        self.assertIn(
            f"{self.deputy.name} was involved: authorised and signed report {report}, approved "
            f"the contract review of order {order}.",
            str(refusal.exception),
        )


@tagged("post_install", "-at_install")
class TestDecisionRecord(ComplaintCase, RpcCase):
    """Issue 18, R-CP-04: the impartial decision is a record of its own, made only by Decide,
    never created, changed or deleted otherwise, whoever calls over JSON-RPC."""

    DECISION = "lab.complaint.decision"

    def test_decide_makes_one_decision_record(self):
        complaint = self._validate(self._complaint())
        self._decide(complaint)
        decision = complaint.decision_id
        self.assertEqual(decision, complaint.decision_ids)
        self.assertEqual(decision.director_id, self.director)
        self.assertEqual(decision.quality_manager_id, self.quality_manager)
        self.assertEqual(decision.recorded_by_id, self.quality_manager)
        self.assertIn("We repeat the test", decision.outcome)
        self.assertIn("passed", decision.sudo().impartiality_check)
        self.assertEqual(complaint.date_decided, decision.date_decided)
        self.assertIn("We repeat the test", complaint.decision, "the complaint shows it")
        with self.assertRaises(UserError):
            self._decide(complaint)
        # the register lists it for the Quality Manager
        found = self.rpc(self.quality_manager, self.DECISION, "search_read", [], ["complaint_id"])
        self.assertIn(complaint.id, [row["complaint_id"][0] for row in found])

    def test_nobody_makes_or_changes_a_decision_but_decide(self):
        complaint = self._validate(self._complaint())
        admin = self.env.ref("base.user_admin")
        forged = {
            "complaint_id": complaint.id,
            "director_id": self.director.id,
            "quality_manager_id": self.quality_manager.id,
            "outcome": "<p>Forged</p>",
            "impartiality_check": "Passed.",
        }
        for user in (self.quality_manager, self.director, admin):
            self.assertRpcRefused(user, self.DECISION, "create", [forged])
        self.assertFalse(
            self.env[self.DECISION].sudo().search([("complaint_id", "=", complaint.id)])
        )
        self.assertRpcRefused(
            self.director, "lab.complaint", "write", [complaint.id], {"decision_id": 1}
        )
        self._decide(complaint)
        decision = complaint.decision_id
        for user in (self.quality_manager, self.director, admin):
            self.assertRpcRefused(
                user, self.DECISION, "write", [decision.id], {"outcome": "<p>Changed</p>"}
            )
            self.assertRpcRefused(user, self.DECISION, "unlink", [decision.id])
            self.assertRpcRefused(
                user, "lab.complaint", "write", [complaint.id], {"decision": "<p>Changed</p>"}
            )
        decision.invalidate_recordset()
        self.assertIn("We repeat the test", decision.outcome)
        with self.assertRaises(UserError, msg="frozen even for server code with sudo"):
            decision.with_user(self.director).sudo().write({"outcome": "<p>Changed</p>"})
