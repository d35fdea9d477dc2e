import xmlrpc.client

from odoo import fields, http
from odoo.tests import HttpCase, get_db_name, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import LabCase

SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA"
    "60e6kgAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestPortalContract(HttpCase, LabCase):
    """The contract seen from outside: portal acceptance, RPC, and customers kept apart."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_a = cls._lab_order(cls.contact_a, confirm=True)
        cls.order_a._portal_ensure_token()
        cls.deviation_a = cls.env["lab.order.deviation"].create(
            {
                "order_id": cls.order_a.id,
                "name": "Sample analysed after holding time",
                "reason": "Courier delay of 2 days",
                "impact": "Results may be biased low",
            }
        )
        cls.order_a.order_line[0].product_uom_qty = 2
        cls.revision_a = cls.order_a.lab_revision_ids
        cls.revision_a.reason = "The customer asked for a second sample"
        cls.review_a = cls.order_a.lab_review_id

    @mute_logger("odoo.addons.rpc.controllers.xmlrpc", "odoo.http")
    def _rpc(self, user, model, method, *args):
        # Internal users log in over RPC with an API key (mail 2FA is on by default).
        if user.share:
            secret = user.login
        else:
            secret = (
                self.env["res.users.apikeys"]
                .with_user(user)
                ._generate(None, "tests", fields.Datetime.add(self.now, days=1))
            )
        return self.xmlrpc_object.execute_kw(
            get_db_name(), user.id, secret, model, method, list(args)
        )

    def _post(self, url, **data):
        return self.url_open(url, data=dict(data, csrf_token=http.Request.csrf_token(self)))

    def test_portal_acceptance_is_gated(self):
        quote = self._lab_order(self.contact_a)
        quote.write({"require_signature": True, "require_payment": False})
        quote.action_quotation_sent()
        token = quote._portal_ensure_token()
        self.authenticate("t_portal_a", "t_portal_a")
        params = {"access_token": token, "name": "Alice A", "signature": SIGNATURE}
        result = self.make_jsonrpc_request(f"/my/orders/{quote.id}/accept", params)
        self.assertIn("cannot be accepted yet", result["error"])
        self.assertEqual(quote.state, "sent")
        self.assertFalse(quote.signature)
        page = self.url_open(quote.get_portal_url()).text
        self.assertIn("The laboratory is reviewing this request", page)

        self._approve_lab_review(quote)
        result = self.make_jsonrpc_request(f"/my/orders/{quote.id}/accept", params)
        self.assertNotIn("error", result)
        self.assertEqual(quote.state, "sale")
        self.assertEqual(quote.signed_by, "Alice A")

    def test_confirm_over_rpc_as_lab_user_is_gated(self):
        quote = self._lab_order(self.contact_a)
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self._rpc(self.staff, "sale.order", "action_confirm", [quote.id])
        self.assertIn(
            "cannot be confirmed before its contract review", caught.exception.faultString
        )
        self.assertEqual(quote.state, "draft")
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self._rpc(
                self.staff,
                "lab.contract.review",
                "write",
                [quote.lab_review_id.id],
                {"state": "approved"},
            )
        self.assertIn("changes only through its action", caught.exception.faultString)
        self.assertEqual(quote.lab_review_id.state, "draft")

    def test_customer_b_cannot_read_customer_a_records_over_rpc(self):
        own = self._rpc(
            self.portal_a, "lab.order.deviation", "read", [self.deviation_a.id], ["name"]
        )
        self.assertEqual(own[0]["name"], "Sample analysed after holding time")
        for record in (self.review_a, self.deviation_a, self.revision_a):
            with self.assertRaises(xmlrpc.client.Fault, msg=record._name) as caught:
                self._rpc(self.portal_b, record._name, "read", [record.id], ["name"])
            self.assertIn("doesn't have 'read' access", caught.exception.faultString)
            found = self._rpc(self.portal_b, record._name, "search", [("id", "=", record.id)])
            self.assertEqual(found, [], record._name)

    def test_customer_b_cannot_reach_customer_a_records_over_http(self):
        self.authenticate("t_portal_b", "t_portal_b")
        for token in (None, "", self.order_a.access_token[:-2] + "xx"):
            url = f"/my/orders/{self.order_a.id}" + (
                f"?access_token={token}" if token is not None else ""
            )
            response = self.url_open(url)
            self.assertNotIn("Sample analysed after holding time", response.text)
            self.assertTrue(response.url.endswith("/my"), response.url)

            base = f"/my/orders/{self.order_a.id}/lab"
            data = {"access_token": token} if token is not None else {}
            self._post(f"{base}/deviations/{self.deviation_a.id}/acknowledge", **data)
            self._post(f"{base}/revisions/{self.revision_a.id}/agree", **data)
        self.assertEqual(self.deviation_a.state, "reported")
        self.assertFalse(self.deviation_a.acknowledged_user_id)
        self.assertFalse(self.revision_a.customer_agreed_date)

        # Nor through the web client's RPC over HTTP, by id.
        for record in (self.review_a, self.deviation_a, self.revision_a):
            with (
                self.assertRaises(JsonRpcException, msg=record._name) as caught,
                mute_logger("odoo.http"),
            ):
                self.make_jsonrpc_request(
                    f"/web/dataset/call_kw/{record._name}/read",
                    {
                        "model": record._name,
                        "method": "read",
                        "args": [record.ids, ["name"]],
                        "kwargs": {},
                    },
                )
            self.assertIn("AccessError", str(caught.exception))

        # B's own order does not open A's deviation either.
        order_b = self._lab_order(self.contact_b, confirm=True)
        self._post(
            f"/my/orders/{order_b.id}/lab/deviations/{self.deviation_a.id}/acknowledge",
            access_token=order_b._portal_ensure_token(),
        )
        self.assertEqual(self.deviation_a.state, "reported")

    def test_customer_agrees_to_amendment_and_subcontracting_in_portal(self):
        self.authenticate("t_portal_a", "t_portal_a")
        token = self.order_a.access_token
        page = self.url_open(self.order_a.get_portal_url()).text
        self.assertIn("Respirable dust: quantity 1.0 → 2.0", page)
        self._post(
            f"/my/orders/{self.order_a.id}/lab/revisions/{self.revision_a.id}/agree",
            access_token=token,
        )
        self.assertTrue(self.revision_a.customer_agreed_date)
        self.assertEqual(self.revision_a.customer_agreed_user_id, self.portal_a)

        quote = self._lab_order(self.contact_a, products=self.test_silica)
        quote_token = quote._portal_ensure_token()
        response = self._post(f"/my/orders/{quote.id}/lab/consent", access_token=quote_token)
        self.assertIn("has not named the subcontractor yet", response.text)
        self.assertFalse(quote.order_line.lab_consent_date)
        quote.order_line.lab_subcontractor_id = self.subcontractor
        response = self._post(f"/my/orders/{quote.id}/lab/consent", access_token=quote_token)
        self.assertIn("your consent to subcontracting is recorded", response.text)
        self.assertEqual(quote.order_line.lab_consent_user_id, self.portal_a)
        self.assertTrue(quote.order_line._lab_has_consent())

    def test_published_documents_page(self):
        self.env["lab.published.document"].create(
            [
                {
                    "name": "Accreditation scope AB-0123",
                    "category": "accreditation",
                    "is_published": True,
                },
                {"name": "Secret draft price list", "category": "price"},
            ]
        )
        self.authenticate("t_portal_b", "t_portal_b")
        page = self.url_open("/my/lab/documents").text
        self.assertIn("Accreditation scope AB-0123", page)
        self.assertNotIn("Secret draft price list", page)
        self.assertIn("/my/lab/documents", self.url_open("/my").text)

    def test_deviation_acknowledged_in_portal_tour(self):
        self.start_tour(
            self.order_a.get_portal_url(), "lab_deviation_acknowledge_tour", login="t_portal_a"
        )
        self.assertEqual(self.deviation_a.state, "acknowledged")
        self.assertEqual(self.deviation_a.acknowledged_user_id, self.portal_a)
        self.assertTrue(self.deviation_a.acknowledged_date)
        self.assertTrue(
            self.order_a.message_ids.filtered(lambda m: "acknowledged the deviation" in str(m.body))
        )

    def test_portal_acceptance_waits_for_subcontracting_consent(self):
        quote = self._lab_order(self.contact_a, products=self.test_silica)
        quote.write({"require_signature": True, "require_payment": False})
        quote.action_quotation_sent()
        quote.order_line.lab_subcontractor_id = self.subcontractor
        review = quote.lab_review_id
        review.line_ids.write({"answer": "yes"})
        review.with_user(self.deputy).action_approve()
        token = quote._portal_ensure_token()
        self.authenticate("t_portal_a", "t_portal_a")
        params = {"access_token": token, "name": "Alice A", "signature": SIGNATURE}
        result = self.make_jsonrpc_request(f"/my/orders/{quote.id}/accept", params)
        self.assertIn("please consent to subcontracting", result["error"])
        self.assertEqual(quote.state, "sent")
        self._post(f"/my/orders/{quote.id}/lab/consent", access_token=token)
        result = self.make_jsonrpc_request(f"/my/orders/{quote.id}/accept", params)
        self.assertNotIn("error", result)
        self.assertEqual(quote.state, "sale")
        self.assertEqual(quote.order_line.lab_consent_user_id, self.portal_a)

    @mute_logger("odoo.http")
    def test_contract_review_backend_tour(self):
        quote = self._lab_order(self.customer_a)
        self.start_tour(
            f"/odoo/sale.order/{quote.id}", "lab_contract_review_backend_tour", login="t_staff"
        )
        self.assertEqual(quote.lab_review_id.state, "draft")
        self.assertFalse(quote.lab_review_id.reviewer_id)
