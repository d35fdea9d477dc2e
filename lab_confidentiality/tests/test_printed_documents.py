from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.lab_customer_service.tests.printed_documents import (
    DECIDED_LOCAL,
    DECIDED_UTC,
    PrintedDocumentCase,
)

from .common import SIGNATURE, ConfidentialityCase


@tagged("post_install", "-at_install")
class TestPrintedConfidentiality(ConfidentialityCase, PrintedDocumentCase):
    """Issue 17, R-CF-01, R-CF-03, R-CF-05: the agreement, the entry permit and the visitor log
    book print their moments in the lab's time (Istanbul, UTC+3) on a 24-hour clock."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(DECIDED_UTC):
            cls.nda = cls._signed_nda(cls.contact_a)
        cls.permit = cls._permit(cls.customer_a, areas=cls.area_micro)
        cls.permit.action_request()
        cls.permit.with_user(cls.director).action_approve()
        cls.permit.date_approved = DECIDED_UTC
        cls.log = (
            cls.env["lab.visitor.log"]
            .with_user(cls.reception)
            .create(
                {
                    "permit_id": cls.permit.id,
                    "visitor_id": cls.contact_a.id,
                    "badge_number": "V-07",
                    "check_in": cls.visit_start + timedelta(minutes=5),
                }
            )
        )
        cls.log.check_out = cls.visit_start + timedelta(hours=2)

    def _local(self, utc, hours=3):
        """A moment of the visit window as the lab in Istanbul prints it."""
        return (utc + timedelta(hours=hours)).strftime("%m/%d/%Y %H:%M")

    def test_agreement_signed_on_paper_and_online(self):
        page = self._printed("lab_confidentiality.report_lab_nda", self.nda, "t_director")
        self.assertIn("Signed on paper by Alice A on 03/03/2026.", self._text(page))
        self.nda.write({"signature": SIGNATURE, "signed_by": "Alice A", "signing_method": "portal"})
        page = self._printed("lab_confidentiality.report_lab_nda", self.nda, "t_director")
        self.assertLocalTimes(self._text(page), f"Signed on {DECIDED_LOCAL}")

    def test_entry_permit(self):
        page = self._printed(
            "lab_confidentiality.report_lab_visit_permit", self.permit, "t_reception"
        )
        text = self._text(page)
        self.assertLocalTimes(
            text,
            f"From {self._local(self.visit_start)}",
            f"To {self._local(self.visit_end)}",
            f"T_Director, {DECIDED_LOCAL}",
        )
        titles = [self._text(h) for h in page.xpath("//*[contains(@class, 'o_lab_section_title')]")]
        self.assertEqual(titles, ["Visitors"])

    def test_visitor_log_book(self):
        page = self._printed("lab_confidentiality.report_lab_visitor_log", self.log, "t_reception")
        [row] = page.xpath("//tbody/tr")
        cells = [self._text(td) for td in row.xpath("./td")]
        self.assertEqual(
            cells[:3],
            [
                self._local(self.visit_start + timedelta(minutes=5)),
                self._local(self.visit_start + timedelta(hours=2)),
                "Alice A",
            ],
        )
        self.assertLocalTimes(self._text(page))
        day = self._local(self.visit_start)[:10]
        self.assertIn(f"{day} – {day}", self._text(page), "the book's days, in the reader's format")
