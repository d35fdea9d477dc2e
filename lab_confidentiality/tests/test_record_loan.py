from datetime import date, datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.lab_customer_service.tests.rpc import RpcCase

from .common import ConfidentialityCase

MODEL = "lab.record.loan"


@tagged("post_install", "-at_install")
class TestRecordLoan(ConfidentialityCase, RpcCase):
    """R-RC-03, seed 004 §4.5: an archived record is borrowed on the borrower's own request,
    approved by the General Manager (Director or Deputy), registered and lent by the records
    keeper (Quality Manager) for seven days, renewed only by a new request, flagged when
    overdue, and never copied."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.resource_calendar_id.tz = "Asia/Shanghai"  # UTC+8, no daylight saving
        cls.company.lab_loan_days = 7
        cls.company.lab_loan_approver_id = cls.director
        cls.overdue_type = cls.env.ref("lab_confidentiality.mail_activity_type_lab_loan_overdue")

    def _draft(self, user=None, **vals):
        user = user or self.technician
        return (
            self.env[MODEL]
            .with_user(user)
            .create(
                {
                    "description": "Box 2025/07: raw data sheets of noise surveys",
                    "purpose": "Check a calibration entry for the annual method review",
                    **vals,
                }
            )
        )

    def _approved(self, user=None, **vals):
        """A loan asked for by ``user`` (the technician), who accepts the conditions, and
        approved by the Director."""
        loan = self._draft(user, **vals)
        loan.action_request()
        loan.action_accept_conditions()
        loan.with_user(self.director).action_approve()
        return loan

    def _activities(self, loans):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", MODEL),
                ("res_id", "in", loans.ids),
                ("activity_type_id", "=", self.overdue_type.id),
            ]
        )

    # The workflow, each step by its role

    def test_each_step_by_its_role(self):
        loan = self._draft()
        self.assertRegex(loan.name, r"^LN\d{4}-\d{4}$")
        self.assertEqual(loan.borrower_id, self.technician)

        loan.action_request()
        self.assertEqual(loan.state, "requested")
        self.assertTrue(loan.requested_on)
        approval = loan.sudo().activity_ids.filtered(lambda a: a.user_id == self.director)
        self.assertTrue(approval, "the manager named in the settings is asked to approve")

        # Only the General Manager approves: neither customer service nor the records keeper.
        for user in (self.staff, self.quality_manager, self.technical_manager):
            with self.assertRaises(AccessError, msg=user.login):
                loan.with_user(user).action_approve()
        self.assertEqual(loan.state, "requested")
        loan.with_user(self.deputy).action_approve()
        self.assertEqual(loan.state, "approved")
        self.assertEqual(loan.approved_by_id, self.deputy)
        self.assertFalse(loan.sudo().activity_ids, "the approval activity is done")

        # The records keeper lends only once the borrower has accepted the no-copy conditions.
        with self.assertRefused(UserError, "accept the conditions"):
            loan.with_user(self.quality_manager).action_lend()
        with self.assertRefused(UserError, "who borrows under loan"):
            loan.with_user(self.quality_manager).action_accept_conditions()
        loan.action_accept_conditions()
        self.assertTrue(loan.conditions_accepted_on)
        for user in (self.technician, self.staff, self.supervisor):
            with self.assertRaises(AccessError, msg=user.login):
                loan.with_user(user).action_lend()
        loan.with_user(self.quality_manager).action_lend()
        self.assertEqual(loan.state, "lent")
        self.assertEqual(loan.lent_by_id, self.quality_manager)
        self.assertTrue(loan.date_due)

        with self.assertRaises(AccessError):
            loan.with_user(self.technician).action_return()
        loan.with_user(self.quality_manager).action_return()
        self.assertEqual(loan.state, "returned")
        self.assertEqual(loan.received_by_id, self.quality_manager)
        self.assertTrue(loan.returned_on)

    def test_the_borrower_asks_in_person_and_does_not_approve_their_own_loan(self):
        loan = self._draft(self.quality_manager, borrower_id=self.technician.id)
        with self.assertRefused(UserError, "who borrows under loan"):
            loan.with_user(self.quality_manager).action_request()
        self.assertEqual(loan.state, "draft")

        own = self._draft(self.director)
        own.action_request()
        with self.assertRefused(UserError, "another person must approve"):
            own.action_approve()
        own.with_user(self.deputy).action_approve()
        own.action_accept_conditions()
        with self.assertRefused(UserError, "another person must lend"):
            own.action_lend()
        own.with_user(self.quality_manager).action_lend()
        self.assertEqual(own.state, "lent")

    def test_refusal(self):
        loan = self._draft()
        loan.action_request()
        with self.assertRaises(AccessError):
            loan.with_user(self.quality_manager).action_refuse()
        loan.with_user(self.director).action_refuse()
        self.assertEqual(loan.state, "refused")
        self.assertEqual(loan.refused_by_id, self.director)
        self.assertFalse(loan.approved_by_id)
        with self.assertRefused(UserError, "cannot be lent"):
            loan.with_user(self.quality_manager).action_lend()

    def test_what_is_asked_is_what_is_lent(self):
        with self.assertRefused(ValidationError, "Say what is borrowed"):
            self._draft(description=False)
        loan = self._draft()
        loan.description = "Box 2025/08"  # a draft is the borrower's to change
        loan.action_request()
        with self.assertRefused(UserError, "can no longer be changed"):
            loan.description = "Box 2019/01: the whole permanent archive"
        with self.assertRefused(UserError, "can no longer be changed"):
            loan.with_user(self.director).purpose = "Something else"
        self.assertEqual(loan.description, "Box 2025/08")

    def test_a_record_of_the_system_brings_its_retention_class(self):
        sample = self._samples(self.customer_a, self.loc_grav)
        loan = self._draft(
            self.quality_manager, description=False, record_ref=f"lab.sample,{sample.id}"
        )
        self.assertEqual(loan.record_ref, sample)
        self.assertEqual(
            loan.retention_class_id, self.env.ref("lab_confidentiality.retention_class_long")
        )
        selection = dict(self.env[MODEL]._selection_record_ref())
        self.assertIn("lab.sample", selection)
        self.assertIn("lab.disclosure", selection)
        self.assertNotIn(MODEL, selection)

    def test_a_borrower_sees_only_their_own_loans(self):
        mine = self._draft()
        other = self._draft(self.staff)
        Loan = self.env[MODEL]
        self.assertEqual(Loan.with_user(self.technician).search([]), mine)
        with self.assertRaises(AccessError):
            other.with_user(self.technician).read(["description"])
        self.assertEqual(Loan.with_user(self.quality_manager).search([]), mine | other)
        self.assertEqual(Loan.with_user(self.director).search([]), mine | other)

    def test_a_requested_loan_is_a_record_kept_for_its_retention(self):
        draft = self._draft()
        requested = self._draft()
        requested.action_request()
        with self.assertRefused(UserError, "must be kept until"):
            requested.unlink()
        draft.unlink()
        self.assertFalse(draft.exists())
        self.assertTrue(requested.exists())

    # Due day, overdue flag (seed 004 §4.5: seven days in general)

    def test_due_day_in_the_company_time_zone_and_configurable(self):
        loan = self._approved()
        # 20:00 UTC on 1 March is already 2 March in the lab (UTC+8).
        with freeze_time("2026-03-01 20:00:00"):
            loan.with_user(self.quality_manager).action_lend()
        self.assertEqual(loan.lent_on, datetime(2026, 3, 1, 20, 0))
        self.assertEqual(loan.date_due, date(2026, 3, 9))

        self.company.lab_loan_days = 3
        other = self._approved()
        with freeze_time("2026-03-01 20:00:00"):
            other.with_user(self.quality_manager).action_lend()
        self.assertEqual(other.date_due, date(2026, 3, 5))
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.cr.savepoint():
                self.company.lab_loan_days = 0

    def test_overdue_loans_are_flagged_once_to_borrower_and_manager(self):
        loan = self._approved()
        on_time = self._approved()
        with freeze_time("2026-03-02 01:00:00"):  # 09:00 in the lab
            (loan | on_time).with_user(self.quality_manager).action_lend()
        self.assertEqual(loan.date_due, date(2026, 3, 9))
        Loan = self.env[MODEL].with_user(self.quality_manager)

        # The due day itself is not late, in the lab's day (23:00 on 9 March there).
        with freeze_time("2026-03-09 15:00:00"):
            loan.invalidate_recordset(["is_overdue"])
            self.assertFalse(loan.is_overdue)
            self.assertFalse(Loan.search([("is_overdue", "=", True)]))
            self.env[MODEL]._cron_flag_overdue()
        self.assertFalse(self._activities(loan | on_time))

        with freeze_time("2026-03-09 16:30:00"):  # 00:30 on 10 March in the lab
            on_time.with_user(self.quality_manager).action_return()
            loan.invalidate_recordset(["is_overdue"])
            self.assertTrue(loan.is_overdue)
            self.assertEqual(Loan.search([("is_overdue", "=", True)]), loan)
            self.assertEqual(Loan.search([("is_overdue", "=", False)]), on_time)
            self.env[MODEL]._cron_flag_overdue()
            self.env[MODEL]._cron_flag_overdue()  # the next day's run adds nothing
        activities = self._activities(loan)
        self.assertEqual(activities.user_id, self.technician | self.director)
        self.assertEqual(len(activities), 2)
        self.assertFalse(self._activities(on_time))

        with freeze_time("2026-03-10 02:00:00"):
            loan.with_user(self.quality_manager).action_return()
            loan.invalidate_recordset(["is_overdue"])
            self.assertFalse(loan.is_overdue)
        self.assertFalse(self._activities(loan), "returning closes the overdue activities")

    def _cron_queries(self):
        """The queries of one run of the overdue job, from cold caches."""
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        self.env[MODEL]._cron_flag_overdue()
        return self.cr.sql_log_count - before

    def test_the_overdue_job_does_not_query_per_loan(self):
        warm, first = self._approved(), self._approved()
        more = self._approved() | self._approved() | self._approved()
        counts = []
        for loans in (warm, first, more):
            with freeze_time("2026-03-02 01:00:00"):
                loans.with_user(self.quality_manager).action_lend()
            with freeze_time("2026-03-20 01:00:00"):
                counts.append(self._cron_queries())
        self.assertEqual(len(self._activities(warm | first | more)), 10)
        self.assertEqual(counts[2], counts[1], "as many queries for three new loans as for one")

    # Renewal (seed 004 §4.5: a longer loan goes through the procedure again)

    def test_a_renewal_is_a_new_request(self):
        loan = self._approved()
        with freeze_time("2026-03-02 01:00:00"):
            loan.with_user(self.quality_manager).action_lend()
        with self.assertRaises(UserError):
            loan.with_user(self.quality_manager).action_renew()
        action = loan.action_renew()
        renewal = self.env[MODEL].with_user(self.technician).browse(action["res_id"])
        self.assertNotEqual(renewal, loan)
        self.assertEqual(renewal.state, "requested")
        self.assertEqual(renewal.renewal_of_id, loan)
        self.assertEqual(renewal.borrower_id, self.technician)
        self.assertEqual(renewal.description, loan.description)
        self.assertFalse(renewal.conditions_accepted_on, "the conditions are accepted again")
        self.assertEqual(loan.renewal_ids, renewal)
        self.assertEqual(loan.state, "lent", "the file stays lent until the renewal is")
        with self.assertRefused(UserError, "already has a renewal"):
            loan.action_renew()

        renewal.action_accept_conditions()
        with self.assertRaises(AccessError):
            renewal.with_user(self.quality_manager).action_approve()
        renewal.with_user(self.director).action_approve()
        with freeze_time("2026-03-08 01:00:00"):
            renewal.with_user(self.quality_manager).action_lend()
        self.assertEqual(renewal.date_due, date(2026, 3, 15))
        self.assertEqual(loan.state, "returned", "the renewal took over the old loan")
        self.assertEqual(loan.returned_on, datetime(2026, 3, 8, 1, 0))

    def test_a_refused_renewal_leaves_the_loan_due(self):
        loan = self._approved()
        with freeze_time("2026-03-02 01:00:00"):
            loan.with_user(self.quality_manager).action_lend()
        renewal = self.env[MODEL].with_user(self.technician).browse(loan.action_renew()["res_id"])
        renewal.with_user(self.director).action_refuse()
        self.assertEqual(loan.state, "lent")
        self.assertEqual(loan.date_due, date(2026, 3, 9))

    # Over JSON-RPC, as a logged-in user can call it

    def test_states_and_approvals_hold_over_rpc(self):
        loan = self._draft()
        loan.action_request()
        loan.action_accept_conditions()
        for user, vals in (
            (self.technician, {"state": "approved"}),
            (self.director, {"state": "approved"}),
            (self.director, {"approved_by_id": self.director.id}),
            (self.quality_manager, {"date_due": "2099-01-01"}),
            (self.technician, {"conditions_accepted_on": False}),
        ):
            self.assertRpcRefused(user, MODEL, "write", [loan.id], vals)
        self.assertRpcRefused(
            self.technician,
            MODEL,
            "create",
            [{"description": "Box 1", "purpose": "p", "state": "lent"}],
        )
        self.assertRpcRefused(
            self.technician, MODEL, "action_approve", [loan.id], message="Director"
        )
        self.assertRpcRefused(
            self.quality_manager, MODEL, "action_approve", [loan.id], message="Director"
        )
        self.assertEqual(loan.state, "requested")
        self.assertTrue(loan.conditions_accepted_on)
        self.rpc(self.director, MODEL, "action_approve", [loan.id])
        self.assertEqual(loan.state, "approved")
        self.assertEqual(loan.approved_by_id, self.director)
        self.assertRpcRefused(self.technician, MODEL, "action_lend", [loan.id])
        self.rpc(self.quality_manager, MODEL, "action_lend", [loan.id])
        self.assertEqual(loan.state, "lent")
