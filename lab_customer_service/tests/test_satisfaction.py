from datetime import timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import LabCase


@tagged("post_install", "-at_install")
class TestSatisfaction(LabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write({"lab_survey_delay_days": 3, "lab_satisfaction_threshold": 80})
        cls.survey = (
            cls.env["survey.survey"]
            .with_user(cls.quality_manager)
            .create(
                {
                    "title": "Customer satisfaction",
                    "is_lab_survey": True,
                    "access_mode": "token",
                    "scoring_type": "scoring_without_answers",
                    "question_and_page_ids": [
                        (
                            0,
                            0,
                            {
                                "title": "How satisfied are you with our service?",
                                "question_type": "simple_choice",
                                "suggested_answer_ids": [
                                    (0, 0, {"value": "Very satisfied", "answer_score": 10}),
                                    (0, 0, {"value": "Not satisfied", "answer_score": 0}),
                                ],
                            },
                        )
                    ],
                }
            )
        )
        cls.question = cls.survey.question_ids
        cls.good, cls.bad = cls.question.suggested_answer_ids
        cls.order = cls._lab_order(cls.contact_a, products=cls.test_dust, confirm=True)
        cls.order.user_id = cls.staff
        # new_test_user gave the portal contact a placeholder address; restore the real one.
        cls.contact_a.email = "alice@customer.example.com"

    def _released_report(self, days_ago, order=None):
        return self.env["lab.test.report"].create(
            {
                "order_id": (order or self.order).id,
                "state": "released",
                "date_released": self.now - timedelta(days=days_ago),
            }
        )

    def _approve(self):
        self.survey.with_user(self.quality_manager).action_lab_approve()

    def _answer(self, answer, suggestion):
        self.env["survey.user_input.line"].create(
            {
                "user_input_id": answer.id,
                "question_id": self.question.id,
                "answer_type": "suggestion",
                "suggested_answer_id": suggestion.id,
            }
        )
        answer._mark_done()

    def test_unapproved_survey_cannot_be_used(self):
        report = self._released_report(5)
        self.assertEqual(self.survey.lab_approval_state, "draft")
        with self.assertRaisesRegex(UserError, "not approved"):
            report._lab_invite_to_survey(self.survey)
        with self.assertRaisesRegex(UserError, "not approved"):
            self.survey.with_user(self.quality_manager).action_send_survey()
        with self.assertRaisesRegex(UserError, "not approved"):
            self.survey._create_answer(partner=self.contact_a)
        self.company.lab_survey_id = self.survey
        self.env["lab.test.report"]._cron_lab_send_satisfaction_surveys()
        self.assertFalse(report.lab_survey_answer_id, "nobody is invited to an unapproved survey")
        # Testing the survey stays possible before approval.
        self.assertTrue(self.survey._create_answer(user=self.quality_manager, test_entry=True))

    def test_only_quality_manager_approves(self):
        with self.assertRaises(AccessError):
            self.survey.with_user(self.staff).action_lab_approve()
        with self.assertRaisesRegex(UserError, "changes only through its action"):
            self.survey.with_user(self.staff).write({"lab_approval_state": "approved"})
        self.assertEqual(self.survey.lab_approval_state, "draft")
        self._approve()
        self.assertEqual(self.survey.lab_approval_state, "approved")
        self.assertEqual(self.survey.lab_approved_by_id, self.quality_manager)
        empty = self.env["survey.survey"].create({"title": "Empty", "is_lab_survey": True})
        with self.assertRaisesRegex(UserError, "without questions"):
            empty.with_user(self.quality_manager).action_lab_approve()

    def test_changing_questions_withdraws_approval(self):
        self._approve()
        self.question.with_user(self.quality_manager).title = "How satisfied are you overall?"
        self.assertEqual(self.survey.lab_approval_state, "draft")
        with self.assertRaisesRegex(UserError, "not approved"):
            self._released_report(5)._lab_invite_to_survey(self.survey)
        self._approve()
        self.assertEqual(self.survey.lab_approval_state, "approved")

    def test_invitation_after_release(self):
        self._approve()
        self.company.lab_survey_id = self.survey
        recent = self._released_report(1)
        older = self._released_report(5)
        self.env["lab.test.report"]._cron_lab_send_satisfaction_surveys()
        self.assertFalse(recent.lab_survey_answer_id, "the configured delay is respected")
        answer = older.lab_survey_answer_id
        self.assertTrue(answer)
        self.assertEqual(answer.partner_id, self.contact_a)
        self.assertEqual(answer.lab_customer_id, self.customer_a)
        self.assertEqual(answer.lab_order_id, self.order)
        self.assertEqual(answer.lab_report_id, older)
        self.assertEqual(answer.lab_test_ids, self.test_dust)
        mail = self.env["mail.mail"].search([("recipient_ids", "in", self.contact_a.ids)])
        self.assertTrue(
            mail.filtered(lambda m: answer.access_token in (m.body_html or "")),
            "the invitation carries the customer's personal survey link",
        )
        self.env["lab.test.report"]._cron_lab_send_satisfaction_surveys()
        self.assertEqual(
            self.env["survey.user_input"].search_count([("lab_report_id", "=", older.id)]),
            1,
            "invited once per report",
        )

    def test_staff_sends_the_survey_of_one_report_now(self):
        """Issue 17 item 10 (R-SV-02, R-CM-04): customer service sends the satisfaction survey of
        one released report from its form, without waiting for the daily job; once per report,
        as the job; the roles below and reports not released are refused."""
        self._approve()
        self.company.lab_survey_id = self.survey
        # released today: the daily job would wait ``lab_survey_delay_days`` for it
        report = self._released_report(0)
        draft = self.env["lab.test.report"].create({"order_id": self.order.id})
        for user in (self.technician, self.technical_manager):
            with self.assertRaises(AccessError, msg=user.login):
                report.with_user(user).action_send_satisfaction_survey()
        with self.assertRaisesRegex(UserError, "is not released"):
            draft.with_user(self.staff).action_send_satisfaction_survey()
        self.assertFalse(report.lab_survey_answer_id)

        report.with_user(self.staff).action_send_satisfaction_survey()
        answer = report.lab_survey_answer_id
        self.assertEqual(answer.partner_id, self.contact_a)
        self.assertEqual(answer.lab_report_id, report)
        invitation = (
            self.env["mail.mail"]
            .search([])
            .filtered(lambda m: answer.access_token in (m.body_html or ""))
        )
        self.assertEqual(len(invitation), 1)
        self.assertEqual(invitation.recipient_ids, self.contact_a, "to the order's contact only")
        self.assertFalse(invitation.email_to)
        self.assertEqual(invitation.author_id, self.staff.partner_id, "sent by who pressed")

        with self.assertRaisesRegex(UserError, "already invited"):
            report.with_user(self.quality_manager).action_send_satisfaction_survey()
        with freeze_time(self.now + timedelta(days=5)):
            self.env["lab.test.report"]._cron_lab_send_satisfaction_surveys()
        self.assertEqual(
            self.env["survey.user_input"].search_count([("lab_report_id", "=", report.id)]),
            1,
            "the daily job does not invite again",
        )
        # and the job's invitation closes the button, the same rule both ways
        older = self._released_report(5)
        self.env["lab.test.report"]._cron_lab_send_satisfaction_surveys()
        self.assertTrue(older.lab_survey_answer_id)
        with self.assertRaisesRegex(UserError, "already invited"):
            older.with_user(self.staff).action_send_satisfaction_survey()

    def test_low_score_follow_up_call_and_analysis(self):
        self._approve()
        report = self._released_report(5)
        order_b = self._lab_order(self.contact_b, products=self.test_noise, confirm=True)
        report_b = self._released_report(5, order=order_b)
        report._lab_invite_to_survey(self.survey)
        report_b._lab_invite_to_survey(self.survey)
        self._answer(report.lab_survey_answer_id, self.bad)
        self._answer(report_b.lab_survey_answer_id, self.good)

        call_type = self.env.ref("lab_customer_service.mail_activity_type_lab_follow_up_call")
        call = self.order.activity_ids.filtered(lambda a: a.activity_type_id == call_type)
        self.assertEqual(len(call), 1, "an unhappy customer gets a follow-up call")
        self.assertEqual(call.user_id, self.staff)
        self.assertFalse(order_b.activity_ids.filtered(lambda a: a.activity_type_id == call_type))

        Analysis = self.env["lab.satisfaction.analysis"].with_user(self.quality_manager)
        by_customer = dict(Analysis._read_group([], ["customer_id"], ["score:avg"]))
        self.assertEqual(by_customer[self.customer_a], 0.0)
        self.assertEqual(by_customer[self.customer_b], 100.0)
        by_test = dict(Analysis._read_group([], ["test_id"], ["score:avg"]))
        self.assertEqual(by_test[self.test_dust], 0.0)
        self.assertEqual(by_test[self.test_noise], 100.0)
        with self.assertRaises(AccessError):
            Analysis.with_user(self.technician).search([])

    def test_internal_customer_survey(self):
        self.survey.write({"lab_audience": "internal", "users_login_required": True})
        self._approve()
        answer = self.survey._create_answer(user=self.technician)
        self.assertEqual(answer.partner_id, self.technician.partner_id)
        with self.assertRaisesRegex(UserError, "only employees"):
            self.survey._create_answer(partner=self.contact_b)


@tagged("post_install", "-at_install")
class TestFeedbackAndKeyCustomers(LabCase):
    def test_book_of_reviews_and_referral(self):
        feedback = (
            self.env["lab.feedback"]
            .with_user(self.staff)
            .create(
                {
                    "name": "Reports should be sent by email too",
                    "kind": "suggestion",
                    "channel": "book",
                    "author_name": "A visitor",
                    "partner_id": self.customer_a.id,
                }
            )
        )
        with self.assertRaisesRegex(UserError, "process improvement"):
            feedback.action_refer_to_improvement()
        feedback.improvement_note = "Report delivery process: add email dispatch"
        feedback.action_refer_to_improvement()
        self.assertEqual(feedback.state, "referred")
        self.assertTrue(feedback.is_referred)
        with self.assertRaises(AccessError):
            self.env["lab.feedback"].with_user(self.technician).create(
                {"name": "x", "kind": "review", "channel": "phone"}
            )

    def test_key_customer_review_is_recurring(self):
        today = fields.Date.today()
        self.customer_a.write(
            {
                "lab_is_key_customer": True,
                "lab_service_plan": "<p>Reports within 5 days</p>",
                "lab_review_interval": 3,
                "lab_next_review_date": today,
                "lab_review_user_id": self.staff.id,
            }
        )
        self.customer_b.write({"lab_is_key_customer": False, "lab_next_review_date": today})
        review_type = self.env.ref("lab_customer_service.mail_activity_type_lab_key_review")
        self.env["res.partner"]._cron_lab_key_customer_reviews()
        activity = self.customer_a.activity_ids.filtered(
            lambda a: a.activity_type_id == review_type
        )
        self.assertEqual(activity.user_id, self.staff)
        self.assertEqual(self.customer_a.lab_next_review_date, today + relativedelta(months=3))
        self.assertFalse(self.customer_b.activity_ids)
        self.env["res.partner"]._cron_lab_key_customer_reviews()
        self.assertEqual(
            len(self.customer_a.activity_ids.filtered(lambda a: a.activity_type_id == review_type)),
            1,
        )
