from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalRequests(HttpCase):
    """Customers submit and follow their own requests in the portal, never another's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ctx = {"no_reset_password": True}
        Partner = cls.env["res.partner"]
        cls.customer_a, cls.customer_b = Partner.create(
            [
                {"name": "Portal Steel", "is_company": True},
                {"name": "Portal Chem", "is_company": True},
            ]
        )
        cls.contact_a, cls.contact_b = Partner.create(
            [
                {"name": "Ayla", "parent_id": cls.customer_a.id},
                {"name": "Berk", "parent_id": cls.customer_b.id},
            ]
        )
        cls.portal_a = new_test_user(
            cls.env,
            login="p5_portal_a",
            groups="base.group_portal",
            partner_id=cls.contact_a.id,
            context=ctx,
        )
        cls.portal_b = new_test_user(
            cls.env,
            login="p5_portal_b",
            groups="base.group_portal",
            partner_id=cls.contact_b.id,
            context=ctx,
        )
        cls.contact_a.email = "ayla@steel.example.com"
        cls.contact_b.email = "berk@chem.example.com"
        Request = cls.env["lab.customer.request"]
        cls.request_a = Request.create(
            {"subject": "Steel question", "partner_id": cls.contact_a.id, "channel": "phone"}
        )
        cls.request_b = Request.create(
            {"subject": "Chemical question", "partner_id": cls.contact_b.id, "channel": "email"}
        )
        cls.request_a._portal_ensure_token()

    def test_list_shows_only_own_requests(self):
        self.authenticate("p5_portal_a", "p5_portal_a")
        response = self.url_open("/my/lab/requests")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Steel question", response.text)
        self.assertNotIn("Chemical question", response.text)
        home = self.url_open("/my/home")
        self.assertIn("/my/lab/requests", home.text)

    def test_other_customer_refused_over_http(self):
        self.authenticate("p5_portal_b", "p5_portal_b")
        url = f"/my/lab/requests/{self.request_a.id}"
        for suffix in ("", "?access_token=", "?access_token=forged-token"):
            response = self.url_open(url + suffix, allow_redirects=False)
            # Issue 18: the same 404 on every detail page, no redirect to /my.
            self.assertEqual(response.status_code, 404, suffix)
        altered = self.request_a.access_token[:-1] + (
            "0" if self.request_a.access_token[-1] != "0" else "1"
        )
        response = self.url_open(f"{url}?access_token={altered}", allow_redirects=False)
        self.assertEqual(response.status_code, 404)
        # Their own request opens.
        response = self.url_open(f"/my/lab/requests/{self.request_b.id}")
        self.assertIn("Chemical question", response.text)
        # The ORM says the same.
        with self.assertRaises(AccessError):
            self.request_a.with_user(self.portal_b).read(["subject"])
        self.assertEqual(
            self.env["lab.customer.request"].with_user(self.portal_b).search([]), self.request_b
        )

    def test_portal_cannot_file_for_another_customer(self):
        with self.assertRaises(AccessError):
            self.env["lab.customer.request"].with_user(self.portal_b).create(
                {"subject": "On behalf of A", "partner_id": self.contact_a.id, "channel": "portal"}
            )

    def test_valid_token_opens_without_login(self):
        response = self.url_open(
            f"/my/lab/requests/{self.request_a.id}?access_token={self.request_a.access_token}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Steel question", response.text)

    def test_submit_request(self):
        self.authenticate("p5_portal_a", "p5_portal_a")
        Request = self.env["lab.customer.request"]
        # Bad input: no subject. A clear message, nothing created.
        before = Request.search_count([])
        response = self.url_open(
            "/my/lab/requests/new",
            data={"subject": "  ", "request_type": "price", "csrf_token": self._csrf()},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Say in a few words what your request is about.", response.text)
        self.assertEqual(Request.search_count([]), before)

        response = self.url_open(
            "/my/lab/requests/new",
            data={
                "subject": "Which documents for a noise survey?",
                "request_type": "documents",
                "description": "We plan a survey in March.<script>alert(1)</script>",
                "csrf_token": self._csrf(),
            },
        )
        self.assertEqual(response.status_code, 200)
        created = Request.search([("subject", "=", "Which documents for a noise survey?")])
        self.assertEqual(len(created), 1)
        self.assertEqual(created.partner_id, self.contact_a)
        self.assertEqual(created.channel, "portal")
        self.assertEqual(created.request_type, "documents")
        self.assertNotIn("<script>", created.description)
        self.assertIn(created.name, response.text, "the customer lands on their new request")

    def _csrf(self):
        response = self.url_open("/my/lab/requests/new")
        marker = 'name="csrf_token" value="'
        start = response.text.index(marker) + len(marker)
        return response.text[start : response.text.index('"', start)]

    def test_tour_submit_and_follow(self):
        self.start_tour("/my/lab/requests", "lab_portal_request_tour", login="p5_portal_a")
        created = self.env["lab.customer.request"].search(
            [("subject", "=", "Lead time for heavy metals on 12 filters")]
        )
        self.assertEqual(created.partner_id, self.contact_a)
        self.assertEqual(created.request_type, "lead_time")
        self.assertEqual(created.channel, "portal")
