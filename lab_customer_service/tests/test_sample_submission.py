"""Customers submit their samples online; reception scans and receives them (issue 19 points
1-3; R-PT-01, R-SR-01/03/05/06, R-TC-02)."""

import csv
import io
import re
from datetime import timedelta

import pytz

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from ..models.lab_submission_file import read_rows
from .common import LabCase
from .rpc import RpcCase

HEADER = [
    "Your Sample ID",
    "Sampling Point",
    "Sampling Date and Time",
    "Matrix",
    "Container",
    "Preservation",
    "Tests",
    "Remarks",
]


def local_text(company, moment):
    """``moment`` (naive UTC) as a customer types it: the lab's clock, YYYY-MM-DD HH:MM."""
    local = pytz.utc.localize(moment).astimezone(company._lab_tz())
    return local.strftime("%Y-%m-%d %H:%M")


def csv_bytes(rows, header=tuple(HEADER)):
    """``rows`` as a CSV file under ``header`` (the template's columns unless told)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@tagged("post_install", "-at_install")
class TestSampleSubmission(LabCase, RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.test_dust.default_code = "DUST"
        cls.test_noise.default_code = "NOISE"
        cls.order = cls._lab_order(cls.contact_a, cls.test_dust | cls.test_noise, confirm=True)
        cls.order_b = cls._lab_order(cls.contact_b, confirm=True)
        cls.company = cls.order.company_id
        cls.sampled = local_text(cls.company, cls.now - timedelta(hours=3))
        cls.sampled_page = cls.sampled.replace(" ", "T")  # a datetime-local input's value
        cls.shelf = cls.env["lab.storage.location"].create({"name": "Cold room 2"})

    def _submit(self, count, now):
        """A submission of ``count`` samples on the order, made as the portal customer."""
        rows = [
            (
                i + 1,
                {
                    "customer_ref": f"W-{i + 1:04d}",
                    "sampling_point": f"Well {i % 7}",
                    "date_sampled": local_text(self.company, now - timedelta(hours=2)),
                    "matrix": "Water",
                    "tests": "DUST;NOISE" if i % 2 else "DUST",
                },
            )
            for i in range(count)
        ]
        submission, errors = (
            self.env["lab.sample.submission"]
            .with_user(self.portal_a)
            ._lab_submit_rows(self.order.with_user(self.portal_a), rows, now)
        )
        self.assertFalse(errors)
        return submission.sudo()

    # Point 1: in the page and by file

    def test_portal_customer_submits_three_samples_in_the_page(self):
        self.authenticate("t_portal_a", "t_portal_a")
        url = f"/my/orders/{self.order.id}/lab/submit"
        data = {"csrf_token": self._csrf(url), "row_count": "3", "action": "submit"}
        for n in (1, 2, 3):
            data.update(
                {
                    f"customer_ref_{n}": f"BH-{n}",
                    f"sampling_point_{n}": f"Borehole {n}",
                    f"date_sampled_{n}": self.sampled_page,
                    f"matrix_{n}": "Groundwater",
                    f"container_{n}": "1 L PE",
                    f"tests_{n}": str(self.test_dust.id),
                }
            )
        response = self.url_open(url, data=data)
        submission = self.env["lab.sample.submission"].search([("order_id", "=", self.order.id)])
        self.assertEqual(len(submission), 1, response.text[-3000:])
        self.assertEqual(submission.state, "submitted")
        self.assertEqual(submission.partner_id, self.customer_a)
        self.assertEqual(submission.line_ids.mapped("customer_ref"), ["BH-1", "BH-2", "BH-3"])
        self.assertEqual(submission.line_ids.test_ids, self.test_dust)
        self.assertEqual(
            submission.line_ids[0].date_sampled,
            (self.now - timedelta(hours=3)).replace(second=0, microsecond=0),
        )
        self.assertIn(submission.name, response.text, "the customer lands on the submission")
        self.assertIn("o_lab_submitted", response.text)
        self.assertEqual(
            submission.custody_event_ids.mapped("to_stage"), ["courier"], "customer → courier"
        )
        self.assertEqual(len(set(submission.line_ids.mapped("label_code"))), 3)

    def test_add_row_keeps_what_was_typed(self):
        self.authenticate("t_portal_a", "t_portal_a")
        url = f"/my/orders/{self.order.id}/lab/submit"
        response = self.url_open(
            url,
            data={
                "csrf_token": self._csrf(url),
                "row_count": "1",
                "action": "add_row",
                "customer_ref_1": "Kept-1",
            },
        )
        self.assertIn('value="Kept-1"', response.text)
        self.assertIn('id="customer_ref_2"', response.text)
        self.assertFalse(self.env["lab.sample.submission"].search_count([]))

    def test_page_rows_with_errors_save_nothing(self):
        self.authenticate("t_portal_a", "t_portal_a")
        url = f"/my/orders/{self.order.id}/lab/submit"
        response = self.url_open(
            url,
            data={
                "csrf_token": self._csrf(url),
                "row_count": "2",
                "action": "submit",
                "customer_ref_1": "A",
                "sampling_point_1": "Tap",
                "date_sampled_1": self.sampled_page,
                "matrix_1": "Water",
                "tests_1": str(self.test_dust.id),
                "customer_ref_2": "A",
                "sampling_point_2": "Tap",
                "date_sampled_2": self.sampled_page,
                "tests_2": str(self.test_silica.id),
            },
        )
        self.assertFalse(self.env["lab.sample.submission"].search_count([]))
        self.assertIn("Row 2: Sample ID “A” is already used on row 1", response.text)
        self.assertIn("Row 2: “Matrix” is missing.", response.text)
        self.assertIn(f"Row 2: Test “{self.test_silica.id}” is not on order", response.text)
        self.assertIn('value="A"', response.text, "what was typed stays in the page")

    def test_thousand_rows_by_file_bad_rows_refused_then_saved(self):
        good = [
            [
                f"F-{i:04d}",
                f"Stack {i % 9}",
                self.sampled,
                "Air filter",
                "Cassette",
                "",
                "DUST" if i % 3 else "DUST; Noise exposure",
                "",
            ]
            for i in range(1, 1001)
        ]
        bad = [list(row) for row in good]
        bad[9][6] = "Crystalline silica"  # file row 11: not on the order
        bad[19][2] = local_text(self.company, self.now + timedelta(days=2))  # row 21: future
        bad[29][0] = "F-0001"  # row 31: duplicate of row 2
        bad[39][1] = '=HYPERLINK("http://evil")'  # row 41: a formula
        bad[49][2] = local_text(self.company, self.now - timedelta(hours=800))  # row 51
        bad[59][2] = "yesterday"  # row 61
        self.authenticate("t_portal_a", "t_portal_a")
        url = f"/my/orders/{self.order.id}/lab/submit"
        csrf = self._csrf(url)
        response = self.url_open(
            url,
            data={"csrf_token": csrf, "action": "upload"},
            files={"file": ("samples.csv", csv_bytes(bad), "text/csv")},
        )
        self.assertFalse(self.env["lab.sample.submission"].search_count([]), "nothing saved")
        self.assertFalse(self.env["lab.sample.submission.line"].search_count([]))
        text = response.text
        self.assertIn(f"Row 11: Test “Crystalline silica” is not on order {self.order.name}.", text)
        self.assertIn("Row 21: The sampling date and time is in the future.", text)
        self.assertIn("Row 31: Sample ID “F-0001” is already used on row 2", text)
        self.assertIn("Row 41: “Sampling Point” starts with “=”: formulas are not accepted", text)
        self.assertIn("Row 51: Sampled 800 hours ago: Respirable dust allows at most 720", text)
        self.assertIn("Row 61: “yesterday” is not a date and time", text)
        self.assertEqual(len(re.findall('class="o_lab_row_error"', text)), 6)

        response = self.url_open(
            url,
            data={"csrf_token": csrf, "action": "upload"},
            files={"file": ("samples.csv", csv_bytes(good), "text/csv")},
        )
        submission = self.env["lab.sample.submission"].search([])
        self.assertEqual(len(submission.line_ids), 1000)
        self.assertEqual(submission.line_ids[2].test_ids, self.test_dust | self.test_noise)
        self.assertEqual(submission.line_ids[-1].sequence, 1001, "the row number of the file")
        self.assertIn(submission.name, response.text)

    def test_malformed_files_are_refused_clearly(self):
        env = self.env(user=self.portal_a)
        limit = 5 * 1024 * 1024
        cases = {
            "wrong columns": (
                b"Sample,Where,When\nA,B,C\n",
                "Unknown column(s): “Sample”, “Where”, “When”",
            ),
            "missing column": (
                b"Your Sample ID,Sampling Point,Matrix\nA,B,C\n",
                "The file lacks the column(s) “Sampling Date and Time”, “Tests”",
            ),
            "encoding": (
                "Your Sample ID,Sampling Point\nKuyu-ş,Çeşme\n".encode("cp1254"),
                "The file is not UTF-8 text",
            ),
            "50 MB": (b"x" * (50 * 1024 * 1024), "The file is larger than 5.0 MB"),
            "empty": (b"  \n", "The file is empty."),
            "no rows": (",".join(HEADER).encode(), "heading row but no sample"),
            "not a spreadsheet": (b"PK\x03\x04garbage", "not a valid XLSX spreadsheet"),
            "too many rows": (
                csv_bytes([["X", "Y", "2026-01-01 10:00", "W", "", "", "DUST", ""]] * 1001),
                "one upload takes at most 1000",
            ),
        }
        for name, (data, message) in cases.items():
            with self.subTest(name), self.assertRaises(UserError) as ctx:
                read_rows(env, data, "samples.csv", limit)
            self.assertIn(message, ctx.exception.args[0])

    def test_xlsx_upload_refuses_a_formula_on_its_row(self):
        import openpyxl  # noqa: PLC0415

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(HEADER)
        moment = (self.now - timedelta(hours=4)).replace(second=0, microsecond=0)
        local = pytz.utc.localize(moment).astimezone(self.company._lab_tz()).replace(tzinfo=None)
        sheet.append(["X-1", "Tap 1", local, "Water", "", "", "DUST", ""])
        sheet.append(["X-2", "Tap 2", local, "Water", "", "", "=A1", ""])
        buffer = io.BytesIO()
        workbook.save(buffer)
        rows = read_rows(self.env, buffer.getvalue(), "list.xlsx", 5 * 1024 * 1024)
        Submission = self.env["lab.sample.submission"].with_user(self.portal_a)
        lines, errors = Submission._lab_prepare_lines(self.order, rows, self.now)
        self.assertEqual([line["date_sampled"] for line in lines], [moment])
        self.assertEqual(list(errors), [3])
        self.assertIn("formulas are not accepted", errors[3][0])

    def test_template_has_the_headings_in_the_users_language(self):
        self.authenticate("t_portal_a", "t_portal_a")
        response = self.url_open("/my/lab/submissions/template.csv")
        self.assertEqual(response.content.decode("utf-8-sig").strip(), ",".join(HEADER))

    # Only one's own orders

    def test_another_customers_order_is_refused(self):
        self.authenticate("t_portal_b", "t_portal_b")
        url = f"/my/orders/{self.order.id}/lab/submit"
        self.assertEqual(self.url_open(url).status_code, 404)
        Submission = self.env["lab.sample.submission"]
        with self.assertRaises(AccessError):
            Submission.with_user(self.portal_b).create({"order_id": self.order.id})
        self.assertRpcRefused(
            self.portal_b, "lab.sample.submission", "create", [{"order_id": self.order.id}]
        )
        self.assertRpcRefused(
            self.technician, "lab.sample.submission", "create", [{"order_id": self.order.id}]
        )
        self.assertFalse(Submission.search_count([]))
        # and nobody reads another customer's submission
        submission = self._submit(1, self.now)
        self.assertEqual(self.url_open(submission.access_url).status_code, 404)
        self.assertFalse(Submission.with_user(self.portal_b).search([]))

    def test_a_submitted_list_is_frozen(self):
        submission = self._submit(2, self.now)
        line = submission.line_ids[0]
        self.assertRpcRefused(
            self.portal_a, "lab.sample.submission.line", "write", [line.id], {"matrix": "Soil"}
        )
        self.assertRpcRefused(
            self.staff,
            "lab.sample.submission.line",
            "write",
            [line.id],
            {"test_ids": [fields.Command.link(self.test_silica.id)]},
        )
        self.assertRpcRefused(
            self.portal_a,
            "lab.sample.submission.line",
            "create",
            [{"submission_id": submission.id, "customer_ref": "late", "matrix": "x"}],
        )
        self.assertEqual(line.matrix, "Water")
        self.assertEqual(len(submission.line_ids), 2)

    # Point 2: the chain-of-custody form and the signature

    def test_custody_form_one_page_per_twenty_samples(self):
        submission = self._submit(25, self.now)
        self.authenticate("t_reception", "t_reception")
        response = self.url_open(
            f"/report/html/lab_customer_service.report_submission_custody/{submission.id}"
        )
        self.assertEqual(response.status_code, 200)
        text = response.text
        self.assertEqual(text.count('class="page o_lab_custody_form"'), 2)
        self.assertEqual(text.count(submission.barcode), 2 + 2, "QR and text on each page")
        self.assertIn(f'alt="Barcode {submission.line_ids[24].label_code}"', text, "QR")
        self.assertIn("W-0025", text)
        self.assertIn(submission.line_ids[0].label_code, text)
        self.assertIn(self.company.name, text, "the lab's header")
        labels = self.url_open(
            f"/report/html/lab_customer_service.report_submission_prelabel/{submission.id}"
        ).text
        self.assertEqual(labels.count("o_lab_prelabel_ref"), 25)
        # the customer prints it from the portal
        self.authenticate("t_portal_a", "t_portal_a")
        pdf = self.url_open(f"{submission.access_url}/print/custody")
        self.assertEqual(pdf.status_code, 200)
        self.assertIn(pdf.headers["Content-Type"].split(";")[0], ("application/pdf", "text/html"))

    def test_customer_signs_the_custody_transfer(self):
        submission = self._submit(1, self.now)
        signature = (
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
            "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
        )
        url = f"/my/lab/submissions/{submission.id}/sign"
        self.authenticate("t_portal_b", "t_portal_b")
        refused = self.make_jsonrpc_request(url, {"name": "Bob", "signature": signature})
        self.assertTrue(refused.get("error"))
        self.authenticate("t_portal_a", "t_portal_a")
        result = self.make_jsonrpc_request(url, {"name": "Alice A", "signature": signature})
        self.assertFalse(result.get("error"), result)
        self.assertEqual(submission.signed_by, "Alice A")
        self.assertTrue(submission.signature)
        again = self.make_jsonrpc_request(url, {"name": "Mallory", "signature": signature})
        self.assertIn("already signed", again["error"])
        self.assertRpcRefused(
            self.portal_a,
            "lab.sample.submission",
            "write",
            [submission.id],
            {"signed_by": "Mallory"},
        )
        self.assertEqual(submission.signed_by, "Alice A")

    # Point 3: reception by scan, custody trail

    def _scan(self, code, user):
        form = Form(self.env["lab.sample.reception.wizard"].with_user(user))
        form.scan_code = code
        return form

    def test_reception_scans_a_prelabel_and_receives(self):
        submission = self._submit(3, self.now)
        form = self._scan(submission.line_ids[1].label_code, self.reception)
        self.assertEqual(form.order_id, self.order)
        self.assertEqual(form.submission_id, submission)
        self.assertEqual(len(form.line_ids), 3)
        self.assertTrue(form.is_signed_on_paper, "not signed in the portal")
        with form.line_ids.edit(2) as line:
            line.decision = "reject"
            line.rejection_reason_id = self.env.ref("lab_customer_service.rejection_reason_seal")
        form.location_id = self.shelf
        form.print_labels = False
        wizard = form.save()
        wizard.action_register()
        samples = submission.sample_ids.sorted("id")
        self.assertEqual(len(samples), 3)
        self.assertEqual(samples.mapped("state"), ["accepted", "accepted", "rejected"])
        self.assertEqual(samples.mapped("lab_customer_sample_ref"), ["W-0001", "W-0002", "W-0003"])
        self.assertEqual(len(set(samples.mapped("name"))), 3)
        self.assertTrue(all(s.startswith("S") for s in samples.mapped("name")))
        self.assertEqual(samples[1].test_ids, self.test_dust | self.test_noise)
        self.assertEqual(submission.state, "received")
        self.assertTrue(submission.is_signed_on_paper)
        # a second scan finds it received
        with self.assertRaises(UserError):
            wizard._lab_find_submission(submission.barcode)
        # the technician knows the code alone
        sample = samples[0]
        read = self.rpc(self.technician, "lab.sample", "read", [sample.id], ["name", "state"])
        self.assertEqual(read[0]["name"], sample.name)
        self.assertRpcRefused(
            self.technician, "lab.sample", "read", [sample.id], ["lab_customer_sample_ref"]
        )
        self.assertNotIn("lab_customer_sample_ref", sample.with_user(self.technician).fields_get())
        self.assertRpcRefused(self.technician, "lab.sample.submission", "search_read", [])
        self.assertRpcRefused(self.technician, "lab.custody.event", "search_read", [])
        # the customer sees its own id beside the code
        portal = self.rpc(
            self.portal_a, "lab.sample", "read", [sample.id], ["name", "lab_customer_sample_ref"]
        )
        self.assertEqual(portal[0]["lab_customer_sample_ref"], "W-0001")

    def test_only_reception_receives_a_submission(self):
        submission = self._submit(1, self.now)
        with self.assertRaises(AccessError):
            self._scan(submission.barcode, self.technician)
        with self.assertRaises(AccessError):
            self._scan(submission.barcode, self.staff).save().action_register()
        self.assertEqual(submission.state, "submitted")
        self.assertFalse(submission.sample_ids)

    def test_custody_trail_is_complete(self):
        submission = self._submit(1, self.now)
        form = self._scan(submission.barcode, self.reception)
        form.print_labels = False
        form.save().action_register()
        sample = submission.sample_ids
        sample.with_user(self.reception).location_id = self.shelf
        sample.with_user(self.technician).action_start_test()
        self.env["lab.sample.return"].with_user(self.reception).create(
            {"sample_ids": [fields.Command.set(sample.ids)]}
        )
        events = (submission.custody_event_ids | sample.custody_event_ids).sorted("id")
        self.assertEqual(
            [(e.from_stage or "", e.to_stage) for e in events],
            [
                ("customer", "courier"),
                ("courier", "reception"),
                ("reception", "storage"),
                ("storage", "analysis"),
                ("analysis", "returned"),
            ],
        )
        self.assertEqual(
            events.mapped("user_id"),
            self.portal_a | self.reception | self.reception | self.technician | self.reception,
        )
        self.assertTrue(all(e.partner_id == self.customer_a for e in events))
        # the customer reads the trail of its own samples in the portal, nobody writes it
        self.authenticate("t_portal_a", "t_portal_a")
        page = self.url_open(submission.access_url).text
        self.assertEqual(page.count('class="o_lab_custody_event"'), 5)
        self.assertIn("Returned to Customer", page)
        for user in (self.portal_a, self.reception, self.director):
            self.assertRpcRefused(
                user,
                "lab.custody.event",
                "create",
                [{"sample_ids": [sample.id], "to_stage": "disposed", "company_id": 1}],
            )
            self.assertRpcRefused(user, "lab.custody.event", "write", events[:1].ids, {"note": "x"})
        self.assertFalse(
            self.env["lab.custody.event"].with_user(self.portal_b).search([]),
            "another customer sees nothing",
        )

    def test_one_custody_event_per_hand_over(self):
        """A delivery is one event holding all its samples, not one event per sample (R-SR-06);
        an event never mixes customers, so each customer reads its own trail only."""
        submission = self._submit(4, self.now)
        form = self._scan(submission.barcode, self.reception)
        form.location_id = self.shelf
        form.print_labels = False
        form.save().action_register()
        samples_a = submission.sample_ids
        self.assertEqual(len(samples_a), 4)
        wizard = Form(self.env["lab.sample.reception.wizard"].with_user(self.reception))
        wizard.order_id = self.order_b
        wizard.sample_count = 3
        wizard.location_id = self.shelf
        wizard.print_labels = False
        wizard.save().action_register()
        samples_b = self.order_b.lab_sample_ids
        self.assertEqual(len(samples_b), 3)
        Event = self.env["lab.custody.event"]
        events_a = Event.search([("sample_ids", "in", samples_a.ids)])
        self.assertEqual(
            sorted((e.from_stage, e.to_stage, e.sample_ids) for e in events_a),
            [("courier", "reception", samples_a), ("reception", "storage", samples_a)],
            "the delivery and its shelving: two events of four samples",
        )
        self.assertEqual(events_a.submission_id, submission)
        self.assertEqual((submission.custody_event_ids - events_a).mapped("to_stage"), ["courier"])
        # one move of both customers' samples: one event per customer
        cold = self.env["lab.storage.location"].create({"name": "Cold room 3"})
        (samples_a | samples_b).with_user(self.reception).location_id = cold
        moves = Event.search([("note", "=", cold.display_name)])
        self.assertEqual(len(moves), 2)
        self.assertEqual(
            {e.partner_id: e.sample_ids for e in moves},
            {self.customer_a: samples_a, self.customer_b: samples_b},
        )
        self.assertEqual(set(moves.mapped("from_stage")), {"storage"})
        # a sample's own trail
        self.assertEqual(
            samples_a[0].custody_event_ids.sorted("id").mapped("to_stage"),
            ["reception", "storage", "storage"],
        )
        # the customer reads its samples' trail and nothing of the other customer's
        read = self.rpc(
            self.portal_a, "lab.sample", "read", samples_a[:1].ids, ["custody_event_ids"]
        )
        self.assertEqual(set(read[0]["custody_event_ids"]), set(samples_a[0].custody_event_ids.ids))
        seen = self.rpc(self.portal_a, "lab.custody.event", "search_read", [], ["sample_ids"])
        self.assertEqual({event["id"] for event in seen}, set(submission.custody_event_ids.ids))
        self.assertEqual(len(seen), 4, "submitted, received, shelved, moved")
        self.assertFalse(set().union(*(event["sample_ids"] for event in seen)) & set(samples_b.ids))
        self.authenticate("t_portal_a", "t_portal_a")
        page = self.url_open(submission.access_url).text
        self.assertEqual(page.count('class="o_lab_custody_event"'), 4)
        self.assertIn("W-0001, W-0002, W-0003, W-0004", page)
        self.assertNotIn(samples_b[0].name, page)
        b_events = Event.search([("partner_id", "=", self.customer_b.id)])
        self.assertEqual(len(b_events), 3, "reception, storage, the move")
        self.assertRpcRefused(
            self.portal_a, "lab.custody.event", "read", b_events[:1].ids, ["note"]
        )
        self.assertRpcRefused(self.technician, "lab.custody.event", "read", moves.ids, ["note"])

    def test_portal_order_page_offers_sample_submission(self):
        """The customer's confirmed lab order page links to the submission form; a quotation
        does not (issue 19 point 1)."""
        quotation = self._lab_order(self.contact_a, self.test_dust)
        link = f"/my/orders/{self.order.id}/lab/submit"
        self.authenticate("t_portal_a", "t_portal_a")
        page = self.url_open(self.order.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_lab_submit_samples", page.text)
        self.assertIn(f'href="{link}"', page.text)
        self.assertEqual(self.url_open(link).status_code, 200)
        page = self.url_open(quotation.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("o_lab_submit_samples", page.text)
        # with the order's link but not signed in: no button to a page that needs a login
        self.authenticate(None, None)
        page = self.url_open(self.order.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("o_lab_submit_samples", page.text)

    def test_tour_submit_samples_in_the_page(self):
        self.start_tour(
            f"/my/orders/{self.order.id}/lab/submit",
            "lab_portal_submission_tour",
            login="t_portal_a",
        )
        submission = self.env["lab.sample.submission"].search([("order_id", "=", self.order.id)])
        self.assertEqual(submission.line_ids.mapped("customer_ref"), ["TOUR-1", "TOUR-2"])
        self.assertEqual(submission.state, "submitted")
