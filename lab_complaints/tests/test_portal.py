from lxml import html

from odoo.tests import tagged

from odoo.addons.lab_customer_service.tests.portal_tables import PortalTableMixin

from .http_common import ComplaintHttpCase


@tagged("post_install", "-at_install")
class TestPortal(ComplaintHttpCase, PortalTableMixin):
    def _portal_post(self, data, files=None):
        return self._post(
            "/my/lab/complaints/submit", data, files=files, form_url="/my/lab/complaints/new"
        )

    def test_released_report_page_offers_the_objection(self):
        """R-RP-04: from the released report, the customer reaches the appeal form for it."""
        self.authenticate("t_portal_a", "t_portal_a")
        page = self.url_open(f"/my/lab/reports/{self.report_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"/my/lab/complaints/new?report_id={self.report_a.id}", page.text)
        form = self.url_open(f"/my/lab/complaints/new?report_id={self.report_a.id}")
        self.assertIn(self.report_a.name, form.text)
        self.report_a.state = "superseded"
        page = self.url_open(f"/my/lab/reports/{self.report_a.id}")
        self.assertNotIn("/my/lab/complaints/new?report_id=", page.text, "only a released report")

    def test_objection_has_a_section_of_its_own(self):
        """Issue 17: "Object to this report" sat under the "Files" heading."""
        self.authenticate("t_portal_a", "t_portal_a")
        page = html.fromstring(self.url_open(f"/my/lab/reports/{self.report_a.id}").content)
        [files] = page.xpath("//section[@id='lab_report_files']")
        [objection] = page.xpath("//section[@id='lab_report_objection']")
        self.assertEqual(files.xpath("./h5")[0].text_content().strip(), "Files")
        self.assertEqual(objection.xpath("./h5")[0].text_content().strip(), "Objections")
        self.assertFalse(files.xpath(".//a[contains(@href, '/my/lab/complaints/new')]"))
        [button] = objection.xpath(".//a[contains(@href, '/my/lab/complaints/new')]")
        self.assertIn("Object to this report", button.text_content())

    def test_complaint_list_keeps_its_cells(self):
        """Issue 17: each row of the complaint list has a cell under every header."""
        self.Complaint.create(
            [
                {
                    "subject": subject,
                    "channel": "portal",
                    "complaint_type": kind,
                    "partner_id": self.contact_a.id,
                }
                for subject, kind in (("Late report", "complaint"), ("Texts", "suggestion"))
            ]
        )
        self.authenticate("t_portal_a", "t_portal_a")
        headers, rows = self.assertPortalTableAligned("/my/lab/complaints", min_rows=2)
        self.assertEqual(headers, ["Reference", "Type", "Subject", "Received", "Status"])
        self.assertTrue(all(cells[-1] for cells in rows), "the status stays under Status")

    def test_portal_customer_files_complaint(self):
        self.authenticate("t_portal_a", "t_portal_a")
        response = self._portal_post(
            {
                "complaint_type": "complaint",
                "subject": "Invoice twice",
                "description": "We were invoiced twice.",
                "order_id": self.order_a.id,
                "stage_id": self.stage["closed"].id,
                "is_justified": "yes",
            }
        )
        self.assertEqual(response.status_code, 303)
        complaint = self.Complaint.search([("subject", "=", "Invoice twice")])
        self.assertEqual(complaint.channel, "portal")
        self.assertEqual(complaint.partner_id, self.contact_a)
        self.assertEqual(complaint.order_id, self.order_a)
        self.assertEqual(complaint.step, "acknowledged", "acknowledged, not what the form said")
        self.assertFalse(complaint.is_justified)
        self.assertIn(self.contact_a, complaint.message_partner_ids)
        listing = self.url_open("/my/lab/complaints")
        self.assertIn(complaint.name, listing.text)
        home = self.url_open("/my")
        self.assertIn("/my/lab/complaints", home.text, "an entry on the portal home")
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["lab_complaint_count"]})
        self.assertEqual(counters["lab_complaint_count"], 1)
        self.assertEqual(self._followup(complaint).status_code, 200, "own complaint, no token")

    def test_portal_appeal_from_released_report(self):
        self.authenticate("t_portal_a", "t_portal_a")
        form = self.url_open(f"/my/lab/complaints/new?report_id={self.report_a.id}")
        self.assertIn('value="appeal" selected', form.text)
        response = self._portal_post(
            {
                "complaint_type": "appeal",
                "subject": "Silica result",
                "description": "Wrong.",
                "report_id": self.report_a.id,
            }
        )
        self.assertEqual(response.status_code, 303)
        appeal = self.Complaint.search([("subject", "=", "Silica result")])
        self.assertEqual(appeal.complaint_type, "appeal")
        self.assertEqual(appeal.report_id, self.report_a)
        self.assertTrue(self.sample_a1.is_legal_hold)

    def test_portal_appeal_on_unreleased_or_foreign_report_is_refused(self):
        draft = self.env["lab.test.report"].create({"order_id": self.order_a.id})
        self.authenticate("t_portal_a", "t_portal_a")
        for report in (draft, self.report_b):
            response = self._portal_post(
                {
                    "complaint_type": "appeal",
                    "subject": "Appeal",
                    "description": "Wrong.",
                    "report_id": report.id,
                }
            )
            self.assertEqual(response.status_code, 400)
            self.assertIn("only a released report can be appealed", response.text)
            self.assertIn("Wrong.", response.text, "what was typed is kept")
        self.assertFalse(self.Complaint.search([("subject", "=", "Appeal")]))

    def test_customer_b_and_public_refused_on_a_complaint(self):
        complaint = self._complaint()
        token = complaint._portal_ensure_token()
        bad_tokens = [
            None,
            "",
            "0" * len(token),
            token[:-1] + ("a" if token[-1] != "a" else "b"),
            token + "x",
        ]
        self.authenticate("t_portal_b", "t_portal_b")
        for bad in bad_tokens:
            response = self._followup(complaint, bad)
            self.assertEqual(response.status_code, 404, f"B with token {bad!r}")
            self.assertNotIn(complaint.subject, response.text)
        listing = self.url_open("/my/lab/complaints")
        self.assertNotIn(complaint.name, listing.text)
        self.assertFalse(self.Complaint.with_user(self.portal_b).search([]))
        self.assertEqual(self.url_open(f"/lab/complaint/{complaint.id}/letter").status_code, 404)
        self.logout()
        for bad in bad_tokens:
            self.assertEqual(self._followup(complaint, bad).status_code, 404, f"public {bad!r}")
        self.assertEqual(self._followup(self.Complaint.browse(999999), token).status_code, 404)
        self.assertEqual(self._followup(complaint, token).status_code, 200, "the right token")

    def test_outcome_letter_for_the_complainant(self):
        complaint = self._validate(self._complaint(report_id=False))
        self._decide(complaint)
        token = complaint._portal_ensure_token()
        self.assertEqual(
            self.url_open(f"/lab/complaint/{complaint.id}/letter?access_token={token}").status_code,
            404,
            "no letter before closing",
        )
        complaint.investigation_note = "<p>Secret investigation detail</p>"
        complaint.with_user(self.quality_manager).action_close()
        page = self._followup(complaint, token)
        self.assertIn("free of charge", page.text)
        self.assertNotIn("Secret investigation detail", page.text)
        self.assertNotIn("calibration", page.text, "validation reasons stay inside")
        letter = self.url_open(f"/lab/complaint/{complaint.id}/letter?access_token={token}")
        self.assertEqual(letter.status_code, 200)
        self.assertEqual(letter.headers["Content-Type"], "application/pdf")

    def test_portal_list_does_not_grow_with_complaints(self):
        self._complaint()
        self.authenticate("t_portal_a", "t_portal_a")

        def queries():
            self.url_open("/my/lab/complaints")  # warm the caches
            before = self.cr.sql_log_count
            response = self.url_open("/my/lab/complaints")
            self.assertEqual(response.status_code, 200)
            return self.cr.sql_log_count - before

        few = queries()
        self.Complaint.with_user(self.staff).create(
            [
                {
                    "subject": f"Complaint {index}",
                    "partner_id": self.contact_a.id,
                    "channel": "phone",
                }
                for index in range(10)
            ]
        )
        many = queries()
        self.assertGreater(few, 0)
        self.assertEqual(many, few)

    def test_complainant_gives_feedback_once(self):
        complaint = self._validate(self._complaint(report_id=False))
        complaint.user_id = self.quality_manager
        self._decide(complaint)
        token = complaint._portal_ensure_token()
        url = f"/lab/complaint/{complaint.id}/feedback?access_token={token}"
        data = {"satisfied": "0", "comment": "<b>Too slow</b>"}
        too_early = self._post(url, data)
        self.assertEqual(too_early.status_code, 400)
        self.assertFalse(complaint.feedback)
        complaint.with_user(self.quality_manager).action_close()
        bad = self._post(f"/lab/complaint/{complaint.id}/feedback?access_token=x", data)
        self.assertEqual(bad.status_code, 404)
        page = self.url_open(f"/lab/complaint/{complaint.id}?access_token={token}")
        self.assertIn("Are you satisfied with our answer?", page.text)
        response = self._post(url, data)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(complaint.feedback, "not_satisfied")
        self.assertEqual(complaint.feedback_comment, "<b>Too slow</b>", "kept as plain text")
        self.assertTrue(
            complaint.activity_ids.filtered(lambda a: a.user_id == self.quality_manager),
            "the Quality Manager is asked to follow up",
        )
        again = self._post(url, {"satisfied": "1"})
        self.assertEqual(again.status_code, 400)
        self.assertEqual(complaint.feedback, "not_satisfied", "given once")
        self.assertIn(
            "Thank you for your feedback",
            self.url_open(f"/lab/complaint/{complaint.id}?access_token={token}").text,
        )

    def test_complaint_list_is_paged(self):
        """Issue 18: the complaint list was one unpaged ``search([])``; it pages as the others."""
        complaints = self.Complaint.create(
            [
                {
                    "subject": f"Paged complaint {i:03d}",
                    "channel": "portal",
                    "complaint_type": "complaint",
                    "partner_id": self.contact_a.id,
                }
                for i in range(85)
            ]
        )
        self.authenticate("t_portal_a", "t_portal_a")
        page1 = self.url_open("/my/lab/complaints")
        page2 = self.url_open("/my/lab/complaints/page/2")
        self.assertEqual((page1.status_code, page2.status_code), (200, 200))
        # newest first, 80 per page: the first five made are on page 2 only
        oldest = complaints[0].name
        newest = complaints[-1].name
        self.assertIn(newest, page1.text)
        self.assertNotIn(oldest, page1.text)
        self.assertIn(oldest, page2.text)
        self.assertIn("/my/lab/complaints/page/2", page1.text, "the pager links page 2")

    def test_other_customer_gets_404_on_a_complaint(self):
        """Issue 18: another customer's complaint is a 404, never a redirect to /my."""
        complaint = self._complaint()
        self.authenticate("t_portal_b", "t_portal_b")
        for url in (f"/lab/complaint/{complaint.id}", f"/lab/complaint/{complaint.id}/letter"):
            response = self.url_open(url, allow_redirects=False)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn(complaint.subject, response.text)
