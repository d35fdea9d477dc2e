from odoo.tests import tagged

from odoo.addons.lab_complaints.tests.common import ComplaintCase
from odoo.addons.lab_customer_service.tests.rpc import RpcCase

COMPLAINT = "lab.complaint"


@tagged("post_install", "-at_install")
class TestRetentionControls(ComplaintCase, RpcCase):
    """Issue 15, R-RC-01: retention runs from the receipt and the closing of a complaint; a
    Quality Manager, who may dispose of expired complaints, cannot make one look expired."""

    def _assert_kept(self, complaint, received):
        self.assertTrue(complaint.exists())
        self.assertEqual(complaint.date_received, received)
        self.assertGreater(complaint.lab_retention_until.year, 2030)

    def test_backdate_then_delete_is_refused(self):
        """The attack: date the receipt back to 2000, then delete as expired."""
        complaint = self._complaint()
        received = complaint.date_received
        self.assertRpcRefused(
            self.quality_manager,
            COMPLAINT,
            "write",
            [complaint.id],
            {"date_received": "2000-01-01 00:00:00"},
            message="Received On",
        )
        self.assertRpcRefused(
            self.quality_manager, COMPLAINT, "unlink", [complaint.id], message="must be kept until"
        )
        self._assert_kept(complaint, received)

    def test_backdated_closing_cannot_shorten_retention(self):
        """Once closed, retention runs from the closing day, which Close stamps."""
        complaint = self._validate(self._complaint())
        self._decide(complaint)
        complaint.with_user(self.quality_manager).action_close()
        received, closed = complaint.date_received, complaint.date_closed
        for vals in (
            {"date_closed": "2000-01-01 00:00:00"},
            {"date_received": "2000-01-01 00:00:00", "date_closed": "2000-01-02 00:00:00"},
        ):
            self.assertRpcRefused(self.quality_manager, COMPLAINT, "write", [complaint.id], vals)
        self.assertRpcRefused(
            self.quality_manager, COMPLAINT, "unlink", [complaint.id], message="must be kept until"
        )
        self._assert_kept(complaint, received)
        self.assertEqual(complaint.date_closed, closed)

    def test_complaint_created_as_expired_is_refused(self):
        """Nor can a complaint be filed already old, to be deleted at once."""
        before = self.Complaint.sudo().search_count([])
        self.assertRpcRefused(
            self.quality_manager,
            COMPLAINT,
            "create",
            [
                {
                    "subject": "Filed as old",
                    "channel": "letter",
                    "complainant_name": "Mr Yilmaz",
                    "date_received": "2000-01-01 00:00:00",
                }
            ],
            message="Received On",
        )
        self.assertEqual(self.Complaint.sudo().search_count([]), before)
