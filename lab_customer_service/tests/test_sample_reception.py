from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import mute_logger

from .common import LabCase


@tagged("post_install", "-at_install")
class TestSampleReception(LabCase):
    """R-SR-01..06: samples received in batch against a confirmed order, checked, accepted or
    rejected with a notice, labelled, and known inside the lab by their code only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._lab_order(cls.customer_a, cls.test_dust | cls.test_noise, confirm=True)
        cls.area = cls.env["lab.area"].create({"name": "Test GC room", "code": "TEST-GC-4"})
        cls.fridge = cls.env["lab.storage.location"].create(
            {"name": "Fridge 1", "condition": "cooled", "area_id": cls.area.id}
        )
        cls.reason_seal = cls.env.ref("lab_customer_service.rejection_reason_seal")

    def _wizard(self, user, **values):
        form = Form(self.env["lab.sample.reception.wizard"].with_user(user))
        form.order_id = self.order
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def test_batch_reception_registers_the_whole_delivery(self):
        wizard = self._wizard(
            self.reception, sample_count=25, location_id=self.fridge, source="Stack 3"
        )
        self.assertEqual(
            wizard.sale_line_ids, self.order.order_line, "all ordered tests by default"
        )
        action = wizard.action_register()
        self.assertEqual(action["report_name"], "lab_customer_service.report_sample_label")
        samples = self.order.lab_sample_ids
        self.assertEqual(len(samples), 25)
        self.assertEqual(len(set(samples.mapped("name"))), 25)
        self.assertEqual(set(samples.mapped("state")), {"received"})
        self.assertEqual(samples.location_id, self.fridge)
        self.assertEqual(samples.received_by_id, self.reception)
        self.assertEqual(samples.partner_id, self.customer_a, "the customer is stored")
        self.assertEqual(samples.area_id, self.area)
        shelf = self.env["lab.storage.location"].create({"name": "Shelf"})
        samples[0].location_id = shelf
        self.assertFalse(samples[0].area_id, "the area follows the location")
        self.assertEqual(samples[0].test_ids, self.test_dust | self.test_noise)
        self.assertEqual(samples[0].sale_line_ids, self.order.order_line)
        dust_line = self.order.order_line.filtered(lambda line: line.product_id == self.test_dust)
        self.assertEqual(
            self.env["lab.sample"].search([("sale_line_ids", "in", dust_line.ids)]), samples
        )
        self.assertTrue(all(samples.mapped("date_expected")), "expected report date is set")
        self.assertIn("25 sample(s) received", self.order.message_ids[0].body)

    def test_batch_reception_one_sample_per_description_line(self):
        wizard = self._wizard(self.reception, descriptions="Tube A\n\nTube B\nTube C\n")
        wizard.print_labels = False
        wizard.action_register()
        self.assertEqual(
            sorted(self.order.lab_sample_ids.mapped("description")), ["Tube A", "Tube B", "Tube C"]
        )

    def test_batch_codes_come_from_one_query(self):
        def queries(count):
            wizard = self._wizard(self.reception, sample_count=count, print_labels=False)
            self.env.flush_all()
            before = self.cr.sql_log_count
            wizard._lab_register()
            self.env.flush_all()
            return self.cr.sql_log_count - before

        queries(1)  # warm caches
        self.assertLessEqual(queries(200), queries(2) + 2, "a batch does not grow with its size")

    def test_samples_of_one_create_keep_their_own_tests(self):
        """One create with different tests per sample: each sample gets exactly its tests, and
        the order expects its report on the latest date of its samples (R-SR-01, R-CM-03)."""
        self.test_noise.lab_turnaround_days = 3
        self.test_dust.lab_turnaround_days = 12
        Sample = self.env["lab.sample"].with_user(self.reception)
        dust_twice = [fields.Command.set([self.test_dust.id, self.test_dust.id])]
        samples = Sample.create(
            [
                {"order_id": self.order.id, "test_ids": [fields.Command.set(self.test_noise.ids)]},
                {"order_id": self.order.id, "test_ids": dust_twice},
                {"order_id": self.order.id, "test_ids": dust_twice},
                {"order_id": self.order.id},
            ]
        )
        self.assertEqual(samples[0].test_ids, self.test_noise)
        self.assertEqual(samples[1].test_ids, self.test_dust, "a repeated test is linked once")
        self.assertEqual(samples[2].test_ids, self.test_dust)
        self.assertEqual(samples[3].test_ids, self.test_dust | self.test_noise, "the order's tests")
        self.assertLess(samples[0].date_expected, samples[1].date_expected)
        self.assertEqual(self.order.lab_date_expected, samples[1].date_expected)
        samples[1:].date_expected = samples[0].date_expected + timedelta(days=30)
        self.assertEqual(
            self.order.lab_date_expected,
            samples[1].date_expected,
            "an expected date agreed with the customer moves the order's date",
        )

    def test_only_reception_registers(self):
        wizard = self._wizard(self.reception, sample_count=1)
        with self.assertRaises(UserError):
            wizard.with_user(self.technician)._lab_register()
        with self.assertRaises(AccessError):
            self.env["lab.sample"].with_user(self.staff).create({"order_id": self.order.id})
        self.assertFalse(self.order.lab_sample_ids)

    def test_unconfirmed_order_refused_and_nothing_written(self):
        draft = self._lab_order(self.customer_a)
        with self.assertRaisesRegex(UserError, "not confirmed"):
            self.env["lab.sample"].with_user(self.reception).create(
                [{"order_id": self.order.id}, {"order_id": draft.id}]
            )
        self.assertFalse(self.order.lab_sample_ids, "the valid half of the batch is not written")
        not_lab = self.env["sale.order"].create(
            {
                "partner_id": self.customer_a.id,
                "order_line": [fields.Command.create({"product_id": self.not_a_test.id})],
            }
        )
        not_lab.action_confirm()
        with self.assertRaisesRegex(UserError, "no laboratory test"):
            self.env["lab.sample"].create({"order_id": not_lab.id})

    def test_duplicate_code_typed_by_hand_is_refused(self):
        sample = self.env["lab.sample"].create({"order_id": self.order.id})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["lab.sample"].create({"order_id": self.order.id, "name": sample.name})

    def test_code_format_is_configurable(self):
        settings = self.env["res.config.settings"].create({})
        settings.lab_sample_code_prefix = "LAB"
        settings.lab_sample_code_use_year = True
        settings.lab_sample_code_padding = 4
        settings.execute()
        sample = self.env["lab.sample"].create({"order_id": self.order.id})
        year = fields.Date.today().year
        # padding is the minimum number of digits of the running number
        self.assertRegex(sample.name, rf"^LAB{year}-\d{{4,}}$")
        settings.lab_sample_code_use_year = False
        settings.execute()
        sample = self.env["lab.sample"].create({"order_id": self.order.id})
        self.assertRegex(sample.name, r"^LAB\d{4,}$")

    def test_accept_checks_conditions(self):
        good, late, broken = self.env["lab.sample"].create(
            [
                {"order_id": self.order.id},
                {
                    "order_id": self.order.id,
                    "test_ids": [fields.Command.set(self.test_dust.ids)],
                    "date_sampled": fields.Datetime.now() - timedelta(days=40),
                },
                {"order_id": self.order.id, "seal_state": "broken"},
            ]
        )
        self.assertIn("holding time exceeded", late.condition_issues)
        with self.assertRaises(UserError):
            good.with_user(self.technician).action_accept()
        good.with_user(self.reception).action_accept()
        self.assertEqual(good.state, "accepted")
        self.assertEqual(good.condition_checked_by_id, self.reception)
        for sample in late | broken:
            with self.assertRaisesRegex(UserError, "does not meet its method's conditions"):
                sample.with_user(self.reception).action_accept()
            self.assertEqual(sample.state, "received")
        # R-SR-04: with the customer's written consent, the report carries the reservation.
        wizard = (
            self.env["lab.sample.consent.wizard"]
            .with_user(self.reception)
            .with_context(active_ids=broken.ids)
            .create({"reservation": "Seal broken on receipt."})
        )
        wizard.action_confirm()
        self.assertEqual(broken.state, "accepted")
        report = self.env["lab.test.report"].create(
            {"order_id": self.order.id, "sample_ids": [fields.Command.set((good | broken).ids)]}
        )
        self.assertEqual(report.reservation_note, f"{broken.name}: Seal broken on receipt.")

    def test_rejection_notifies_customer_with_pdf_notice(self):
        sample = self.env["lab.sample"].create({"order_id": self.order.id, "seal_state": "broken"})
        wizard = (
            self.env["lab.sample.reject.wizard"]
            .with_user(self.reception)
            .with_context(active_ids=sample.ids)
            .create({"reason_id": self.reason_seal.id, "note": "Cassette open."})
        )
        wizard.action_reject()
        self.assertEqual(sample.state, "rejected")
        self.assertEqual(sample.rejection_reason_id, self.reason_seal)
        self.assertFalse(sample.message_ids.filtered(lambda m: m.message_type == "comment"))
        # R-SR-02: the notice names the customer; it is on the order, not on the sample
        notice = self.order.message_ids.filtered(lambda m: sample.name in (m.subject or ""))
        self.assertEqual(len(notice), 1)
        self.assertIn(self.order.partner_id, notice.partner_ids)
        self.assertIn("could not be accepted", notice.subject)
        self.assertTrue(notice.attachment_ids, "the rejection notice PDF is attached")
        self.assertIn("Rejection notice", notice.attachment_ids.name)
        self.assertFalse(sample.activity_ids)

    def test_rejection_without_email_gives_staff_an_activity(self):
        no_mail = self.env["res.partner"].create({"name": "No Mail Ltd", "is_company": True})
        order = self._lab_order(no_mail, confirm=True)
        order.user_id = self.staff
        sample = self.env["lab.sample"].create({"order_id": order.id})
        sample.with_user(self.reception)._lab_reject(self.reason_seal)
        self.assertFalse(sample.message_ids.filtered(lambda m: m.message_type == "comment"))
        self.assertFalse(sample.activity_ids, "technicians read the sample: nothing about whom")
        self.assertEqual(len(order.activity_ids), 1)
        self.assertEqual(order.activity_ids.user_id, self.staff)
        self.assertIn("no email address", str(order.activity_ids.note))
        kept = order.message_ids.filtered(lambda m: sample.name in (m.subject or ""))
        self.assertTrue(kept.attachment_ids, "the notice is kept on the order, to send by hand")
        self.assertFalse(kept.partner_ids)

    def test_rejection_needs_reception_and_a_reason(self):
        sample = self.env["lab.sample"].create({"order_id": self.order.id})
        with self.assertRaises(UserError):
            sample.with_user(self.technician)._lab_reject(self.reason_seal)
        with self.assertRaises(UserError):
            sample.with_user(self.reception)._lab_reject(self.env["lab.sample.rejection.reason"])
        self.assertEqual(sample.state, "received")

    def test_labels_carry_the_code_as_barcode_for_a_batch(self):
        samples = self.env["lab.sample"].create([{"order_id": self.order.id}] * 3)
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "lab_customer_service.report_sample_label", samples.ids
        )
        html = html.decode()
        for sample in samples:
            self.assertIn(sample.name, html)
        self.assertEqual(html.count('src="data:image/png;base64,'), 3, "one barcode per sample")
        self.assertNotIn(self.customer_a.name, html, "a label never names the customer")

    def test_technician_cannot_read_the_customer(self):
        sample = self.env["lab.sample"].create({"order_id": self.order.id})
        as_tech = sample.with_user(self.technician)
        self.assertEqual(as_tech.name, sample.name, "the code is visible")
        # form
        views = as_tech.get_views([(False, "form"), (False, "list")])
        for view in views["views"].values():
            self.assertNotIn('name="partner_id"', view["arch"])
            self.assertNotIn('name="order_id"', view["arch"])
        # RPC read
        with self.assertRaises(AccessError):
            as_tech.read(["partner_id"])
        # search
        with self.assertRaises(AccessError):
            as_tech.search([("partner_id", "=", self.customer_a.id)])
        # export: refused outright without export rights, and field by field with them
        with self.assertRaises(UserError):
            as_tech.export_data(["name", "partner_id"])
        self.technician.group_ids += self.env.ref("base.group_allow_export")
        self.assertEqual(as_tech.export_data(["name"])["datas"], [[sample.name]])
        with self.assertRaises(AccessError):
            as_tech.export_data(["name", "partner_id"])
        with self.assertRaises(AccessError):
            as_tech.export_data(["order_id/name"])
        # the receptionist sees it
        self.assertEqual(sample.with_user(self.reception).partner_id, self.customer_a)


@tagged("post_install", "-at_install")
class TestReceptionTour(LabCase, HttpCase):
    """The reception journey in the browser: batch wizard, list, accept."""

    def test_reception_tour(self):
        order = self._lab_order(self.customer_a, confirm=True)
        order.name = "LABTOUR-1"
        action = self.env.ref("lab_customer_service.lab_sample_reception_wizard_action")
        self.start_tour(
            f"/odoo/action-{action.id}", "lab_sample_reception_tour", login="t_reception"
        )
        self.assertEqual(len(order.lab_sample_ids), 3)
        self.assertEqual(order.lab_sample_ids.mapped("state").count("accepted"), 1)
