from odoo.tests import HttpCase, tagged

from odoo.addons.lab_customer_service.tests.a11y import AccessibilityMixin

from .common import ConfidentialityCase


@tagged("post_install", "-at_install")
class TestConfidentialityAccessibility(ConfidentialityCase, HttpCase, AccessibilityMixin):
    """Issue 21 (R-PT-01): visits and confidentiality agreements, lists, the visit request
    form and the signing page, pass axe-core's WCAG 2.1 A/AA rules with no serious or critical
    violation, and the lists lose no column on a 390 px phone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.permit = cls._permit(cls.customer_a, areas=cls.area_micro)
        cls.permit.action_request()
        cls.nda = cls.permit.nda_ids
        cls.signed = cls._signed_nda(cls.contact_a)

    def test_portal_pages_as_a_customer(self):
        for url in (
            "/my/lab/visits",
            "/my/lab/visits/new",
            self.permit.access_url,
            "/my/lab/ndas",
            self.nda.access_url,
            self.signed.access_url,
        ):
            with self.subTest(url=url):
                self.assertAccessible(url, login="t_portal_a")

    def test_visit_form_groups_and_labels(self):
        self.authenticate("t_portal_a", "t_portal_a")
        page = self.url_open("/my/lab/visits/new").text
        self.assertEqual(page.count("<fieldset"), 2, "areas and visitors are groups")
        self.assertIn("<legend", page)
        self.assertIn('for="new_visitor_name"', page)
        self.assertIn('for="new_visitor_email"', page)

    def test_signing_page_offers_the_typed_name(self):
        """The signature can be typed: the stock pad's "Auto" mode with its "Full Name" label,
        reachable with the keyboard alone."""
        self.assertAccessible(self.nda.access_url, login="t_portal_a")
        self.browser_js(
            self.nda.access_url,
            """(async () => {
                const until = async (check) => {
                    for (let i = 0; i < 100 && !check(); i++) {
                        await new Promise((r) => setTimeout(r, 100));
                    }
                    return check();
                };
                const input = await until(() => document.querySelector(".o_web_sign_name_input"));
                if (!input) { throw new Error("no typed-name input"); }
                const label = document.querySelector(`label[for="${input.id}"]`);
                if (!label || !label.textContent.trim()) {
                    throw new Error("the name has no label");
                }
                input.focus();
                if (document.activeElement !== input) {
                    throw new Error("the name takes no focus");
                }
                const auto = document.querySelector(".o_web_sign_auto_button.active");
                if (!auto) { throw new Error("the signature is not made from the typed name"); }
                console.log("test successful");
            })();""",
            login="t_portal_a",
        )

    def test_keyboard_reaches_every_action(self):
        for url in ("/my/lab/visits/new", self.nda.access_url):
            with self.subTest(url=url):
                self.assertKeyboardUsable(url, login="t_portal_a")

    def test_lists_fit_a_phone(self):
        self._permit(self.customer_a, visitors=self.contact_a, purpose="audit").action_request()
        for url in ("/my/lab/visits", "/my/lab/ndas", self.permit.access_url):
            with self.subTest(url=url):
                self.assertFitsPhone(url, login="t_portal_a")
