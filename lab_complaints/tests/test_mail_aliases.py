from odoo.tests import tagged
from odoo.tools import convert_file, mute_logger

from .common import ComplaintCase

MAIL = """Return-Path: <alice@customer.example.com>
From: Alice A <alice@customer.example.com>
To: {to}
Subject: {subject}
Message-ID: <{msg_id}@customer.example.com>
Date: Mon, 23 Nov 2026 09:00:00 +0000
Content-Type: text/plain; charset=utf-8

Please call me back about our last report.
"""


@tagged("post_install", "-at_install")
class TestMailAliases(ComplaintCase):
    """Issue 17: mail to lab-requests@ and complaints@ opens a request and a complaint, once the
    lab's mail domain is set; as installed there is none and such mail finds no route."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact_a.email = "alice@customer.example.com"
        cls.request_alias = cls.env.ref("lab_customer_service.mail_alias_lab_request")
        cls.complaint_alias = cls.env.ref("lab_complaints.mail_alias_complaints")

    def _deliver(self, to, msg_id):
        """Feed one mail to Odoo as fetchmail and the mailgate script do."""
        return self.env["mail.thread"].message_process(
            False, MAIL.format(to=to, subject=f"About {msg_id}", msg_id=msg_id)
        )

    def _opened_by(self, msg_id):
        request = self.env["lab.customer.request"].search([("subject", "=", f"About {msg_id}")])
        complaint = self.Complaint.search([("subject", "=", f"About {msg_id}")])
        return request, complaint

    def _assert_aliases_open_records(self, domain_name):
        self._deliver(f"lab-requests@{domain_name}", "request-1")
        request, _complaint = self._opened_by("request-1")
        self.assertEqual(len(request), 1, "mail to lab-requests@ opens a request")
        self.assertEqual(request.partner_id, self.contact_a, "from the customer who wrote")
        self.assertEqual(request.channel, "email")

        self._deliver(f"complaints@{domain_name}", "complaint-1")
        _request, complaint = self._opened_by("complaint-1")
        self.assertEqual(len(complaint), 1, "mail to complaints@ opens a complaint")
        self.assertEqual(complaint.partner_id, self.contact_a)
        self.assertEqual(complaint.channel, "email")

    def test_demo_alias_domain_routes_requests_and_complaints(self):
        """``make demo`` loads the demo domain; before it, as installed, no route is found."""
        self.env.company.alias_domain_id = False
        (self.request_alias | self.complaint_alias).alias_domain_id = False
        with (
            mute_logger("odoo.addons.mail.models.mail_thread"),
            self.assertRaisesRegex(ValueError, "No possible route"),
        ):
            self._deliver("lab-requests@anatolia-lab.example.com", "lost-1")
        self.assertEqual(
            self._opened_by("lost-1"), (self.env["lab.customer.request"], self.Complaint)
        )

        for module, path in (
            ("lab_customer_service", "demo/mail_alias_domain_demo.xml"),
            ("lab_complaints", "demo/mail_alias_demo.xml"),
        ):
            convert_file(self.env, module, path, {}, mode="init", noupdate=True)
        domain = self.env.ref("lab_customer_service.mail_alias_domain_demo")
        self.assertEqual(self.env.company.alias_domain_id, domain)
        self.assertEqual(
            self.request_alias.alias_full_name, "lab-requests@anatolia-lab.example.com"
        )
        self.assertEqual(
            self.complaint_alias.alias_full_name, "complaints@anatolia-lab.example.com"
        )
        self._assert_aliases_open_records("anatolia-lab.example.com")

    def test_the_labs_first_alias_domain_serves_both_aliases(self):
        """What a lab does: Settings > General Settings > Alias Domain, its own domain. Odoo gives
        the first alias domain to the company and to every alias."""
        if self.env["mail.alias.domain"].search_count([]):
            self.skipTest("this database has an alias domain already (demo data)")
        settings = self.env["res.config.settings"].create({})
        domain_id, _name = self.env["mail.alias.domain"].name_create("lab.example.org")
        settings.alias_domain_id = domain_id
        settings.execute()
        self.assertEqual(self.env.company.alias_domain_id.name, "lab.example.org")
        self.assertEqual(self.request_alias.alias_full_name, "lab-requests@lab.example.org")
        self.assertEqual(self.complaint_alias.alias_full_name, "complaints@lab.example.org")
        self._assert_aliases_open_records("lab.example.org")
