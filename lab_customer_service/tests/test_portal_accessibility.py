from odoo import fields
from odoo.tests import HttpCase, tagged

from .a11y import AccessibilityMixin
from .common import LabCase


@tagged("post_install", "-at_install")
class TestPortalAccessibility(LabCase, HttpCase, AccessibilityMixin):
    """Issue 21 (R-PT-01, R-CM-04): the customer's pages of lab_customer_service pass axe-core's
    WCAG 2.1 A/AA rules with no serious or critical violation, as a portal user and as the
    public, and their lists lose no column on a 390 px phone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        order = cls._lab_order(cls.customer_a, confirm=True)
        cls.samples = cls.env["lab.sample"].create(
            [
                {
                    "order_id": order.id,
                    # long enough to wrap on a phone: a cut cell fails the phone check
                    "description": f"Welding bay, filter damaged in transport, wall {i}",
                }
                for i in range(3)
            ]
        )
        cls.samples[0].state = "reported"
        cls.report = cls.env["lab.test.report"].create(
            {"order_id": order.id, "sample_ids": [fields.Command.set(cls.samples[:1].ids)]}
        )
        cls.report.attachment_ids = cls.env["ir.attachment"].create(
            {"name": "TR.pdf", "raw": b"%PDF-1.4 report", "mimetype": "application/pdf"}
        )
        cls.report.with_user(cls.technician).action_prepare()
        cls.report.with_user(cls.quality_manager).action_review()
        cls.report.with_user(cls.technical_manager).action_release()
        cls.lab_request = cls.env["lab.customer.request"].create(
            {"subject": "Price of silica", "partner_id": cls.contact_a.id}
        )
        cls.env["lab.published.document"].create(
            {"name": "Price list", "category": "price", "is_published": True}
        )
        # A quotation under contract review with a subcontracted test: our sections of the
        # stock order page (review notice, subcontracting and the consent button).
        cls.quotation = cls._lab_order(cls.customer_a, products=cls.test_silica)
        cls.env["ir.config_parameter"].sudo().set_param(
            "lab_customer_service.verify_hourly_limit", 1000
        )

    def test_portal_pages_as_a_customer(self):
        for url in (
            "/my/home",
            "/my/lab/samples",
            self.samples[0].access_url,
            "/my/lab/reports",
            self.report.access_url,
            "/my/lab/requests",
            self.lab_request.get_portal_url(),
            "/my/lab/requests/new",
            "/my/lab/documents",
        ):
            with self.subTest(url=url):
                self.assertAccessible(url, login="t_portal_a")
        self.assertAccessible(
            self.quotation.get_portal_url(), login="t_portal_a", include=["#lab_contract"]
        )

    def test_public_pages(self):
        self.assertAccessible(f"/lab/verify/{self.report.lab_verification_code}")
        self.assertAccessible("/lab/verify/NO-SUCH-CODE")
        self.assertAccessible(self.report.get_portal_url())
        self.assertAccessible(
            f"/lab/sender/confirm/lab.customer.request/{self.lab_request.id}"
            f"?token={self.lab_request._lab_sender_token()}"
        )

    def test_lists_fit_a_phone(self):
        for url in ("/my/lab/samples", "/my/lab/reports", "/my/lab/requests"):
            with self.subTest(url=url):
                self.assertFitsPhone(url, login="t_portal_a")
        self.assertFitsPhone(self.report.access_url, login="t_portal_a")
        self.assertFitsPhone(f"/lab/verify/{self.report.lab_verification_code}")

    def test_keyboard_reaches_every_action(self):
        for url in ("/my/lab/samples", self.report.access_url, "/my/lab/requests/new"):
            with self.subTest(url=url):
                self.assertKeyboardUsable(url, login="t_portal_a")
        self.assertKeyboardUsable(f"/lab/verify/{self.report.lab_verification_code}")
