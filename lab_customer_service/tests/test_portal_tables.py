from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import LabCase
from .portal_tables import PortalTableMixin, portal_tiles
from .printed_documents import RECEIVED_LOCAL, RECEIVED_UTC


@tagged("post_install", "-at_install")
class TestPortalTables(LabCase, HttpCase, PortalTableMixin):
    """R-PT-01, issue 17: each row of My Samples, My Test Reports and Your Requests keeps a cell
    under every header, empty values included; each tile of the portal home has a pictogram."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        order = cls._lab_order(cls.customer_a, confirm=True)
        # A full page of 80 samples, none described at reception.
        cls.samples = cls.env["lab.sample"].create([{"order_id": order.id} for _i in range(80)])
        cls.samples[:2].description = "Furnace hall"
        report = cls.env["lab.test.report"].create(
            {"order_id": order.id, "sample_ids": [fields.Command.set(cls.samples[:1].ids)]}
        )
        report.attachment_ids = cls.env["ir.attachment"].create(
            {"name": "TR.pdf", "raw": b"%PDF-1.4 report", "mimetype": "application/pdf"}
        )
        report.with_user(cls.technician).action_prepare()
        report.with_user(cls.quality_manager).action_review()
        report.with_user(cls.technical_manager).action_release()
        cls.env["lab.customer.request"].create(
            [
                {"subject": "Price of silica", "partner_id": cls.contact_a.id},
                {"subject": "Lead time", "partner_id": cls.contact_a.id},
            ]
        )

    def test_every_row_has_a_cell_under_each_header(self):
        self.authenticate("t_portal_a", "t_portal_a")
        headers, rows = self.assertPortalTableAligned("/my/lab/samples", min_rows=80)
        description = headers.index("Description")
        self.assertEqual(sum(1 for cells in rows if cells[description] == "Furnace hall"), 2)
        self.assertEqual(headers[-1], "Status")
        self.assertTrue(all(cells[-1] for cells in rows), "the status stays under Status")
        self.assertPortalTableAligned("/my/lab/reports")
        self.assertPortalTableAligned("/my/lab/requests", min_rows=2)

    def test_lab_tiles_have_a_pictogram(self):
        self.authenticate("t_portal_a", "t_portal_a")
        tiles = portal_tiles(self.url_open("/my/home").text)
        for url in ("/my/lab/samples", "/my/lab/reports", "/my/lab/requests", "/my/lab/documents"):
            [icon] = tiles[url]
            self.assertRegex(icon or "", r"^/lab_\w+/static/src/img/portal-[\w-]+\.svg$", url)
            self.assertEqual(self.url_open(icon).status_code, 200, icon)

    def test_portal_dates_in_the_labs_time(self):
        """A sample received at 21:30 UTC on 2 March was received on 3 March in Istanbul."""
        self.env.company.resource_calendar_id.tz = "Europe/Istanbul"
        order = self._lab_order(self.customer_a, confirm=True)
        sample = self.env["lab.sample"].create(
            {"order_id": order.id, "date_received": RECEIVED_UTC, "description": "Night"}
        )
        self.authenticate("t_portal_a", "t_portal_a")
        headers, rows = self.assertPortalTableAligned(f"/my/lab/samples?search={sample.name}")
        self.assertEqual(rows[0][headers.index("Received")], RECEIVED_LOCAL[:10])
        page = self.url_open(f"/my/lab/samples/{sample.id}").text
        self.assertIn(RECEIVED_LOCAL, page)

    def test_my_samples_tour_counts_cells(self):
        """The same check in Chromium, on the page as the browser lays it out."""
        self.start_tour("/my/lab/samples", "lab_portal_table_cells_tour", login="t_portal_a")
