import io
import random

from lxml import html as lxml_html
from PIL import Image

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.lab_complaints.controllers.main import (
    DEFAULT_HOURLY_LIMIT,
    HOURLY_LIMIT_PARAM,
    RATE_LIMIT_SCOPE,
)

from .http_common import ComplaintHttpCase
from .test_anonymous import identity_leaks


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    '<a href="javascript:alert(1)">click</a>',
    "<iframe src=//evil.example></iframe>",
    "<style>body{display:none}</style>",
    "'; DROP TABLE lab_complaint; --",
    "\x00\x01\x02 control",
    "😀 ünïcödé 漢字 кириллица",
    "",
    " ",
    "x" * 20000,
    "-1",
    "999999999999",
    "[1, 2]",
    "{'a': 1}",
]
KEYS = [
    "subject",
    "description",
    "name",
    "email",
    "phone",
    "anonymous",
    "complaint_type",
    "stage_id",
    "partner_id",
    "is_justified",
    "company_id",
    "user_id",
    "decision",
    "is_anonymous",
    "channel",
    "impartiality_check",
    "decision_director_id",
    "access_token",
    "report_id",
    "order_id",
    "__proto__",
    "x" * 300,
]


@tagged("post_install", "-at_install")
class TestPublicForm(ComplaintHttpCase):
    def _submit(self, **values):
        data = {
            "complaint_type": "complaint",
            "subject": "Rude reception",
            "description": "The desk was rude to our driver.",
            **values,
        }
        files = values.pop("files", None)
        data.pop("files", None)
        return self._post("/lab/complaint/submit", data, files=files)

    def _web_complaints(self):
        return self.Complaint.sudo().search(
            [("channel", "=", "web"), ("id", ">", self.last_complaint_id)]
        )

    def test_anonymous_public_complaint_keeps_no_identity(self):
        response = self._submit(
            anonymous="1", name="Zeynep Kaya", email="zeynep@example.org", phone="+90 555 123 45 67"
        )
        self.assertEqual(response.status_code, 303)
        complaint = self._web_complaints()
        self.assertEqual(len(complaint), 1)
        self.assertTrue(complaint.is_anonymous)
        page = self.url_open(response.headers["Location"])
        self.assertIn("Nothing identifies you", page.text)
        self.assertIn(f"access_token={complaint.access_token}", page.text, "the follow-up link")
        self.assertIn("Rude reception", page.text)
        leaks, messages, followers = identity_leaks(
            self.env, complaint, ["Zeynep", "zeynep@example.org", "555 123", "127.0.0.1"]
        )
        self.assertEqual(leaks, [])
        self.assertTrue(messages)
        self.assertFalse(messages.author_id)
        self.assertEqual(set(messages.mapped("email_from")), {"Anonymous"})
        self.assertFalse(followers.filtered(lambda f: f.partner_id.partner_share))
        self.assertFalse(
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "lab.complaint"), ("res_id", "=", complaint.id)])
        )

    def test_bad_input_is_refused_and_kept_on_the_form(self):
        response = self._submit(subject="", name="Zeynep Kaya", email="zeynep@example.org")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Give your message a subject", response.text)
        self.assertIn("The desk was rude to our driver.", response.text, "nothing is lost")
        response = self._submit(name="Zeynep Kaya", email="not an address")
        self.assertEqual(response.status_code, 400)
        self.assertIn("valid email", response.text)
        self.assertFalse(self._web_complaints())

    def test_internal_fields_cannot_be_set(self):
        response = self._submit(
            name="Zeynep Kaya",
            email="zeynep@example.org",
            stage_id=self.stage["closed"].id,
            is_justified="yes",
            partner_id=self.contact_a.id,
            company_id=self.env.company.id,
            user_id=self.director.id,
            decision="<p>Granted</p>",
            decision_director_id=self.director.id,
            channel="phone",
            complaint_type="concern",
        )
        self.assertEqual(response.status_code, 400, "an internal type is not offered")
        response = self._submit(
            name="Zeynep Kaya",
            email="zeynep@example.org",
            stage_id=self.stage["closed"].id,
            is_justified="yes",
            partner_id=self.contact_a.id,
            user_id=self.director.id,
            decision="<p>Granted</p>",
            decision_director_id=self.director.id,
            channel="phone",
            name_="CMP-HACK",
            is_email_confirmed="1",
        )
        self.assertEqual(response.status_code, 303)
        complaint = self._web_complaints()
        self.assertEqual(complaint.step, "received", "acknowledged once the address confirms")
        self.assertFalse(complaint.is_email_confirmed)
        self.assertFalse(complaint.partner_id)
        self.assertFalse(complaint.is_justified)
        self.assertFalse(complaint.user_id)
        self.assertFalse(complaint.decision)
        self.assertFalse(complaint.decision_director_id)
        self.assertEqual(complaint.channel, "web")

    @mute_logger("odoo.http")
    def test_csrf_is_required(self):
        response = self._post(
            "/lab/complaint/submit",
            {"subject": "No token", "description": "x", "anonymous": "1"},
            csrf=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._web_complaints())

    def test_attachments_by_number_size_and_content(self):
        identity = {"name": "Zeynep Kaya", "email": "zeynep@example.org"}
        too_many = [("attachments", (f"f{i}.png", PNG, "image/png")) for i in range(4)]
        response = self._submit(files=too_many, **identity)
        self.assertEqual(response.status_code, 400)
        self.assertIn("at most 3", response.text)
        big = [("attachments", ("big.pdf", PDF + b"0" * (5 * 1024 * 1024), "application/pdf"))]
        response = self._submit(files=big, **identity)
        self.assertEqual(response.status_code, 400)
        self.assertIn("big.pdf is larger than 5 MB", response.text)
        fake = [
            ("attachments", ("invoice.pdf", b"<html><script>x</script></html>", "application/pdf"))
        ]
        response = self._submit(files=fake, **identity)
        self.assertEqual(response.status_code, 400)
        self.assertIn("invoice.pdf is not a PDF, PNG or JPEG", response.text)
        self.assertFalse(self._web_complaints(), "nothing half-written")
        good = [
            ("attachments", ("photo.png", PNG, "image/png")),
            ("attachments", ("scan.pdf", PDF, "application/pdf")),
        ]
        response = self._submit(files=good, **identity)
        self.assertEqual(response.status_code, 303)
        complaint = self._web_complaints()
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", "lab.complaint"), ("res_id", "=", complaint.id)])
        )
        self.assertEqual(sorted(attachments.mapped("mimetype")), ["application/pdf", "image/png"])

    def test_rate_limit_per_client_address(self):
        for index in range(5):
            response = self._submit(anonymous="1", subject=f"Complaint {index}")
            self.assertEqual(response.status_code, 303)
        response = self._submit(anonymous="1", subject="One too many")
        self.assertEqual(response.status_code, 429)
        self.assertIn("Too many messages", response.text)
        self.assertIn("One too many", response.text, "what was typed is kept")
        self.assertEqual(len(self._web_complaints()), 5)
        row = self.env["lab.rate.limit"].sudo().search([])
        self.assertEqual(len(row), 1, "one counter for the client and the hour")
        self.assertEqual(row.hit_count, 5, "the refused post is not counted")
        self.assertNotIn("127.0.0.1", row.key_hash)
        self.assertEqual(len(row.key_hash), 64, "a SHA-256 digest")
        self.assertNotIn("key_hash", self.Complaint._fields)

    def test_administrator_sets_the_public_form_limit(self):
        settings = self.env["res.config.settings"].create({"lab_complaint_hourly_limit": 2})
        settings.execute()
        RateLimit = self.env["lab.rate.limit"].sudo()
        limit = RateLimit._lab_hourly_limit(HOURLY_LIMIT_PARAM, DEFAULT_HOURLY_LIMIT)
        self.assertEqual(limit, 2)

        def allow(key):
            return RateLimit._lab_allow(RATE_LIMIT_SCOPE, [key], limit)

        self.assertTrue(allow("net:203.0.113.9"))
        self.assertTrue(allow("net:203.0.113.9"))
        self.assertFalse(allow("net:203.0.113.9"), "the third within the hour")
        self.assertTrue(allow("net:198.51.100.7"), "another client apart")

    @mute_logger("odoo.http")  # the posts without a CSRF token are logged, as they should be
    def test_thousand_malformed_posts(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "lab_complaints.public_form_hourly_limit", 100000
        )
        rng = random.Random(17025)
        token = self._csrf()
        statuses = {}
        for index in range(1000):
            data = {key: rng.choice(HOSTILE) for key in rng.sample(KEYS, rng.randint(0, 10))}
            data["n"] = str(index)  # never empty: an empty body would be sent as a GET
            if rng.random() < 0.3:
                data["subject"] = rng.choice(HOSTILE[:6]) + " subject"
                data["description"] = rng.choice(HOSTILE) + " description"
                data["anonymous"] = rng.choice(["1", "on", "0", ""])
            if rng.random() < 0.9:
                data["csrf_token"] = token
            files = None
            if rng.random() < 0.1:
                files = [
                    (
                        "attachments",
                        (
                            rng.choice(HOSTILE[:4]) + ".pdf",
                            rng.choice([PDF, PNG, rng.randbytes(64), b""]),
                            "application/pdf",
                        ),
                    )
                ]
            response = self.url_open(
                "/lab/complaint/submit", data=data, files=files, allow_redirects=False
            )
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        self.assertLessEqual(set(statuses), {303, 400}, statuses)
        stored = self._web_complaints()
        self.assertTrue(stored, f"some generated posts were valid: {statuses}")
        self.assertEqual(len(stored), statuses.get(303, 0))
        for complaint in stored:
            for text in (
                complaint.subject,
                complaint.complainant_name or "",
                complaint.phone or "",
            ):
                self.assertNotIn("<", text)
                self.assertNotIn(">", text)
            tags = {
                element.tag
                for element in lxml_html.fragment_fromstring(
                    complaint.description, create_parent="div"
                ).iter()
            }
            self.assertLessEqual(tags, {"div", "p", "br"}, complaint.description)
            self.assertNotIn("\x00", complaint.description)

    def test_tour_public_form_and_follow_up_link(self):
        self.start_tour("/lab/complaint", "lab_complaints_public_form")
        complaint = self._web_complaints()
        self.assertEqual(complaint.subject, "Sample container broken on arrival")
        self.assertTrue(complaint.is_anonymous)
