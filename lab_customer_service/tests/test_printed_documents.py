from odoo import fields
from odoo.tests import tagged

from .printed_documents import (
    DECIDED_LOCAL,
    DECIDED_UTC,
    RECEIVED_LOCAL,
    RECEIVED_UTC,
    PrintedDocumentCase,
)


@tagged("post_install", "-at_install")
class TestPrintedDocuments(PrintedDocumentCase):
    """Issue 17: the documents of lab_customer_service print dates in the reader's format and
    times in the lab's time zone, section titles that stand out, sections kept together."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._lab_order(cls.customer_a, confirm=True)
        cls.sample = cls.env["lab.sample"].create(
            {
                "order_id": cls.order.id,
                "description": "Furnace hall",
                "date_received": RECEIVED_UTC,
            }
        )

    def test_sample_label_and_rejection_notice(self):
        page = self._printed("lab_customer_service.report_sample_label", self.sample, "t_reception")
        self.assertIn("03/03/2026", self._text(page), "the lab's day of reception")
        self.sample.write(
            {
                "state": "rejected",
                "date_rejected": DECIDED_UTC,
                "rejection_reason_id": self.env.ref(
                    "lab_customer_service.rejection_reason_seal"
                ).id,
                "condition_checked_by_id": self.reception.id,
            }
        )
        page = self._printed(
            "lab_customer_service.report_sample_rejection", self.sample, "t_reception"
        )
        text = self._text(page)
        self.assertIn(f"received on {RECEIVED_LOCAL} for order", text)
        self.assertLocalTimes(text, RECEIVED_LOCAL, f"Rejected on {DECIDED_LOCAL}")
        self.assertTrue(page.xpath("//table[contains(@class, 'o_lab_report_section')]"))

    def test_return_note(self):
        record = self.env["lab.sample.return"].create(
            {"sample_ids": [fields.Command.set(self.sample.ids)], "date": DECIDED_UTC}
        )
        page = self._printed("lab_customer_service.report_sample_return", record, "t_reception")
        text = self._text(page)
        self.assertLocalTimes(text, f"on {DECIDED_LOCAL}")
        [row] = page.xpath("//tbody/tr")
        self.assertEqual(len(row.xpath("./td")), 3, "code, characteristics, tests")
        self.assertEqual(self._text(row.xpath("./td")[1]), "Furnace hall")
        titles = [self._text(h) for h in page.xpath("//*[contains(@class, 'o_lab_section_title')]")]
        self.assertEqual(titles, ["Preservation instructions"])

    def test_contract_review_record(self):
        review = self.order.lab_review_id
        review.write({"date_reviewed": RECEIVED_UTC, "date_approved": DECIDED_UTC})
        page = self._printed(
            "lab_customer_service.report_lab_contract_review", review, "t_director"
        )
        text = self._text(page)
        self.assertLocalTimes(text, RECEIVED_LOCAL, DECIDED_LOCAL)
        titles = [self._text(h) for h in page.xpath("//*[contains(@class, 'o_lab_section_title')]")]
        self.assertEqual(titles[:2], ["Tests requested", "Checklist"])
