from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import LabCase
from .rpc import RpcCase

MODEL = "lab.customer.need"


@tagged("post_install", "-at_install")
class TestCustomerNeed(LabCase, RpcCase):
    """R-SV-05, seed 001 "Identifying and Managing Customer Needs": internal and external
    customers' needs are recorded, the Quality Manager (or the Director) reviews each for a
    process change, and the management review counts them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.resource_calendar_id.tz = "Asia/Shanghai"  # UTC+8

    def _need(self, user=None, **vals):
        return (
            self.env[MODEL]
            .with_user(user or self.staff)
            .create(
                {
                    "summary": "Reports by email the day they are signed",
                    "partner_id": self.customer_a.id,
                    "source": "survey",
                    **vals,
                }
            )
        )

    def test_customer_service_records_the_quality_manager_reviews(self):
        need = self._need()
        self.assertRegex(need.name, r"^CN\d{4}-\d{4}$")
        self.assertEqual(need.create_uid, self.staff)
        self.assertEqual(need.state, "open")
        need.write({"review_outcome": "process_change"})

        # Customer service records, but does not decide process changes.
        with self.assertRaises(AccessError):
            need.action_review()
        for user in (self.technical_manager, self.technician):
            with self.assertRaises(AccessError, msg=user.login):
                need.with_user(user).action_review()
        as_qm = need.with_user(self.quality_manager)
        with self.assertRaisesRegex(UserError, "Describe the process change"):
            as_qm.action_review()
        as_qm.process_change = "Report dispatch: email the signed PDF on release"
        with freeze_time("2026-05-31 17:00:00"):  # 1 June in the lab (UTC+8)
            as_qm.action_review()
        self.assertEqual(need.state, "reviewed")
        self.assertEqual(need.last_reviewed_by_id, self.quality_manager)
        self.assertEqual(need.last_reviewed_on, date(2026, 6, 1))

        # The decision is frozen: reopening is the way to review again.
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            as_qm.review_outcome = "no_change"
        with self.assertRaises(AccessError):
            need.action_close()
        as_qm.action_close()
        self.assertEqual(need.state, "closed")
        with self.assertRaisesRegex(UserError, "stays in the register"):
            as_qm.unlink()
        need.with_user(self.director).action_reopen()
        self.assertEqual(need.state, "open")
        self.assertEqual(need.last_reviewed_on, date(2026, 6, 1), "the last review is kept")
        as_qm.write({"review_outcome": "no_change"})
        need.with_user(self.deputy).action_review()
        self.assertEqual(need.last_reviewed_by_id, self.deputy)

    def test_review_needs_an_outcome(self):
        need = self._need()
        with self.assertRaisesRegex(UserError, "Choose the outcome"):
            need.with_user(self.quality_manager).action_review()
        self.assertEqual(need.state, "open")

    def test_internal_and_external_customers(self):
        with self.assertRaises(ValidationError) as caught:
            self._need(partner_id=False)
        self.assertIn("which customer", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            self._need(customer_type="internal", partner_id=False)
        self.assertIn("which department or person", str(caught.exception))
        internal = self._need(
            customer_type="internal",
            partner_id=False,
            internal_unit="Sample reception",
            internal_user_id=self.reception.id,
            source="staff",
        )
        self.assertEqual(internal.customer_type, "internal")
        Need = self.env[MODEL].with_user(self.quality_manager)
        self.assertEqual(Need.search([("customer_type", "=", "internal")]), internal)

    def test_who_reads_and_writes_the_register(self):
        need = self._need()
        self.assertEqual(need.with_user(self.technical_manager).summary, need.summary)
        with self.assertRaises(AccessError):
            need.with_user(self.technical_manager).summary = "Changed"
        with self.assertRaises(AccessError):
            need.with_user(self.technician).read(["summary"])
        with self.assertRaises(AccessError):
            self._need(self.technician)
        with self.assertRaises(AccessError):
            need.with_user(self.staff).unlink()
        draft = self._need(summary="Recorded twice by mistake")
        draft.with_user(self.quality_manager).unlink()
        self.assertFalse(draft.exists())

    def test_state_and_review_hold_over_rpc(self):
        need = self._need(review_outcome="no_change")
        for user, vals in (
            (self.staff, {"state": "reviewed"}),
            (self.quality_manager, {"state": "closed"}),
            (self.director, {"last_reviewed_on": "2020-01-01"}),
            (self.quality_manager, {"last_reviewed_by_id": self.director.id}),
        ):
            self.assertRpcRefused(user, MODEL, "write", [need.id], vals)
        self.assertRpcRefused(
            self.staff,
            MODEL,
            "create",
            [{"summary": "x", "partner_id": self.customer_a.id, "state": "reviewed"}],
        )
        self.assertRpcRefused(self.staff, MODEL, "action_review", [need.id], message="Quality")
        self.assertEqual(need.state, "open")
        self.assertFalse(need.last_reviewed_on)
        self.rpc(self.quality_manager, MODEL, "action_review", [need.id])
        self.assertEqual(need.state, "reviewed")
        self.assertEqual(need.last_reviewed_by_id, self.quality_manager)
        self.assertRpcRefused(
            self.quality_manager, MODEL, "write", [need.id], {"review_outcome": "process_change"}
        )

    def test_management_review_counts_the_needs_of_its_period(self):
        """The three figures, against a count made here by hand, row by row."""
        Need = self.env[MODEL]
        rows = [
            # (recorded on, reviewed on, outcome)
            (datetime(2026, 3, 2, 9), date(2026, 3, 20), "process_change"),
            (datetime(2026, 3, 5, 9), date(2026, 3, 21), "no_change"),
            (datetime(2026, 3, 31, 12), None, None),
            (datetime(2026, 2, 27, 9), date(2026, 3, 1), "process_change"),  # recorded before
            (datetime(2026, 3, 10, 9), date(2026, 4, 2), "process_change"),  # reviewed after
            (datetime(2026, 4, 1, 12), None, None),  # after the period
        ]
        needs = Need.browse()
        for recorded, reviewed, outcome in rows:
            need = self._need(review_outcome=outcome, process_change=outcome and "Change")
            # Recorded in the past: Odoo stamps the database's clock, which freezegun leaves.
            self.env.cr.execute(
                "UPDATE lab_customer_need SET create_date = %s WHERE id = %s", [recorded, need.id]
            )
            if reviewed:
                with freeze_time(datetime.combine(reviewed, datetime.min.time()).replace(hour=4)):
                    need.with_user(self.quality_manager).action_review()
            needs |= need
        other_company = self.env["res.company"].create({"name": "Other Lab"})
        elsewhere = Need.create(
            {"summary": "x", "partner_id": self.customer_b.id, "company_id": other_company.id}
        )
        self.env.cr.execute(
            "UPDATE lab_customer_need SET create_date = %s WHERE id = %s",
            [datetime(2026, 3, 10, 9), elsewhere.id],
        )
        self.env.invalidate_all()

        review = self.env["lab.management.review"].create(
            {"name": "Q1 2026", "date_from": "2026-03-01", "date_to": "2026-03-31"}
        )
        first, last = date(2026, 3, 1), date(2026, 3, 31)
        expected = {
            "needs_recorded": sum(first <= r.date() <= last for r, _v, _o in rows),
            "needs_reviewed": sum(bool(v and first <= v <= last) for _r, v, _o in rows),
            "needs_process_changes": sum(
                bool(v and first <= v <= last and o == "process_change") for _r, v, o in rows
            ),
        }
        self.assertEqual(list(expected.values()), [4, 3, 2])
        figures = {f["key"]: f["value"] for f in review._get_figures()}
        self.assertEqual({key: figures[key] for key in expected}, expected)
        self.assertEqual(
            review._get_customer_need_changes(), needs[0] | needs[3], "the changes decided"
        )

        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "lab_customer_service.action_report_lab_management_review", review.ids
            )[0]
            .decode()
        )
        self.assertIn("Customer needs recorded", html)
        self.assertIn("Process changes decided", html)
        self.assertIn(needs[0].name, html)
        self.assertNotIn(needs[4].name, html)
        self.assertIn("Customer needs recorded", review.figures_html)
