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
        cls.order_b = cls._lab_order(cls.customer_b, confirm=True)
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

    def _report(self, order=None, samples=None, name=None):
        """A draft report with its own file; ``name`` as a data import could give it."""
        vals = {"order_id": (order or self.order).id}
        if samples:
            vals["sample_ids"] = [fields.Command.set(samples.ids)]
        if name:
            vals["name"] = name
        report = self.env["lab.test.report"].create(vals)
        report.attachment_ids = self.env["ir.attachment"].create(
            {"name": f"{report.name}.pdf", "raw": b"%PDF-1.4 own", "mimetype": "application/pdf"}
        )
        return report

    def test_step_refusals_are_whole_sentences(self):
        """Each refusal is one sentence per step, so that it reads (and translates) as one."""
        self.assertRpcRefused(
            self.quality_manager,
            "lab.test.report",
            "action_prepare",
            [self.report.id],
            message="You are not allowed to prepare a test report.",
        )
        for user, method, message in (
            (self.quality_manager, "action_review", "cannot be reviewed in its current state"),
            (self.technical_manager, "action_release", "cannot be authorised in its current state"),
        ):
            self.assertRpcRefused(
                user, "lab.test.report", method, [self.report.id], message=message
            )
        self.rpc(self.technician, "lab.test.report", "action_prepare", [self.report.id])
        self.assertRpcRefused(
            self.supervisor,
            "lab.test.report",
            "action_prepare",
            [self.report.id],
            message="cannot be prepared in its current state",
        )
        self.assertRpcRefused(
            self.technician,
            "lab.test.report",
            "action_review",
            [self.report.id],
            message="You are not allowed to review a test report.",
        )
        self.assertEqual(self.report.state, "prepared")

    def test_release_refuses_a_file_of_another_record(self):
        """Every released file is the report's own, frozen with it: a file that belongs to
        another record (an order's document, another report's file) is refused at release, and
        left where it belongs."""
        order_file = self.env["ir.attachment"].create(
            {
                "name": "purchase-order.pdf",
                "raw": b"%PDF-1.4 order",
                "res_model": "sale.order",
                "res_id": self.order.id,
            }
        )
        other = self._report()
        self.report.with_user(self.technician).action_prepare()
        self.report.with_user(self.quality_manager).action_review()
        for foreign in (order_file, other.attachment_ids):
            self.rpc(
                self.quality_manager,
                "lab.test.report",
                "write",
                [self.report.id],
                {"attachment_ids": [fields.Command.link(foreign.id)]},
            )
            self.assertRpcRefused(
                self.technical_manager,
                "lab.test.report",
                "action_release",
                [self.report.id],
                message="belongs to another record",
            )
            self.assertEqual(self.report.state, "reviewed")
            self.assertFalse(self.report.date_released)
            self.rpc(
                self.quality_manager,
                "lab.test.report",
                "write",
                [self.report.id],
                {"attachment_ids": [fields.Command.unlink(foreign.id)]},
            )
        self.assertEqual((order_file.res_model, order_file.res_id), ("sale.order", self.order.id))
        self.assertEqual(other.attachment_ids.res_id, other.id)
        # the same at preparation, before anybody reviews a file that would be refused
        other.attachment_ids |= order_file
        self.assertRpcRefused(
            self.technician,
            "lab.test.report",
            "action_prepare",
            [other.id],
            message="belongs to another record",
        )
        self.rpc(self.technical_manager, "lab.test.report", "action_release", [self.report.id])
        self.assertEqual(self.report.state, "released")

    def test_a_file_posted_on_a_released_reports_chatter_is_frozen(self):
        """Decision (issue 15): new files may still be posted on a released report's chatter, as
        on a posted invoice; once posted, a file is part of the report's record and is frozen
        like the report's own file: no new content, no move, no deletion, for anyone. The
        customer still downloads only the report's files (``attachment_ids``)."""
        self._release()
        [pending] = self.rpc(
            self.technician,
            "ir.attachment",
            "create",
            [
                {
                    "name": "note.txt",
                    "raw": "first note",
                    "res_model": "mail.compose.message",
                    "res_id": 0,
                }
            ],
        )
        self.rpc(
            self.technician,
            "lab.test.report",
            "message_post",
            [self.report.id],
            body="Raw data attached",
            attachment_ids=[pending],
        )
        posted = self.env["ir.attachment"].browse(pending)
        self.assertEqual((posted.res_model, posted.res_id), ("lab.test.report", self.report.id))
        for vals in ({"raw": "rewritten"}, {"res_id": self.order.id, "res_model": "sale.order"}):
            self.assertRpcRefused(
                self.technician, "ir.attachment", "write", [pending], vals, message="frozen"
            )
        self.assertRpcRefused(
            self.technician, "ir.attachment", "unlink", [pending], message="frozen"
        )
        self.assertEqual(posted.raw, b"first note")
        self.assertEqual(self.report.attachment_ids, self.file, "not served to the customer")

    def test_versions_are_the_chain_of_revisions(self):
        """R-RP-03: the versions of a report follow its revisions, not its number: another
        customer's report given the same number (a typing error in an import) is no version of
        it, and its customer's page does not link it."""
        self._release()
        stray = self._report(self.order_b, name=self.report.name)
        stray.with_user(self.technician).action_prepare()
        stray.with_user(self.quality_manager).action_review()
        stray.with_user(self.technical_manager).action_release()
        revised = self.report.with_user(self.quality_manager)._lab_revise("Wrong unit")
        revised = revised.with_env(self.env)
        revised.attachment_ids = self.env["ir.attachment"].create(
            {"name": "v2.pdf", "raw": b"%PDF-1.4 v2", "mimetype": "application/pdf"}
        )
        revised.with_user(self.supervisor).action_prepare()
        revised.with_user(self.quality_manager).action_review()
        revised.with_user(self.technical_manager).action_release()
        self.assertEqual(revised.version_ids, self.report | revised)
        self.assertEqual(self.report.version_ids, self.report | revised)
        self.assertEqual(stray.version_ids, stray)
        self.assertEqual(
            self.rpc(self.technician, "lab.test.report", "read", [revised.id], ["version_ids"])[0][
                "version_ids"
            ],
            sorted((self.report | revised).ids, reverse=True),
        )
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open(f"/my/lab/reports/{revised.id}").text
        self.assertIn(f"/my/lab/reports/{self.report.id}", page, "the first version is listed")
        self.assertNotIn(f"/my/lab/reports/{stray.id}", page)
        self.assertNotIn(stray.access_token, page)

    def test_a_rejected_sample_is_never_reported(self):
        """Issue 17 item 5, R-SR-04: the server refuses a report on a rejected sample, whether
        the report is created with it or the sample is added later, over JSON-RPC."""
        rejected = self.env["lab.sample"].create({"order_id": self.order.id})
        rejected.with_user(self.reception)._lab_reject(
            self.env.ref("lab_customer_service.rejection_reason_seal")
        )
        self.assertEqual(rejected.state, "rejected")
        error = self.assertRpcRefused(
            self.technical_manager,
            "lab.test.report",
            "create",
            [{"order_id": self.order.id, "sample_ids": [fields.Command.set(rejected.ids)]}],
        )
        self.assertIn(rejected.name, error.message)
        self.assertIn("rejected samples", error.message)
        self.assertRpcRefused(
            self.technician,
            "lab.test.report",
            "write",
            [self.report.id],
            {"sample_ids": [fields.Command.link(rejected.id)]},
        )
        self.assertEqual(self.report.sample_ids, self.samples)
        self.assertRpcRefused(self.technician, "lab.sample", "action_start_test", [rejected.id])
        self.assertEqual(rejected.state, "rejected")
