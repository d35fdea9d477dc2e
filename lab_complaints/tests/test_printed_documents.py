from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.lab_customer_service.tests.printed_documents import (
    DECIDED_LOCAL,
    DECIDED_UTC,
    RECEIVED_LOCAL,
    RECEIVED_UTC,
    PrintedDocumentCase,
)

from .common import ComplaintCase

JOURNAL = "lab_complaints.report_complaint_journal"


@tagged("post_install", "-at_install")
class TestPrintedComplaints(ComplaintCase, PrintedDocumentCase):
    """Issue 17, R-CP-01, R-CP-07, R-CP-09: the complaint form, the journal and the outcome
    letter print decisions in words, one date format, the lab's local time, and the journal
    a type column, so that concerns and suggestions are not read as complaints."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(RECEIVED_UTC):
            cls.complaint = cls._complaint(cls)
        with freeze_time(DECIDED_UTC):
            cls._validate(cls, cls.complaint)
            cls._decide(cls, cls.complaint)
            cls.complaint.with_user(cls.quality_manager).action_close()
        Complaint = cls.env["lab.complaint"]
        cls.suggestion = Complaint.create(
            {
                "subject": "Open on Saturdays",
                "channel": "web",
                "complaint_type": "suggestion",
                "is_anonymous": True,
                "date_received": datetime(2026, 3, 10, 9),
            }
        )
        cls.concern = Complaint.create(
            {
                "subject": "Fume hood alarm ignored",
                "channel": "in_person",
                "complaint_type": "concern",
                "date_received": datetime(2026, 3, 12, 9),
                "is_justified": "no",
            }
        )
        cls.march = cls.complaint | cls.suggestion | cls.concern

    def test_complaint_form(self):
        page = self._printed("lab_complaints.report_complaint_form", self.complaint, "t_quality")
        text = self._text(page)
        self.assertLocalTimes(text, f"Received {RECEIVED_LOCAL}", f"Decided {DECIDED_LOCAL}")
        self.assertIn("Justified Justified", text, "the answer in words under its label")
        self.assertIn("Lab activities Concerns the laboratory's activities", text)
        self.assertNotRegex(text, r"Justified (Yes|No)\b")
        self.assertIn(f"Impartiality check {DECIDED_LOCAL} by T_Quality.", text)
        titles = [self._text(h) for h in page.xpath("//*[contains(@class, 'o_lab_section_title')]")]
        self.assertEqual(
            titles,
            [
                "Description",
                "Acknowledgement and validation",
                "Investigation",
                "Decision",
                "Actions",
            ],
        )

    def test_journal_has_types_words_and_one_date_format(self):
        page = self._printed(
            JOURNAL, self.march, "t_quality", {"date_from": "2026-03-01", "date_to": "2026-03-31"}
        )
        text = self._text(page)
        self.assertIn("Period: 03/01/2026 – 03/31/2026", text)
        self.assertNotRegex(text, r"\d{4}-\d{2}-\d{2}", "no ISO date beside the reader's format")
        headers = [self._text(th) for th in page.xpath("//thead/tr/th")]
        self.assertEqual(
            headers,
            ["Received", "Reference", "Type", "Complainant", "Subject", "Decision", "Actions"]
            + ["Closed"],
        )
        rows = {
            tr.get("data-ref"): [self._text(td) for td in tr.xpath("./td")]
            for tr in page.xpath("//tbody/tr")
        }
        self.assertEqual(set(rows), set(self.march.mapped("name")))
        for cells in rows.values():
            self.assertEqual(len(cells), len(headers))
        complaint = rows[self.complaint.name]
        # Received at 21:30 UTC on 2 March: 3 March for the lab in Istanbul.
        self.assertEqual(complaint[0], "03/03/2026")
        self.assertEqual(complaint[2], "Complaint")
        self.assertTrue(complaint[5].startswith("Justified We repeat the test"), complaint[5])
        self.assertEqual(complaint[7], "03/03/2026")
        self.assertEqual(rows[self.suggestion.name][2:4], ["Suggestion", "Anonymous"])
        self.assertEqual(rows[self.suggestion.name][5], "Not assessed yet")
        self.assertEqual(rows[self.concern.name][2], "Internal Concern")
        self.assertEqual(rows[self.concern.name][5], "Not justified")

    def test_journal_wizard_takes_the_labs_days(self):
        """The period of the journal is the lab's days: the complaint received late on
        28 February UTC (1 March in Istanbul) is a March complaint."""
        first_night = self.env["lab.complaint"].create(
            {
                "subject": "Late call",
                "channel": "phone",
                "complaint_type": "complaint",
                "date_received": datetime(2026, 2, 28, 22),
            }
        )
        wizard = (
            self.env["lab.complaint.journal.wizard"]
            .with_user(self.quality_manager)
            .create({"date_from": "2026-03-01", "date_to": "2026-03-31"})
        )
        ids = wizard.action_print()["context"]["active_ids"]
        self.assertIn(first_night.id, ids)
        self.assertTrue(set(self.march.ids) <= set(ids))

    def test_outcome_letter(self):
        page = self._printed("lab_complaints.report_complaint_outcome", self.complaint, "t_quality")
        text = self._text(page)
        self.assertIn("Received on 03/03/2026; closed on 03/03/2026.", text)
        self.assertIn("We repeat the test free of charge.", text)
