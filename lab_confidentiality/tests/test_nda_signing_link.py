import hashlib
import re
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from odoo.addons.lab_customer_service.tests.notice_case import NoticeAssertions
from odoo.addons.lab_customer_service.tests.rpc import RpcCase

from .common import SIGNATURE, ConfidentialityCase

PROTECTED = "changes only through its action"
# Any record token in a link: core portal links carry one.
SIGN_FORM = 'name="portal.signature_form"'
TOKEN_IN_URL = re.compile(r"(access_token|sign_token)=[\w-]+")


@tagged("post_install", "-at_install")
class TestNdaSigningLink(NoticeAssertions, ConfidentialityCase, RpcCase):
    """Issue 16: an agreement is a personal commitment (R-CF-01, R-CF-07, seed 000 §5.12).
    Alice of Customer A sees that her colleague Ayla's agreement waits for Ayla's signature, but
    not the link Ayla got, and cannot sign in her name; Ayla signs, logged in or through her own
    link, once, while it is valid, and the lab knows from which session."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ayla = cls.env["res.partner"].create(
            {"name": "Ayla A", "parent_id": cls.customer_a.id, "email": "ayla@customer.example.com"}
        )
        cls.portal_ayla = new_test_user(
            cls.env, login="t_portal_ayla", groups="base.group_portal", partner_id=cls.ayla.id
        )
        cls.ayla.name = "Ayla A"  # new_test_user names the contact after the login
        cls.permit = cls._permit(cls.customer_a, visitors=cls.ayla, areas=cls.area_micro)

    def setUp(self):
        super().setUp()
        # Ayla's colleague Alice asks for the visit from the portal: Ayla's agreement is sent.
        self.permit.with_user(self.portal_a).sudo().action_request()
        self.nda = self.permit.nda_ids
        self.assertEqual((self.nda.partner_id, self.nda.state), (self.ayla, "sent"))

    # helpers ---------------------------------------------------------------------------------

    def _link_mails(self, nda):
        return self.env["mail.mail"].search(
            [("subject", "like", nda.name), ("recipient_ids", "in", nda.partner_id.ids)],
            order="id",
        )

    def _token(self, mail):
        found = re.search(r"sign_token=([\w-]+)", str(mail.body_html))
        return found.group(1) if found else ""

    def _page(self, nda, token=None):
        url = nda.access_url + (f"?sign_token={token}" if token else "")
        return self.url_open(url, allow_redirects=False)

    def _sign(self, nda, name, token=None, **params):
        query = f"?sign_token={token}" if token else ""
        return self.make_jsonrpc_request(
            f"{nda.access_url}/sign{query}", {"name": name, "signature": SIGNATURE, **params}
        )

    def _logout(self):
        self.authenticate(None, None)
        self._rpc_login = False

    # the link -------------------------------------------------------------------------------

    def test_the_link_is_mailed_to_the_signatory_alone(self):
        mail = self._link_mails(self.nda)
        self.assertMailTo(mail, self.ayla)
        self.assertFalse(mail.model or mail.res_id, "not posted on the agreement")
        token = self._token(mail)
        link = self.nda.signing_link_ids
        self.assertEqual(len(link), 1)
        self.assertEqual(link.sudo().token_hash, hashlib.sha256(token.encode()).hexdigest())
        self.assertEqual(link.state, "active")
        self.assertFalse(self.nda.access_token, "the agreement has no record token")
        # Alice started the request: neither the mail nor any message of the agreement
        # shows her the link.
        found = self.rpc(
            self.portal_a, "mail.message", "search_read", [["body", "ilike", token]], ["id"]
        )
        self.assertEqual(found, [])
        self.assertNotIn(token, str(self.nda.message_ids.mapped("body")))
        self.assertTrue(
            self.nda.message_ids.filtered(
                lambda m: m.subtype_id == self.env.ref("mail.mt_note") and "Ayla A" in m.body
            ),
            "the staff see the link was sent",
        )

    def test_validity_comes_from_the_settings(self):
        self.env.company.lab_nda_link_days = 2
        nda = self.env["lab.nda"].create(
            {"partner_id": self.it_person.id, "template_id": self.it_template.id}
        )
        with freeze_time("2026-03-02 10:00:00"):
            nda.with_user(self.staff).action_send()
        self.assertEqual(nda.signing_link_ids.date_expiry, datetime(2026, 3, 4, 10, 0))

    # the colleague ----------------------------------------------------------------------------

    def test_colleague_sees_the_agreement_pending_without_link(self):
        token = self._token(self._link_mails(self.nda))
        self.authenticate("t_portal_a", "t_portal_a")
        pages = {
            url: self.url_open(url, allow_redirects=False)
            for url in (
                "/my/home",
                "/my/lab/ndas",
                self.nda.access_url,
                self.permit.access_url,
            )
        }
        for url, response in pages.items():
            self.assertEqual(response.status_code, 200, url)
            if token:
                self.assertNotIn(token, response.text, url)
            self.assertIsNone(TOKEN_IN_URL.search(response.text), url)
            if self.nda.access_token:
                self.assertNotIn(self.nda.access_token, response.text, url)
        page = pages[self.nda.access_url].text
        self.assertIn(self.nda.name, page)
        self.assertIn("Waiting for the signature of", page)
        self.assertIn("Ayla A", page)
        self.assertNotIn(SIGN_FORM, page, "no sign button for Alice")
        self.assertIn("To sign", pages["/my/lab/ndas"].text)
        # Nor does the record give Alice a token over JSON-RPC.
        [values] = self.rpc(self.portal_a, "lab.nda", "read", [self.nda.id], ["access_token"])
        self.assertFalse(values["access_token"])
        self.assertRpcRefused(self.portal_a, "lab.nda", "read", [self.nda.id], ["signing_link_ids"])
        self.assertRpcRefused(
            self.portal_a, "lab.nda.signing.link", "search_read", [], ["date_expiry"]
        )

    def test_colleague_cannot_sign_with_the_record_token(self):
        """The token of the record, once on every colleague's page, opens nothing."""
        self.nda.access_token = "0d5b7f7e-6f47-4c2c-9a3e-6f0b1f3a1c11"  # as copied before
        old = self.nda.access_token
        self.authenticate("t_portal_a", "t_portal_a")
        result = self._sign(self.nda, "Ayla A", access_token=old)
        self.assertEqual(result, {"error": "Only Ayla A can sign this agreement."})
        self._logout()
        page = self.url_open(f"{self.nda.access_url}?access_token={old}", allow_redirects=False)
        self.assertEqual(page.status_code, 404)
        self.assertNotIn(self.nda.name, page.text)
        result = self.make_jsonrpc_request(
            f"{self.nda.access_url}/sign?access_token={old}",
            {"name": "Ayla A", "signature": SIGNATURE},
        )
        self.assertEqual(result, {"error": "Invalid agreement."})
        self.assertEqual(self.nda.state, "sent")
        self.assertFalse(self.nda.signature or self.nda.signed_by)

    def test_colleague_cannot_sign_with_the_personal_link(self):
        token = self._token(self._link_mails(self.nda))
        self.authenticate("t_portal_a", "t_portal_a")
        page = self._page(self.nda, token).text
        self.assertNotIn(SIGN_FORM, page)
        result = self._sign(self.nda, "Ayla A", token)
        self.assertEqual(result, {"error": "Only Ayla A can sign this agreement."})
        self.assertEqual(self.nda.state, "sent")
        self.assertEqual(self.nda.signing_link_ids.state, "active")

    # the signatory ----------------------------------------------------------------------------

    def test_signatory_signs_with_the_link(self):
        mail = self._link_mails(self.nda)
        token = self._token(mail)
        self._logout()
        page = self._page(self.nda, token)
        self.assertEqual(page.status_code, 200)
        self.assertIn(SIGN_FORM, page.text)
        self.assertIn("Ayla A", page.text)
        result = self._sign(self.nda, "Ayla A", token)
        self.assertTrue(result.get("force_refresh"), result)
        link = self.nda.signing_link_ids
        self.assertEqual((self.nda.state, self.nda.signed_by), ("signed", "Ayla A"))
        self.assertEqual(self.nda.signing_method, "portal")
        self.assertEqual(self.nda.signing_link_id, link)
        self.assertEqual(link.state, "used")
        self.assertFalse(self.nda.signed_user_id, "nobody was logged in")
        self.assertEqual(self.nda.signed_ip, "127.0.0.1")
        self.assertTrue(self.nda.signed_user_agent)
        self.assertGreaterEqual(self.nda.date_signed, self.now)
        # The signed agreement opens with the link until it expires; it signs no more.
        self.assertIn("Signed by Ayla A", self.url_open(result["redirect_url"]).text)
        again = self._sign(self.nda, "Someone Else", token)
        self.assertIn("error", again)
        self.assertEqual(self.nda.signed_by, "Ayla A")
        # The staff see the session on the agreement; Ayla's colleague does not.
        [values] = self.rpc(
            self.staff,
            "lab.nda",
            "read",
            [self.nda.id],
            ["signed_user_id", "signed_ip", "signed_user_agent", "signing_link_id"],
        )
        self.assertEqual(values["signed_ip"], "127.0.0.1")
        self.assertEqual(values["signing_link_id"][0], link.id)
        self.assertRpcRefused(self.portal_a, "lab.nda", "read", [self.nda.id], ["signed_ip"])

    def test_signatory_signs_logged_in(self):
        self.authenticate("t_portal_ayla", "t_portal_ayla")
        page = self._page(self.nda).text
        self.assertIn(SIGN_FORM, page)
        self.assertIsNone(TOKEN_IN_URL.search(page))
        result = self._sign(self.nda, "Ayla A")
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(self.nda.state, "signed")
        self.assertEqual(self.nda.signed_user_id, self.portal_ayla)
        self.assertEqual(self.nda.signed_ip, "127.0.0.1")
        self.assertFalse(self.nda.signing_link_id)
        self.assertEqual(self.nda.signing_link_ids.state, "voided", "the unused link is void")

    def test_expired_link_is_refused(self):
        token = self._token(self._link_mails(self.nda))
        self.nda.signing_link_ids.date_expiry = self.now - timedelta(minutes=1)
        self._logout()
        page = self._page(self.nda, token)
        self.assertIn("Signing link no longer valid", page.text)
        self.assertNotIn(self.nda.name, page.text)
        self.assertEqual(self._sign(self.nda, "Ayla A", token), {"error": "Invalid agreement."})
        self.assertEqual(self.nda.state, "sent")
        self.assertEqual(self.nda.signing_link_ids.state, "expired")

    def test_used_link_is_refused(self):
        token = self._token(self._link_mails(self.nda))
        # The link served once (e.g. the agreement was signed, then cancelled and sent again).
        self.nda.signing_link_ids.date_used = self.now - timedelta(hours=1)
        self._logout()
        self.assertNotIn(SIGN_FORM, self._page(self.nda, token).text)
        result = self._sign(self.nda, "Ayla A", token)
        self.assertIn("error", result)
        self.assertEqual(self.nda.state, "sent")
        self.assertFalse(self.nda.signature)

    def test_wrong_token_is_refused(self):
        token = self._token(self._link_mails(self.nda))
        self._logout()
        wrong = token[:-2] + ("aa" if token[-2:] != "aa" else "bb")
        self.assertIn("Signing link no longer valid", self._page(self.nda, wrong).text)
        self.assertEqual(self._sign(self.nda, "Ayla A", wrong), {"error": "Invalid agreement."})
        self.assertEqual(self._sign(self.nda, "Ayla A"), {"error": "Invalid agreement."})
        self.assertEqual(self.nda.state, "sent")

    def test_a_new_link_voids_the_old(self):
        old_token = self._token(self._link_mails(self.nda))
        for user in (self.technician, self.portal_a, self.portal_ayla):
            self.assertRpcRefused(user, "lab.nda", "action_send_signing_link", [self.nda.id])
        self.assertEqual(len(self._link_mails(self.nda)), 1)
        self.rpc(self.staff, "lab.nda", "action_send_signing_link", [self.nda.id])
        mails = self._link_mails(self.nda)
        self.assertEqual(len(mails), 2)
        self.assertMailTo(mails[-1], self.ayla)
        new_token = self._token(mails[-1])
        self.assertNotEqual(new_token, old_token)
        self.assertEqual(
            self.nda.signing_link_ids.sorted("id").mapped("state"), ["voided", "active"]
        )
        self._logout()
        self.assertEqual(self._sign(self.nda, "Ayla A", old_token), {"error": "Invalid agreement."})
        self.assertEqual(self.nda.state, "sent")
        result = self._sign(self.nda, "Ayla A", new_token)
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(self.nda.state, "signed")

    # the controls ----------------------------------------------------------------------------

    def test_signature_session_is_written_only_by_signing(self):
        forged = (
            {"signed_ip": "10.0.0.1"},
            {"signed_user_agent": "curl/8"},
            {"signed_user_id": self.portal_ayla.id},
            {"signing_link_id": self.nda.signing_link_ids.id},
        )
        for user in (self.staff, self.quality_manager, self.director):
            for vals in forged:
                self.assertRpcRefused(
                    user, "lab.nda", "write", [self.nda.id], vals, message=PROTECTED
                )
                self.assertRpcRefused(
                    user,
                    "lab.nda",
                    "create",
                    [
                        {
                            "partner_id": self.contact_a.id,
                            "template_id": self.visitor_template.id,
                            **vals,
                        }
                    ],
                    message=PROTECTED,
                )
        for vals in forged:
            self.assertRpcRefused(self.portal_ayla, "lab.nda", "write", [self.nda.id], vals)
        # Nobody makes, stretches or spends a link by hand.
        link = self.nda.signing_link_ids
        self.assertRpcRefused(
            self.staff,
            "lab.nda.signing.link",
            "create",
            [{"nda_id": self.nda.id, "partner_id": self.ayla.id, "token_hash": "x"}],
        )
        self.assertRpcRefused(
            self.quality_manager,
            "lab.nda.signing.link",
            "write",
            [link.id],
            {"date_expiry": "2099-01-01 00:00:00"},
        )
        self.assertRpcRefused(self.staff, "lab.nda", "_sign_in_portal", [self.nda.id], "A", "B")
        self.assertFalse(self.nda.signed_ip or self.nda.signed_user_agent)
        self.assertFalse(self.nda.signed_user_id or self.nda.signing_link_id)
        self.assertEqual(link.state, "active")
        self.assertEqual(
            self.env["lab.nda"].search_count([("partner_id", "=", self.contact_a.id)]), 0
        )

    def test_signature_session_is_frozen_with_the_signature(self):
        self.authenticate("t_portal_ayla", "t_portal_ayla")
        self._sign(self.nda, "Ayla A")
        self.assertEqual(self.nda.state, "signed")
        for vals in ({"signed_ip": "10.0.0.1"}, {"signed_user_id": False}):
            self.assertRpcRefused(self.quality_manager, "lab.nda", "write", [self.nda.id], vals)
        self.assertEqual(self.nda.signed_user_id, self.portal_ayla)
        self.assertEqual(self.nda.signed_ip, "127.0.0.1")

    def test_tour_signatory_signs_in_the_portal(self):
        """R-CF-01: Ayla logs in, opens her pending agreement, signs it and sees it signed."""
        self.start_tour("/my", "lab_confidentiality_nda_signatory", login="t_portal_ayla")
        self.assertEqual((self.nda.state, self.nda.signed_by), ("signed", "Ayla A"))
        self.assertTrue(self.nda.signature)
        self.assertEqual(self.nda.signed_user_id, self.portal_ayla)
