from odoo.tests import tagged

from odoo.addons.lab_customer_service.tests.a11y import AccessibilityMixin

from .http_common import ComplaintHttpCase


@tagged("post_install", "-at_install")
class TestComplaintAccessibility(ComplaintHttpCase, AccessibilityMixin):
    """Issue 21 (R-CM-04, R-PT-01): the complaint pages, the portal ones and the public form
    with its follow-up, pass axe-core's WCAG 2.1 A/AA rules with no serious or critical
    violation, and the list loses no column on a 390 px phone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls.Complaint.with_user(cls.staff).create(
            {
                "subject": "Dust result looks too high",
                "description": "<p>The dust figure is ten times last year's.</p>",
                "channel": "phone",
                "partner_id": cls.contact_a.id,
                "order_id": cls.order_a.id,
                "report_id": cls.report_a.id,
                "category_id": cls.category.id,
            }
        )
        cls.token = cls.complaint._portal_ensure_token()

    def test_portal_pages_as_a_customer(self):
        for url in (
            "/my/lab/complaints",
            "/my/lab/complaints/new",
            f"/my/lab/complaints/new?report_id={self.report_a.id}",
            self.complaint.get_portal_url(),
            self.report_a.access_url,
        ):
            with self.subTest(url=url):
                self.assertAccessible(url, login="t_portal_a")

    def test_public_pages(self):
        self.assertAccessible("/lab/complaint")
        self.assertAccessible(f"/lab/complaint/{self.complaint.id}?access_token={self.token}")

    def test_closed_complaint_with_the_feedback_form(self):
        complaint = self._validate(self._complaint(report_id=False))
        self._decide(complaint)
        complaint.with_user(self.quality_manager).action_close()
        token = complaint._portal_ensure_token()
        page = self._followup(complaint, token)
        self.assertIn('for="lab_feedback_comment"', page.text, "the comment has a label")
        self.assertIn('href="/lab/complaint"', page.text, "a way back")
        self.assertAccessible(f"/lab/complaint/{complaint.id}?access_token={token}")

    def test_keyboard_reaches_every_action(self):
        self.assertKeyboardUsable("/lab/complaint")
        self.assertKeyboardUsable("/my/lab/complaints", login="t_portal_a")

    def test_list_fits_a_phone(self):
        self.assertFitsPhone("/my/lab/complaints", login="t_portal_a")
        self.assertFitsPhone(f"/lab/complaint/{self.complaint.id}?access_token={self.token}")
