"""A satisfaction survey is approved by the Quality Manager's button only (issue 15, R-SV-02)."""

from odoo.tests import tagged

from .common import LabCase
from .rpc import RpcCase

REFUSED = "changes only through its action"


@tagged("post_install", "-at_install")
class TestSurveyControls(LabCase, RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env["survey.survey"].create(
            {
                "title": "Customer satisfaction",
                "is_lab_survey": True,
                "user_id": cls.staff.id,
                "question_and_page_ids": [
                    (0, 0, {"title": "How satisfied are you?", "question_type": "text_box"})
                ],
            }
        )
        cls.forged = {
            "lab_approval_state": "approved",
            "lab_approved_by_id": cls.quality_manager.id,
            "lab_date_approved": "2026-01-10 10:00:00",
        }

    def _assert_unapproved(self, survey):
        self.assertEqual(survey.lab_approval_state, "draft")
        self.assertFalse(survey.lab_approved_by_id)
        self.assertFalse(survey.lab_date_approved)

    def test_nobody_writes_a_survey_approved(self):
        # customer service, who sends surveys and may edit their own; the Quality Manager and
        # the Director outside the button
        for user in (self.staff, self.quality_manager, self.director):
            for fname, value in self.forged.items():
                self.assertRpcRefused(
                    user,
                    "survey.survey",
                    "write",
                    [self.survey.id],
                    {fname: value},
                    message=REFUSED,
                )
        self._assert_unapproved(self.survey)

    def test_nobody_creates_a_survey_approved(self):
        Survey = self.env["survey.survey"]
        count = Survey.search_count([])
        for user in (self.staff, self.quality_manager):
            for fname, value in self.forged.items():
                self.assertRpcRefused(
                    user,
                    "survey.survey",
                    "create",
                    [{"title": "Forged", "is_lab_survey": True, fname: value}],
                    message=REFUSED,
                )
        self.assertEqual(Survey.search_count([]), count, "no survey was created")

    def test_the_quality_manager_approves_through_the_button(self):
        for user in (self.staff, self.technical_manager):
            self.assertRpcRefused(
                user,
                "survey.survey",
                "action_lab_approve",
                [self.survey.id],
                message="Only the Quality Manager",
            )
        self._assert_unapproved(self.survey)
        self.rpc(self.quality_manager, "survey.survey", "action_lab_approve", [self.survey.id])
        self.assertEqual(self.survey.lab_approval_state, "approved")
        self.assertEqual(self.survey.lab_approved_by_id, self.quality_manager)
        self.assertTrue(self.survey.lab_date_approved)

        # customer service cannot withdraw it either; editing a question does, by itself
        self.assertRpcRefused(
            self.staff,
            "survey.survey",
            "action_lab_reset_approval",
            [self.survey.id],
            message="Only the Quality Manager",
        )
        self.assertEqual(self.survey.lab_approval_state, "approved")
        self.rpc(
            self.staff,
            "survey.question",
            "write",
            self.survey.question_ids.ids,
            {"title": "How satisfied are you overall?"},
        )
        self._assert_unapproved(self.survey)
