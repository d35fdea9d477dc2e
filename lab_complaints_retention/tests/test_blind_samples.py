"""A technician never learns whose a sample is (R-SR-02, seed 003 Art. 9(1); R-CF-01, R-CF-04).

Inside the laboratory a sample is known only by its registration code. The technician, over
JSON-RPC as any logged-in user can, reads every record of every model of the four lab addons
(and the mail, activity, follower and file records around them) with every field open to them,
and opens the chatter of each: no customer's name, address, tax number or record id, and no
order number, may appear. The models come from the registry (``ir.model`` of the lab modules),
so a model added later is swept without a new test. This bridge addon sees all four addons.
"""

import base64
import json
from datetime import datetime, time, timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.lab_customer_service.tests.common import LabCase
from odoo.addons.lab_customer_service.tests.rpc import RpcCase, RpcRefused

# Models around every record: its messages, notifications, followers, activities and files.
MAIL_MODELS = (
    "mail.message",
    "mail.notification",
    "mail.tracking.value",
    "mail.followers",
    "mail.activity",
    "ir.attachment",
)
# The address book is Odoo's shared directory of contacts, open to every employee: it says who
# the customers are, not which sample is whose. The link is what stays secret.
ADDRESS_BOOK = ("res.partner", "res.users")
# ... and the company's list of its users, portal users included.
DIRECTORY_FIELDS = {("res.company", "user_ids")}
# What the technician must have been able to read, or the sweep proves nothing.
MUST_READ = (
    "lab.sample",
    "lab.test.report",
    "lab.visit.permit",
    "lab.sample.disposal",
    "lab.storage.location",
    "mail.message",
    "mail.activity",
    "ir.attachment",
)
THREAD_REQUESTS = ["activities", "attachments", "followers", "suggestedRecipients"]


