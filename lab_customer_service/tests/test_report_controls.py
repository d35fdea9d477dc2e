from odoo import fields
from odoo.tests import tagged

from .common import LabCase
from .rpc import RpcCase


@tagged("post_install", "-at_install")
class TestReportControls(LabCase, RpcCase):
    """Issue 15, R-RP-01: the release chain and a released report's files hold against any
    caller, over JSON-RPC as a real session."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._lab_order(cls.customer_a, confirm=True)
        cls.samples = cls.env["lab.sample"].create([{"order_id": cls.order.id, "state": "in_test"}])
        cls.report = cls.env["lab.test.report"].create(
            {"order_id": cls.order.id, "sample_ids": [fields.Command.set(cls.samples.ids)]}
        )
        cls.file = cls.env["ir.attachment"].create(
            {"name": "report.pdf", "raw": b"%PDF-1.4 report", "mimetype": "application/pdf"}
        )
        cls.report.attachment_ids = cls.file

    def _release(self):
        self.report.with_user(self.technician).action_prepare()
        self.report.with_user(self.quality_manager).action_review()
        self.report.with_user(self.technical_manager).action_release()

    def test_nobody_writes_released_over_rpc(self):
        for user in (self.technician, self.quality_manager, self.director):
            self.assertRpcRefused(
                user,
                "lab.test.report",
                "write",
                [self.report.id],
                {"state": "released"},
                message="action_release",
            )
        self.assertEqual(self.report.state, "draft")
        self.assertRpcRefused(
            self.technician,
            "lab.test.report",
            "create",
            [{"order_id": self.order.id, "state": "released"}],
        )
        self.assertEqual(self.env["lab.test.report"].search_count([]), 1)

    def test_a_released_reports_file_is_frozen(self):
        self._release()
        for vals in ({"datas": "JVBERi0xLjQgZm9yZ2Vk"}, {"res_id": self.order.id}):
            self.assertRpcRefused(
                self.technical_manager,
                "ir.attachment",
                "write",
                [self.file.id],
                vals,
                message="frozen",
            )
        self.assertRpcRefused(
            self.technical_manager, "ir.attachment", "unlink", [self.file.id], message="frozen"
        )
        self.assertRpcRefused(
            self.technical_manager,
            "lab.test.report",
            "write",
            [self.report.id],
            {"attachment_ids": [fields.Command.clear()]},
        )
        self.assertEqual(self.file.raw, b"%PDF-1.4 report")
        self.assertEqual(self.report.attachment_ids, self.file)
