"""The public form, used the way a spammer or an unmasker would use it (issue 16, points 3 and 4).

Each test sends real HTTP requests, with the headers an attacker chooses.
"""

import re
import threading
from datetime import timedelta
from unittest.mock import patch
from urllib.parse import urlsplit

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.http import request
from odoo.orm.environments import Transaction
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.lab_complaints.controllers.main import (
    DEFAULT_HOURLY_LIMIT,
    HOURLY_LIMIT_PARAM,
    RATE_LIMIT_SCOPE,
)

from .http_common import CSRF, ComplaintHttpCase
from .test_public_form import PDF

HOSTILE_NAME = "Cheap Pills Online"
HOSTILE_SUBJECT = "Buy now at pills.example"
CONFIRM_LINK = re.compile(r"/lab/complaint/(\d+)/confirm\?token=([0-9a-f]+)")


@tagged("post_install", "-at_install")
class TestPublicFormAbuse(ComplaintHttpCase):
    def _submit(self, headers=None, files=None, **values):
        data = {
            "complaint_type": "complaint",
            "subject": "Rude reception",
            "description": "The desk was rude to our driver.",
            **values,
        }
        return self._post("/lab/complaint/submit", data, files=files, headers=headers)

    def _via_proxy(self, client):
        """Headers a reverse proxy sends (or a client forges) naming ``client``."""
        return {"X-Forwarded-For": client, "X-Forwarded-Host": urlsplit(self.base_url()).netloc}

    def _web_complaints(self):
        return self.Complaint.sudo().search(
            [("channel", "=", "web"), ("id", ">", self.last_complaint_id)]
        )

    def _mails(self, complaint):
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "lab.complaint"), ("res_id", "=", complaint.id)], order="id")
        )

    def _trust_proxies(self, value):
        self.env["ir.config_parameter"].sudo().set_param("lab_complaints.trusted_proxies", value)

    # ------------------------------------------------------------------ who is counted

    def test_forged_forwarded_for_on_a_direct_connection_counts_the_peer(self):
        """Odoo behind no proxy of ours, port 8069 reached directly, ``proxy_mode`` on: a client
        naming itself anew in every post is still one client."""
        self._trust_proxies("192.0.2.1")  # the proxy is elsewhere: this connection is direct
        with patch.dict(odoo.tools.config.options, {"proxy_mode": True}):
            for index in range(5):
                response = self._submit(
                    anonymous="1", headers=self._via_proxy(f"198.51.100.{index + 1}")
                )
                self.assertEqual(response.status_code, 303)
            response = self._submit(anonymous="1", headers=self._via_proxy("198.51.100.99"))
        self.assertEqual(response.status_code, 429, "a forged header buys no new quota")
        self.assertEqual(len(self._web_complaints()), 5)

    def test_clients_behind_the_trusted_proxy_are_counted_apart(self):
        """Behind the lab's own proxy on this host (the default trusted one), with ``proxy_mode``
        off: one client using up its hour leaves the form open to the next."""
        with patch.dict(odoo.tools.config.options, {"proxy_mode": False}):
            for index in range(5):
                response = self._submit(
                    anonymous="1",
                    subject=f"Complaint {index}",
                    headers=self._via_proxy(f"10.0.0.{index}, 203.0.113.5"),
                )
                self.assertEqual(response.status_code, 303)
            response = self._submit(anonymous="1", headers=self._via_proxy("203.0.113.5"))
            self.assertEqual(response.status_code, 429)
            # what the client prepends is not trusted: the proxy's last hop names it
            response = self._submit(
                anonymous="1", headers=self._via_proxy("203.0.113.5, 203.0.113.6")
            )
            self.assertEqual(response.status_code, 303, "another client is not blocked")
        self.assertEqual(len(self._web_complaints()), 6)

    def test_ipv6_client_counts_with_its_64(self):
        with patch.dict(odoo.tools.config.options, {"proxy_mode": True}):
            for index in range(5):
                response = self._submit(
                    anonymous="1", headers=self._via_proxy(f"2001:db8:1:2::{index + 1:x}")
                )
                self.assertEqual(response.status_code, 303)
            response = self._submit(
                anonymous="1", headers=self._via_proxy("2001:db8:1:2:ffff:ffff:ffff:fff0")
            )
            self.assertEqual(response.status_code, 429, "a new address in the same /64")
            response = self._submit(anonymous="1", headers=self._via_proxy("2001:db8:1:3::1"))
            self.assertEqual(response.status_code, 303, "the next /64 is another subscriber")

    def test_one_mailbox_is_limited_from_any_network(self):
        spellings = [
            "victim@example.org",
            "Victim@Example.org",
            "victim+1@example.org",
            "victim+news@example.org",
            "VICTIM+x@example.org",
        ]
        with patch.dict(odoo.tools.config.options, {"proxy_mode": True}):
            for index, email in enumerate(spellings):
                response = self._submit(
                    name="Someone", email=email, headers=self._via_proxy(f"198.51.100.{index}")
                )
                self.assertEqual(response.status_code, 303)
            response = self._submit(
                name="Someone",
                email="victim+6@example.org",
                headers=self._via_proxy("198.51.100.77"),
            )
            self.assertEqual(response.status_code, 429, "a sixth mail to one mailbox")
            response = self._submit(anonymous="1", headers=self._via_proxy("198.51.100.77"))
            self.assertEqual(response.status_code, 303, "that network was not charged for it")
        confirmations = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "lab.complaint"), ("res_id", "in", self._web_complaints().ids)])
        )
        self.assertEqual(len(confirmations), 5, "at most the limit of mails to one mailbox")

    # ------------------------------------------------------------------ what is kept

    def test_counters_keep_the_hour_only_and_go_when_it_is_over(self):
        now = fields.Datetime.now()
        RateLimit = self.env["lab.rate.limit"].sudo()
        self.assertTrue(
            RateLimit._lab_allow(
                RATE_LIMIT_SCOPE,
                ["net:203.0.113.40"],
                DEFAULT_HOURLY_LIMIT,
                now - timedelta(hours=1),
            )
        )
        self.assertEqual(len(RateLimit.search([])), 1)
        self.assertEqual(self._submit(anonymous="1").status_code, 303)
        rows = RateLimit.search([])
        self.assertEqual(len(rows), 1, "the past hour's counter went with the next post")
        timed = [
            name for name, field in RateLimit._fields.items() if field.type in ("date", "datetime")
        ]
        self.assertEqual(timed, ["hour_start"], "no creation or write time either")
        self.assertEqual(rows.hour_start, now.replace(minute=0, second=0, microsecond=0))
        self.assertEqual(rows.hit_count, 1)
        self.env.cr.execute("SELECT * FROM lab_rate_limit")
        [row] = self.env.cr.dictfetchall()
        self.assertEqual(set(row), {"id", "key_hash", "hour_start", "hit_count"})
        # the daily vacuum sweeps what no later post swept
        self.assertTrue(
            RateLimit._lab_allow(
                RATE_LIMIT_SCOPE,
                ["net:203.0.113.41"],
                DEFAULT_HOURLY_LIMIT,
                now - timedelta(hours=3),
            )
        )
        RateLimit._gc_past_hours()
        self.assertEqual(RateLimit.search([]).hour_start, rows.hour_start)

    def test_submit_puts_no_id_or_token_in_a_url(self):
        response = self._submit(anonymous="1")
        self.assertEqual(response.status_code, 303)
        complaint = self._web_complaints()
        location = urlsplit(response.headers["Location"])
        self.assertEqual((location.path, location.query), ("/lab/complaint/sent", ""))
        page = self.url_open(response.headers["Location"], allow_redirects=False)
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"access_token={complaint.access_token}", page.text, "shown in the page")
        self.assertIn("no-store", page.headers.get("Cache-Control", ""))
        again = self.url_open("/lab/complaint/sent", allow_redirects=False)
        self.assertIn(again.status_code, (302, 303), "shown once")
        self.assertNotIn(complaint.access_token, again.text)
        # and the link itself still opens the follow-up page
        followup = self._followup(complaint, complaint.access_token)
        self.assertEqual(followup.status_code, 200)
        self.assertIn("Rude reception", followup.text)

    # ------------------------------------------------------------------ what is mailed

    def test_named_submission_hears_from_us_once_its_address_confirms(self):
        response = self._submit(
            name=HOSTILE_NAME,
            email="victim@example.org",
            subject=HOSTILE_SUBJECT,
            description="Visit pills.example today.",
        )
        self.assertEqual(response.status_code, 303)
        sent = self.url_open(response.headers["Location"])
        self.assertIn("confirm your address", sent.text)
        complaint = self._web_complaints()
        self.assertEqual(complaint.step, "received", "no acknowledgement yet")
        self.assertFalse(complaint.is_email_confirmed)
        confirmation = self._mails(complaint)
        self.assertEqual(len(confirmation), 1, "only the request to confirm the address")
        self.assertEqual(confirmation.email_to, "victim@example.org")
        self.assertFalse(confirmation.recipient_ids)
        for text in (HOSTILE_NAME, "pills.example", "Buy now"):
            for part in (confirmation.subject, confirmation.body_html, confirmation.email_to):
                self.assertNotIn(text, part, "nothing the sender typed is repeated")
        complaint_id, token = CONFIRM_LINK.search(confirmation.body_html).groups()
        self.assertEqual(int(complaint_id), complaint.id)
        url = f"/lab/complaint/{complaint.id}/confirm"

        # one character off (never the token itself, whatever its first character)
        off_by_one = ("1" if token[0] == "0" else "0") + token[1:]
        for wrong in (off_by_one, "", "é" * 64):
            self.assertEqual(self.url_open(f"{url}?token={wrong}").status_code, 404, wrong)
        page = self.url_open(f"{url}?token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_lab_confirm_button", page.text)
        complaint.invalidate_recordset()
        self.assertFalse(complaint.is_email_confirmed, "a mail scanner opening it confirms nothing")
        self.assertEqual(len(self._mails(complaint)), 1)

        csrf = CSRF.search(page.text).group(1)
        done = self.url_open(url, data={"csrf_token": csrf, "token": token})
        self.assertEqual(done.status_code, 200)
        self.assertIn("your address is confirmed", done.text)
        complaint.invalidate_recordset()
        self.assertTrue(complaint.is_email_confirmed)
        self.assertEqual(complaint.step, "acknowledged")
        acknowledgement = self._mails(complaint) - confirmation
        self.assertEqual(len(acknowledgement), 1)
        self.assertEqual(acknowledgement.email_to, "victim@example.org")
        self.assertIn(complaint.name, acknowledgement.subject)
        for text in (HOSTILE_NAME, "pills.example", "Buy now"):
            for part in (acknowledgement.subject, acknowledgement.body_html):
                self.assertNotIn(text, part, "the acknowledgement repeats no free text either")
        # a second click changes nothing and mails nothing
        self.url_open(url, data={"csrf_token": csrf, "token": token})
        self.assertEqual(len(self._mails(complaint)), 2)

    def test_captcha_hook_refuses_a_post_the_site_captcha_refuses(self):
        form = self.url_open("/lab/complaint")
        self.assertIn('data-captcha="lab_complaint"', form.text, "the captcha scripts' marker")

        def verify(ir_http, action):
            if action != "lab_complaint" or request.params.get("recaptcha_token_response") != "ok":
                raise UserError(ir_http.env._("The captcha took you for a robot."))

        with patch.object(self.env.registry["ir.http"], "_verify_request_recaptcha_token", verify):
            response = self._submit(anonymous="1", subject="Robot")
            self.assertEqual(response.status_code, 400)
            self.assertIn("took you for a robot", response.text)
            self.assertIn("Robot", response.text, "what was typed is kept")
            self.assertFalse(self._web_complaints())
            response = self._submit(anonymous="1", recaptcha_token_response="ok")
            self.assertEqual(response.status_code, 303)
        self.assertEqual(len(self._web_complaints()), 1)

    # ------------------------------------------------------------------ files

    def test_stored_type_comes_from_the_content_not_the_name(self):
        polyglot = PDF + b"\n<html><script>alert(document.cookie)</script></html>"
        upload = [("attachments", ("x.html", polyglot, "text/html"))]
        for identity in ({"anonymous": "1"}, {"name": "Zeynep Kaya", "email": "z@example.org"}):
            self.assertEqual(self._submit(files=upload, **identity).status_code, 303)
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [("res_model", "=", "lab.complaint"), ("res_id", "in", self._web_complaints().ids)]
            )
        )
        self.assertEqual(len(attachments), 2)
        self.assertEqual(set(attachments.mapped("mimetype")), {"application/pdf"})
        self.assertEqual(set(attachments.mapped("name")), {"x.html.pdf"})

    @mute_logger("odoo.http")
    def test_follow_up_link_uploads_and_posts_nothing_through_the_mail_routes(self):
        self.assertEqual(self._submit(anonymous="1").status_code, 303)
        complaint = self._web_complaints()
        token = complaint.access_token
        html = ("x.html", b"<html><script>alert(1)</script></html>", "text/html")
        upload = {"thread_model": "lab.complaint", "thread_id": complaint.id}
        for access in ({"token": token}, {"token": token, "is_pending": "true"}):
            response = self.url_open(
                "/mail/attachment/upload",
                data={"csrf_token": self._csrf(), **upload, **access},
                files=[("ufile", html)],
            )
            self.assertEqual(response.status_code, 404, access)
        self.assertFalse(
            self.env["ir.attachment"].sudo().search([("name", "=", "x.html")]),
            "nothing stored, not even pending",
        )
        response = self.url_open(
            "/mail/message/post",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {
                    "thread_model": "lab.complaint",
                    "thread_id": complaint.id,
                    "post_data": {"body": "Posted through the token", "message_type": "comment"},
                    "token": token,
                },
            },
        )
        self.assertIn("error", response.json())
        messages = (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", "lab.complaint"), ("res_id", "=", complaint.id)])
        )
        self.assertNotIn("Posted through the token", "".join(messages.mapped("body")))
        # the follow-up page still opens with the same token
        self.assertEqual(self._followup(complaint, token).status_code, 200)
        # staff keep attaching files in the chatter, with their own rights
        self.authenticate(self.staff.login, self.staff.login)
        response = self.url_open(
            "/mail/attachment/upload",
            data={"csrf_token": self._csrf(), **upload},
            files=[("ufile", ("note.pdf", PDF, "application/pdf"))],
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment_id", response.json()["data"])


@tagged("post_install", "-at_install")
class TestPublicFormConcurrency(TransactionCase):
    """Eight posts from one client at the same moment: the limit holds (issue 16).

    Each post runs on its own cursor, which reads the database before the race starts, as a
    request does before it reaches the limit; the counters are committed, and removed after.
    """

    def test_eight_simultaneous_posts_from_one_client(self):
        now = fields.Datetime.now()
        key = f"net:203.0.113.{now.microsecond % 250}-race-{now.timestamp()}"
        key_hash = self.env["lab.rate.limit"]._lab_key_hash(RATE_LIMIT_SCOPE, key)
        self.addCleanup(self._remove_counter, key_hash)
        limit = self.env["lab.rate.limit"]._lab_hourly_limit(
            HOURLY_LIMIT_PARAM, DEFAULT_HOURLY_LIMIT
        )
        barrier = threading.Barrier(8, timeout=60)
        results, errors = [], []

        def post():
            try:
                with self.registry.cursor() as cr:
                    cr.transaction = Transaction(self.registry)
                    RateLimit = api.Environment(cr, SUPERUSER_ID, {})["lab.rate.limit"]
                    RateLimit.search_count([])  # the request's snapshot is taken here
                    barrier.wait()
                    results.append(RateLimit._lab_allow(RATE_LIMIT_SCOPE, [key], limit, now))
            except Exception as error:  # noqa: BLE001 -- reported by the main thread
                errors.append(error)

        threads = [threading.Thread(target=post) for _i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertFalse(errors, errors)
        self.assertEqual(len(results), 8)
        self.assertEqual(results.count(True), min(limit, 8), results)
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT hit_count FROM lab_rate_limit WHERE key_hash = %s",
                [key_hash],
            )
            self.assertEqual(cr.fetchall(), [(min(limit, 8),)], "the refused posts left no count")

    def _remove_counter(self, key_hash):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM lab_rate_limit WHERE key_hash = %s", [key_hash])