@tagged("post_install", "-at_install")
class TestBlindSamples(LabCase, RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.customer_a.vat = "TR7301234567"
        cls.customer_b.vat = "TR7307654321"
        cls.contact_a.write({"name": "Irina Sokolova", "email": "irina@customer.example.com"})
        cls.contact_b.write({"name": "Oskar Brandt", "email": "oskar@customer.example.com"})
        cls.quiet = env["res.partner"].create({"name": "Quiet Quarry Ltd", "is_company": True})
        cls.order = cls._lab_order(cls.contact_a, confirm=True)
        cls.order_quiet = cls._lab_order(cls.quiet, confirm=True)
        cls.order_quiet.user_id = cls.staff
        cls.order_b = cls._lab_order(cls.contact_b, confirm=True)
        area = env["lab.area"].create({"name": "Blind area", "code": "B-ONE"})
        shelf = env["lab.storage.location"].create({"name": "Blind shelf", "area_id": area.id})
        reason = env.ref("lab_customer_service.rejection_reason_seal")
        Sample = env["lab.sample"]

        # R-SR-04: a rejected sample, its customer told by mail with the PDF notice; another one
        # whose customer has no address, a person must tell them.
        rejected, rejected_quiet = Sample.create(
            [
                {"order_id": cls.order.id, "location_id": shelf.id},
                {"order_id": cls.order_quiet.id, "location_id": shelf.id},
            ]
        )
        cls.rejected = rejected
        (rejected | rejected_quiet).with_user(cls.reception)._lab_reject(reason, "Cassette open")
        # R-SH-03: the rejected sample goes back to its customer, the other is disposed of.
        env["lab.sample.return"].with_user(cls.reception).create(
            {"sample_ids": [fields.Command.set(rejected.ids)]}
        )
        env["lab.sample.disposal"].with_user(cls.supervisor).create(
            {"sample_ids": [fields.Command.set(rejected_quiet.ids)], "method": "hazardous_waste"}
        )

        # R-RP-01..03: a report released (the customer is told), then revised.
        tested = Sample.create(
            [{"order_id": order.id, "location_id": shelf.id} for order in cls.order | cls.order_b]
        )
        tested.with_user(cls.reception).action_accept()
        tested.with_user(cls.technician).action_start_test()
        tested[0].activity_schedule(
            "mail.mail_activity_data_todo", summary="Weigh the filters", user_id=cls.technician.id
        )
        reports = env["lab.test.report"]
        for sample in tested:
            report = env["lab.test.report"].create(
                {
                    "order_id": sample.sudo().order_id.id,
                    "sample_ids": [fields.Command.set(sample.ids)],
                }
            )
            report.attachment_ids = env["ir.attachment"].create(
                {"name": "report.pdf", "raw": b"%PDF-1.4 results", "mimetype": "application/pdf"}
            )
            report.with_user(cls.technician).action_prepare()
            report.with_user(cls.quality_manager).action_review()
            report.with_user(cls.technical_manager).action_release()
            reports |= report
        report = cls.report = reports[0]
        report.with_user(cls.quality_manager)._lab_revise("Wrong unit in table 2")

        # R-CF-03/04: the customer's visit to witness its tests, asked for, approved, logged.
        start = datetime.combine(cls.now.date() + timedelta(days=1), time(9))
        permit = env["lab.visit.permit"].create(
            {
                "partner_id": cls.customer_b.id,
                "requested_by_id": cls.contact_a.id,
                "visitor_ids": [fields.Command.set(cls.contact_a.ids)],
                "visitor_company": cls.customer_a.name,
                "description": f"{cls.customer_a.name} witnesses its dust tests",
                "area_ids": [fields.Command.set(area.ids)],
                "date_start": start,
                "date_end": start + timedelta(hours=3),
                "host_id": cls.technician.id,
            }
        )
        env.flush_all()
        env.cr.precommit.run()
        permit.partner_id = cls.customer_a  # tracked: the old and the new customer
        env["lab.nda"].create(
            {
                "partner_id": cls.contact_a.id,
                "template_id": env.ref("lab_confidentiality.nda_template_visitor").id,
                "signed_document": b"JVBERi0xLjQK",  # a scan of the paper agreement
                "signed_document_name": "signed.pdf",
            }
        ).action_register_paper()
        permit.with_user(cls.reception).action_request()
        permit.conflict_measure = "screen"  # customer B's sample is in test there
        permit.with_user(cls.director).action_approve()

        # Around the customer: a complaint on the report, a question, a need, a disclosure.
        env["lab.complaint"].with_user(cls.quality_manager).create(
            {
                "subject": "Dust result looks too high",
                "channel": "phone",
                "partner_id": cls.contact_a.id,
                "order_id": cls.order.id,
                "report_id": report.id,
            }
        )
        env["lab.customer.request"].with_user(cls.staff).create(
            {
                "subject": "Lead time for noise",
                "partner_id": cls.contact_a.id,
                "channel": "phone",
                "request_type": "lead_time",
            }
        )
        env["lab.customer.need"].create({"summary": "Email", "partner_id": cls.customer_a.id})
        env["lab.disclosure"].create(
            {
                "partner_id": cls.customer_a.id,
                "authority": "Iskenderun 2nd Labour Court",
                "legal_basis": "Court order under the Code of Civil Procedure, Art. 219",
                "released_info": "Test report (respirable dust)",
                "technical_reviewer_id": cls.technical_manager.id,
            }
        )
        env["lab.delay.notice"]._lab_notify(cls.order, cls.now.date() + timedelta(days=60))
        env.flush_all()
        env.cr.precommit.run()

        customers = cls.customer_a | cls.customer_b | cls.contact_a | cls.contact_b | cls.quiet
        cls.secret_ids = set(customers.ids)
        cls.secret_user_ids = set(customers.user_ids.ids)
        cls.secret_texts = {
            text.lower()
            for text in customers.mapped("name")
            + customers.mapped("email")
            + customers.mapped("vat")
            + (cls.order | cls.order_quiet | cls.order_b).mapped("name")
            # a portal link opens the customer's own page of a sample or report
            + env["lab.sample"].search([]).mapped("access_token")
            + env["lab.test.report"].search([]).mapped("access_token")
            if text
        }

    def _leaks(self, data, where):
        """The secrets found in ``data`` (a JSON answer), as lines naming ``where``."""
        text = json.dumps(data, ensure_ascii=False).lower()
        found = []
        for secret in self.secret_texts:
            at = text.find(secret)
            if at >= 0:
                found.append(f"{where}: {secret!r} in …{text[max(at - 60, 0) : at + 40]}…")
        return found

    def _record_leaks(self, model, record, fields_info):
        where = f"{model} {record['id']}"
        found = self._leaks(record, where)
        for fname, value in record.items():
            info = fields_info.get(fname, {})
            relation = info.get("relation")
            if relation in ("res.partner", "res.users") and value:
                if (model, fname) in DIRECTORY_FIELDS:
                    continue
                ids = {value[0]} if info["type"] == "many2one" else set(value)
                secret = self.secret_ids if relation == "res.partner" else self.secret_user_ids
                if ids & secret:
                    found.append(f"{where}: {fname} -> {relation} {sorted(ids & secret)}")
            if info.get("type") == "binary" and isinstance(value, str):
                raw = base64.b64decode(value + "=" * (-len(value) % 4), validate=False)
                found += self._leaks(raw.decode("latin-1"), f"{where} {fname} (file content)")
        return found

    def _read_all(self, model, fields_info):
        """Every record of ``model`` the technician may read, with every field they may read: a
        field whose comodel is closed to them (the web client would not show it) is left out,
        the others are read."""
        names = list(fields_info)
        while True:
            try:
                return self.rpc(
                    self.technician,
                    model,
                    "search_read",
                    [],
                    names,
                    context={"active_test": False},
                )
            except RpcRefused as refused:
                prefix = f"Failed to read field {model}."
                first = refused.message.split("\n")[0]
                if not first.startswith(prefix) or first[len(prefix) :] not in names:
                    raise
                names.remove(first[len(prefix) :])

    def _swept_models(self):
        lab_models = (
            self.env["ir.model"]
            .search([])
            .filtered(
                lambda m: any(mod.startswith("lab_") for mod in (m.modules or "").split(", "))
            )
        )
        names = set(lab_models.mapped("model")) | set(MAIL_MODELS)
        return sorted(name for name in names - set(ADDRESS_BOOK) if not self.env[name]._abstract)

    def test_a_technician_reads_no_customer_anywhere(self):
        """Every record, every field and every chatter a technician can open, over JSON-RPC."""
        tech = self.technician
        leaks, read, threads, refused_models = [], {}, 0, {}
        for model in self._swept_models():
            try:
                fields_info = self.rpc(tech, model, "fields_get", attributes=["type", "relation"])
                records = self._read_all(model, fields_info)
            except RpcRefused as refused:
                if "AccessError" in refused.name:
                    refused_models[model] = refused.message.split("\n")[0]
                    continue  # no access right on the model: nothing to read
                leaks.append(f"{model}: reading failed: {refused}")
                continue
            read[model] = len(records)
            for record in records:
                if (record.get("res_model") or record.get("model")) in ADDRESS_BOOK:
                    continue  # a contact's own chatter and files, in the address book
                leaks += self._record_leaks(model, record, fields_info)
            if "message_ids" not in fields_info:
                continue
            # The chatter as the web client opens it: messages (with their tracked values),
            # activities, files, followers and the suggested recipients of a reply.
            for record in records:
                threads += 1
                where = f"{model} {record['id']} chatter"
                messages = self.url_open(
                    "/mail/thread/messages",
                    data=json.dumps({"params": {"thread_model": model, "thread_id": record["id"]}}),
                    headers={"Content-Type": "application/json"},
                ).json()
                leaks += self._leaks(messages, where)
                data = self.url_open(
                    "/mail/data",
                    data=json.dumps(
                        {
                            "params": {
                                "fetch_params": [
                                    [
                                        "mail.thread",
                                        {
                                            "thread_model": model,
                                            "thread_id": record["id"],
                                            "request_list": THREAD_REQUESTS,
                                        },
                                    ]
                                ]
                            }
                        }
                    ),
                    headers={"Content-Type": "application/json"},
                ).json()
                leaks += self._leaks(data, where)
                for answer in (messages, data):
                    if "error" in answer:
                        error = answer["error"].get("data") or answer["error"]
                        leaks.append(f"{where}: {error.get('message')}")
        self.assertFalse(leaks, "a technician learns whose samples these are:\n" + "\n".join(leaks))
        # The sweep covered what a technician works with, records and chatter alike.
        empty = [model for model in MUST_READ if not read.get(model)]
        self.assertFalse(
            empty, f"the technician read nothing of {empty}: {read}, refused: {refused_models}"
        )
        self.assertGreaterEqual(len(read), 15, read)
        self.assertGreaterEqual(threads, 8)

    def test_customer_facing_roles_still_read_the_notices(self):
        """The notices moved, not vanished: reception reads them on the order."""
        notices = self.order.with_user(self.reception).message_ids.filtered("partner_ids")
        subjects = {
            f"Sample {self.rejected.name} could not be accepted",
            f"Test report {self.report.display_name} is available",
            f"Test report {self.report.display_name}: correction",
        }
        notices = notices.filtered(lambda m: m.subject in subjects)
        self.assertEqual(set(notices.mapped("subject")), subjects)
        self.assertEqual(notices.partner_ids, self.contact_a, "each goes to the order's contact")
        self.assertIn("Dear Irina Sokolova", str(notices[0].body))
        self.assertIn("Rejection notice", str(notices.attachment_ids.mapped("name")))
        # The customer without an address: the notice is kept on the order for a person to send,
        # with the activity of the customer-facing user who handles the order.
        activity = self.order_quiet.activity_ids
        self.assertEqual(activity.user_id, self.staff)
        self.assertIn("Quiet Quarry Ltd has no email address", str(activity.note))
        kept = self.order_quiet.message_ids.filtered("attachment_ids")
        self.assertIn("Rejection notice", kept.attachment_ids.name)
        self.assertFalse(kept.partner_ids, "nobody was mailed")
