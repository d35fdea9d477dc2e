from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ConfidentialityCase


@tagged("post_install", "-at_install")
class TestVisitPermit(ConfidentialityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # In gravimetry during the visit: 2 samples of B, 1 of C (no planned date: present until
        # reported), and A's own sample. Not counted: B's sample already reported, C's sample
        # planned to be finished before the visit, B's sample in another area, B's sample that
        # arrives after the visit.
        cls.b_present = cls._samples(cls.customer_b, cls.loc_grav, 2)
        cls.c_present = cls._samples(cls.customer_c, cls.loc_grav, 1, state="in_test")
        cls.a_own = cls._samples(cls.customer_a, cls.loc_grav, 1)
        cls._samples(cls.customer_b, cls.loc_grav, 1, state="reported")
        cls._samples(
            cls.customer_c,
            cls.loc_grav,
            1,
            date_expected=cls.visit_start.date() - timedelta(days=1),
        )
        cls._samples(cls.customer_b, cls.loc_gc, 1)
        cls._samples(
            cls.customer_b, cls.loc_grav, 1, date_received=cls.visit_end + timedelta(hours=1)
        )

    def test_window_must_end_after_it_starts(self):
        with self.assertRaises(ValidationError):
            self._permit(self.customer_a, date_end=self.visit_start - timedelta(hours=1))
        self.assertFalse(
            self.env["lab.visit.permit"].search([("partner_id", "=", self.customer_a.id)])
        )

    def test_conflict_check_counts_other_customers_without_naming_them(self):
        permit = self._permit(self.customer_a).with_user(self.deputy)
        self.assertEqual(permit.conflict_sample_count, 3)
        self.assertEqual(permit.conflict_customer_count, 2)
        self.assertEqual(permit.conflict_summary, "3 samples of 2 other customers: pause or screen")
        self.assertNotIn("Customer B", permit.conflict_summary)
        # Adding an area with one more of B's samples: still two customers.
        permit.sudo().area_ids = [(4, self.area_gc.id)]
        permit.invalidate_recordset()
        self.assertEqual((permit.conflict_sample_count, permit.conflict_customer_count), (4, 2))
        # The summary speaks of one sample or one customer in the singular.
        gc_only = self._permit(self.customer_a, areas=self.area_gc).with_user(self.deputy)
        self.assertEqual(gc_only.conflict_summary, "1 sample of another customer: pause or screen")
        self._samples(self.customer_b, self.loc_gc, 1)
        gc_only.invalidate_recordset()
        self.assertEqual(gc_only.conflict_summary, "2 samples of 1 other customer: pause or screen")
        # The visitor and the technician never read it.
        portal_permit = permit.with_user(self.portal_a)
        with self.assertRaises(AccessError):
            portal_permit.read(["conflict_summary"])
        with self.assertRaises(AccessError):
            permit.with_user(self.technician).read(["conflict_sample_count"])
        self.assertEqual(portal_permit.read(["state"])[0]["state"], "draft")

    def test_conflict_check_does_not_grow_with_the_samples(self):
        quiet = self._permit(self.customer_a, areas=self.area_micro).with_user(self.deputy)
        busy = self._permit(self.customer_a, areas=self.area_grav | self.area_gc)
        busy = busy.with_user(self.deputy)
        counts = []
        for permit in (quiet, busy, quiet):
            permit.invalidate_recordset()
            self.env.flush_all()
            before = self.cr.sql_log_count
            self.assertTrue(permit.conflict_summary)
            counts.append(self.cr.sql_log_count - before)
        self.assertEqual(busy.conflict_sample_count, 4)
        self.assertEqual(counts[1], counts[2], "one grouped query, whatever the samples")

    def test_nda_gate_names_who_is_missing(self):
        permit = self._permit(self.customer_a, visitors=self.contact_a | self.contact_b)
        self._signed_nda(self.contact_b)
        permit.with_user(self.staff).action_request()
        self.assertEqual(permit.state, "requested")
        self.assertEqual(permit.nda_ids.partner_id, self.contact_a, "Alice is asked to sign")
        self.assertEqual(permit.nda_ids.state, "sent")
        permit.conflict_measure = "pause"
        with self.assertRefused(UserError, "no valid confidentiality agreement for Alice A"):
            permit.with_user(self.deputy).action_approve()
        self.assertEqual(permit.state, "requested")
        self.assertFalse(permit.approved_by_id)

    def test_only_director_or_deputy_approve(self):
        self._signed_nda(self.contact_a)
        permit = self._permit(self.customer_a)
        permit.action_request()
        permit.conflict_measure = "screen"
        for user in (self.quality_manager, self.technical_manager, self.reception, self.staff):
            with self.assertRaises(AccessError):
                permit.with_user(user).action_approve()
        self.assertEqual(permit.state, "requested")
        permit.with_user(self.deputy).action_approve()
        self.assertEqual(permit.state, "approved")
        self.assertEqual(permit.approved_by_id, self.deputy)
        self.assertEqual(
            (permit.approved_sample_count, permit.approved_customer_count, permit.conflict_measure),
            (3, 2, "screen"),
        )

    def test_approval_needs_a_measure_when_others_work_there(self):
        self._signed_nda(self.contact_a)
        permit = self._permit(self.customer_a)
        permit.action_request()
        with self.assertRefused(UserError, "3 samples of 2 other customers"):
            permit.with_user(self.director).action_approve()
        self.assertEqual(permit.state, "requested")
        # No other customer in microbiology: nothing to pause, and that is recorded.
        quiet = self._permit(self.customer_a, areas=self.area_micro)
        quiet.action_request()
        quiet.with_user(self.director).action_approve()
        self.assertEqual((quiet.state, quiet.conflict_measure), ("approved", "none"))

    def test_training_needs_the_quality_manager_too(self):
        self._signed_nda(self.contact_a)
        permit = self._permit(purpose="training", areas=self.area_micro)
        permit.action_request()
        permit.with_user(self.director).action_approve()
        self.assertEqual(permit.state, "requested", "still waiting for the training approval")
        with self.assertRaises(AccessError):
            permit.with_user(self.staff).action_approve_training()
        permit.with_user(self.quality_manager).action_approve_training()
        self.assertEqual(permit.state, "approved")
        self.assertEqual(permit.training_approved_by_id, self.quality_manager)

    def test_permit_prints(self):
        self._signed_nda(self.contact_a)
        permit = self._permit(self.customer_a, areas=self.area_micro)
        permit.action_request()
        permit.with_user(self.director).action_approve()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("lab_confidentiality.action_report_lab_visit_permit", permit.ids)[0]
            .decode()
        )
        self.assertIn(permit.name, html)
        self.assertIn("Alice A", html)
        self.assertIn("Microbiology", html)
        self.assertNotIn("Customer B", html)

    def test_form_shows_the_conflict_only_to_those_who_see_customers(self):
        Permit = self.env["lab.visit.permit"]
        for user, visible in (
            (self.deputy, True),
            (self.reception, True),
            (self.technician, False),
        ):
            arch = Permit.with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]
            self.assertEqual('name="conflict_summary"' in arch, visible, user.login)
            self.assertEqual('name="action_approve"' in arch, user == self.deputy, user.login)
