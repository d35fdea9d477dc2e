import re
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.lab_customer_service.tests.portal_tables import PortalTableMixin, portal_tiles

from .common import SIGNATURE, ConfidentialityCase


@tagged("post_install", "-at_install")
class TestPortal(ConfidentialityCase, HttpCase, PortalTableMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.permit_a = cls._permit(cls.customer_a, areas=cls.area_micro)
        cls.permit_a.action_request()
        cls.nda_a = cls.permit_a.nda_ids
        cls.permit_a._portal_ensure_token()
        cls.nda_a._portal_ensure_token()
        cls._samples(cls.customer_b, cls.loc_micro, 2)

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def test_customer_a_sees_own_visit_without_other_customers(self):
        self.authenticate("t_portal_a", "t_portal_a")
        response = self._get(f"/my/lab/visits/{self.permit_a.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.permit_a.name, response.text)
        self.assertIn(self.nda_a.name, response.text, "the agreement to sign is offered")
        self.assertNotIn("Customer B", response.text)
        self.assertNotIn("other customers", response.text)
        listing = self._get("/my/lab/visits")
        self.assertIn(self.permit_a.name, listing.text)

    def test_visit_and_agreement_lists_keep_their_cells(self):
        """Issue 17: each row has a cell under every header, and each tile a pictogram."""
        self._permit(self.customer_a, visitors=self.contact_a, purpose="audit").action_request()
        self.authenticate("t_portal_a", "t_portal_a")
        headers, rows = self.assertPortalTableAligned("/my/lab/visits", min_rows=2)
        self.assertEqual(headers[-1], "Status")
        headers, rows = self.assertPortalTableAligned("/my/lab/ndas")
        self.assertEqual(headers, ["Agreement #", "Signatory", "Valid Until", "Status"])
        tiles = portal_tiles(self.url_open("/my/home").text)
        for url in ("/my/lab/visits", "/my/lab/ndas"):
            self.assertIn(f"/lab_confidentiality/static/src/img/portal-{url[8:-1]}.svg", tiles[url])

    def test_customer_b_refused_on_a_records(self):
        self.authenticate("t_portal_b", "t_portal_b")
        for record in (self.permit_a, self.nda_a):
            base = record.access_url
            token = record.access_token or "no-token"
            for url in (
                base,
                f"{base}?access_token=",
                f"{base}?access_token=not-a-token",
                f"{base}?access_token={token[:-1]}x",
                f"{base}?report_type=pdf&access_token=wrong",
            ):
                response = self._get(url)
                self.assertEqual(response.status_code, 404, url)  # issue 18: no redirect
                self.assertNotIn(record.name, response.text)
        # With the token from the email, the permit opens (as sale orders do); an agreement has
        # no record token, only its signatory's personal link (issue 16).
        permit_url = f"{self.permit_a.access_url}?access_token={self.permit_a.access_token}"
        self.assertEqual(self._get(permit_url).status_code, 200)
        self.assertFalse(self.nda_a.access_token)
        listing = self._get("/my/lab/visits")
        self.assertNotIn(self.permit_a.name, listing.text)
        result = self.make_jsonrpc_request(
            f"/my/lab/ndas/{self.nda_a.id}/sign",
            {"name": "Bob B", "signature": SIGNATURE, "access_token": "wrong"},
        )
        self.assertEqual(result, {"error": "Invalid agreement."})
        self.assertEqual(self.nda_a.state, "sent")

    def test_permit_pdf_only_once_approved(self):
        self.authenticate("t_portal_a", "t_portal_a")
        url = f"{self.permit_a.access_url}?report_type=pdf&download=true"
        response = self._get(url)
        self.assertEqual(response.status_code, 303, "a permit still to approve is no permit")
        self._signed_nda(self.contact_a)
        self.permit_a.conflict_measure = "pause"
        self.permit_a.with_user(self.director).action_approve()
        # The printed permit tells the visitor nothing about the work that was paused.
        page = self._get(self.permit_a.access_url).text
        self.assertNotIn("Customer B", page)
        self.assertNotIn("pause", page.lower())
        response = self._get(url)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.authenticate("t_portal_b", "t_portal_b")
        self.assertEqual(self._get(url).status_code, 404)

    def test_sign_in_portal_and_download(self):
        self.authenticate("t_portal_a", "t_portal_a")
        result = self.make_jsonrpc_request(
            f"/my/lab/ndas/{self.nda_a.id}/sign", {"name": "Alice A", "signature": ""}
        )
        self.assertIn("error", result)
        self.assertEqual(self.nda_a.state, "sent")
        result = self.make_jsonrpc_request(
            f"/my/lab/ndas/{self.nda_a.id}/sign", {"name": "Alice A", "signature": SIGNATURE}
        )
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(self.nda_a.state, "signed")
        self.assertEqual(self.nda_a.signed_by, "Alice A")
        self.assertTrue(
            self.nda_a.message_ids.attachment_ids.filtered(
                lambda a: a.mimetype == "application/pdf"
            )
        )
        pdf = self._get(f"{self.nda_a.access_url}?report_type=pdf&download=true")
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
        again = self.make_jsonrpc_request(
            f"/my/lab/ndas/{self.nda_a.id}/sign", {"name": "Alice A", "signature": SIGNATURE}
        )
        self.assertIn("error", again)

    def test_only_the_signatory_signs(self):
        colleague = self.env["res.partner"].create(
            {
                "name": "Ayla A",
                "parent_id": self.customer_a.id,
                "email": "ayla@customer.example.com",
            }
        )
        permit = self._permit(self.customer_a, visitors=colleague, areas=self.area_micro)
        permit.action_request()
        nda = permit.nda_ids
        self.authenticate("t_portal_a", "t_portal_a")
        page = self._get(nda.access_url)
        self.assertIn("Only Ayla A can sign", page.text)
        self.assertNotIn("sign_token", page.text)
        self.assertNotIn('name="portal.signature_form"', page.text)
        result = self.make_jsonrpc_request(
            f"{nda.access_url}/sign", {"name": "Alice A", "signature": SIGNATURE}
        )
        self.assertEqual(result, {"error": "Only Ayla A can sign this agreement."})
        self.assertEqual(nda.state, "sent")
        # Ayla signs through the personal link she received, without an account (issue 16).
        self.authenticate(None, None)
        mail = self.env["mail.mail"].search([("recipient_ids", "in", colleague.ids)])
        token = re.search(r"sign_token=([\w-]+)", str(mail.body_html)).group(1)
        result = self.make_jsonrpc_request(
            f"{nda.access_url}/sign?sign_token={token}",
            {"name": "Ayla A", "signature": SIGNATURE},
        )
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual((nda.state, nda.signed_by), ("signed", "Ayla A"))

    def _csrf_token(self):
        page = self.url_open("/my/lab/visits/new").text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def _post_visit(self, start, **form):
        data = {
            "csrf_token": self._csrf_token(),
            "purpose": "witness",
            "date_start": start.strftime("%Y-%m-%dT09:00"),
            "date_end": start.strftime("%Y-%m-%dT11:00"),
            "area_ids": [str(self.area_gc.id)],
            "visitor_ids": [str(self.contact_a.id)],
            **form,
        }
        return self.url_open("/my/lab/visits/new", data=data)

    def test_request_a_visit(self):
        self.authenticate("t_portal_a", "t_portal_a")
        Permit = self.env["lab.visit.permit"]
        before = Permit.search_count([])
        start = fields.Datetime.now() + timedelta(days=3)
        response = self._post_visit(start, date_end=start.strftime("%Y-%m-%dT08:00"))
        self.assertIn("The visit must end after it starts.", response.text)
        response = self._post_visit(start, area_ids=[])
        self.assertIn("Choose the areas", response.text)
        response = self._post_visit(start, visitor_ids=[str(self.contact_b.id)])
        self.assertIn("Visitors must be people of your company.", response.text)
        self.assertEqual(Permit.search_count([]), before, "a refused request writes nothing")
        response = self._post_visit(start, new_visitor_name="Ayşe Auditor")
        permit = Permit.search([], order="id desc", limit=1)
        self.assertEqual(permit.partner_id, self.customer_a)
        self.assertEqual(permit.state, "requested")
        self.assertEqual(permit.requested_by_id, self.contact_a)
        self.assertEqual(sorted(permit.visitor_ids.mapped("name")), ["Alice A", "Ayşe Auditor"])
        self.assertEqual(permit.area_ids, self.area_gc)
        self.assertEqual(permit.visitor_ids.parent_id, self.customer_a)
        self.assertEqual(len(permit.nda_ids), 2)
        self.assertIn(permit.name, response.text)

    def test_tour_request_visit_and_sign(self):
        self.start_tour("/my", "lab_confidentiality_visit_nda", login="t_portal_a")
        permit = self.env["lab.visit.permit"].search(
            [("partner_id", "=", self.customer_a.id), ("id", "!=", self.permit_a.id)]
        )
        self.assertEqual(len(permit), 1)
        self.assertEqual(permit.state, "requested")
        self.assertEqual(permit.area_ids, self.area_gc)
        self.assertEqual(permit.nda_ids.state, "signed")
        self.assertTrue(permit.nda_ids.signature)
        self.assertFalse(permit.missing_nda_ids)
