import base64
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.lab_customer_service.tests.rpc import RpcCase

from .common import SIGNATURE, ConfidentialityCase

PROTECTED = "changes only through its action"
SCAN = base64.b64encode(b"%PDF-1.4 signed on paper").decode()
FORGED = base64.b64encode(b"%PDF-1.4 forged").decode()


@tagged("post_install", "-at_install")
class TestConfidentialityControls(ConfidentialityCase, RpcCase):
    """Issue 15: signatures, approvals, releases and retention dates of the confidentiality
    records hold against any caller, over JSON-RPC as a real session (R-CF-01, R-CF-02,
    R-CF-03, R-CF-06, R-CF-07, R-RC-01, R-RC-02)."""

    def _disclosure(self):
        return self.env["lab.disclosure"].create(
            {
                "partner_id": self.customer_a.id,
                "authority": "Iskenderun 2nd Labour Court",
                "legal_basis": "Court order under the Code of Civil Procedure, Art. 219",
                "released_info": "Test report TR26-00012 (respirable dust)",
                "technical_reviewer_id": self.technical_manager.id,
            }
        )

    def _it_access(self):
        return self.env["lab.it.access"].create(
            {
                "name": "LIMS server update",
                "partner_id": self.it_person.id,
                "systems": "LIMS server",
                "date_start": self.visit_start,
                "date_end": self.visit_end,
            }
        )

    # R-CF-01, R-CF-02: agreements

    def test_nobody_signs_an_agreement_by_writing_it(self):
        Nda = self.env["lab.nda"]
        nda = Nda.create({"partner_id": self.contact_a.id, "template_id": self.visitor_template.id})
        self.rpc(self.staff, "lab.nda", "action_send", [nda.id])
        self.assertEqual(nda.state, "sent")
        forged = (
            {"state": "signed"},
            {"signature": SIGNATURE},
            {"signed_by": "Alice A", "date_signed": "2026-01-05 10:00:00"},
            {"signing_method": "paper"},
            {"agreement_text": "<p>Another text</p>"},
        )
        for user in (self.staff, self.technical_manager, self.quality_manager, self.director):
            for vals in forged:
                self.assertRpcRefused(user, "lab.nda", "write", [nda.id], vals, message=PROTECTED)
        self.assertRpcRefused(
            self.staff,
            "lab.nda",
            "create",
            [
                {
                    "partner_id": self.contact_b.id,
                    "template_id": self.visitor_template.id,
                    "state": "signed",
                    "signed_document": SCAN,
                }
            ],
            message=PROTECTED,
        )
        self.assertEqual(nda.state, "sent")
        self.assertFalse(nda.signature or nda.date_signed or nda.signed_by or nda.signing_method)
        self.assertFalse(Nda.search([("state", "=", "signed")]))
        self.assertFalse((self.contact_a | self.contact_b).filtered("lab_has_valid_nda"))
        # Staff attach the scan, then register it through the action; the technician, who does
        # not keep the register, and the signatory cannot.
        self.rpc(
            self.staff,
            "lab.nda",
            "write",
            [nda.id],
            {"signed_document": SCAN, "signed_document_name": "signed.pdf"},
        )
        for user in (self.technician, self.portal_a):
            self.assertRpcRefused(user, "lab.nda", "action_register_paper", [nda.id])
            self.assertRpcRefused(user, "lab.nda", "_sign_in_portal", [nda.id], "A", SIGNATURE)
        self.assertEqual(nda.state, "sent")
        self.rpc(self.staff, "lab.nda", "action_register_paper", [nda.id])
        self.assertEqual(
            (nda.state, nda.signing_method, nda.signed_by), ("signed", "paper", "Alice A")
        )
        self.assertTrue(self.contact_a.lab_has_valid_nda)

    def test_a_signed_agreement_is_frozen_with_its_files(self):
        nda = self._signed_nda(self.it_person, self.it_template)
        expiry = nda.date_expiry
        scan = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "lab.nda"),
                ("res_id", "=", nda.id),
                ("res_field", "=", "signed_document"),
            ]
        )
        self.assertEqual(len(scan), 1)
        for user in (self.staff, self.quality_manager, self.director):
            for vals in (
                {"signed_document": FORGED},
                {"signature": SIGNATURE},
                {"date_expiry": fields.Date.to_string(expiry + timedelta(days=365))},
                {"partner_id": self.contact_b.id},
                {"state": "sent"},
            ):
                self.assertRpcRefused(user, "lab.nda", "write", [nda.id], vals)
        self.assertRpcRefused(
            self.quality_manager,
            "ir.attachment",
            "write",
            [scan.id],
            {"datas": FORGED},
            message="frozen",
        )
        self.assertRpcRefused(
            self.quality_manager, "ir.attachment", "unlink", [scan.id], message="frozen"
        )
        self.assertEqual(base64.b64decode(nda.signed_document), b"%PDF-1.4\n")
        self.assertEqual(
            (nda.state, nda.date_expiry, nda.partner_id), ("signed", expiry, self.it_person)
        )
        self.assertFalse(nda.signature)
        # Who is reminded of the renewal is not part of the agreement.
        self.rpc(
            self.staff, "lab.nda", "write", [nda.id], {"responsible_id": self.quality_manager.id}
        )
        self.assertEqual(nda.responsible_id, self.quality_manager)

    def test_it_access_opens_only_through_its_action(self):
        access = self._it_access()
        for user in (self.quality_manager, self.technical_manager, self.director):
            self.assertRpcRefused(
                user, "lab.it.access", "write", [access.id], {"state": "active"}, message=PROTECTED
            )
        self.assertRpcRefused(
            self.technical_manager,
            "lab.it.access",
            "create",
            [
                {
                    "name": "Printer",
                    "partner_id": self.it_person.id,
                    "systems": "printer",
                    "date_start": fields.Datetime.to_string(self.visit_start),
                    "date_end": fields.Datetime.to_string(self.visit_end),
                    "state": "active",
                }
            ],
            message=PROTECTED,
        )
        self.assertEqual(access.state, "draft")
        self.assertEqual(self.env["lab.it.access"].search_count([]), 1)
        self.assertRpcRefused(
            self.technical_manager,
            "lab.it.access",
            "action_start",
            [access.id],
            message="no valid confidentiality agreement",
        )
        self._signed_nda(self.it_person, self.it_template)
        # The Quality Manager may edit the register, not open an access.
        self.assertRpcRefused(
            self.quality_manager,
            "lab.it.access",
            "action_start",
            [access.id],
            message="Only the Technical Manager",
        )
        self.assertEqual(access.state, "draft")
        self.rpc(self.technical_manager, "lab.it.access", "action_start", [access.id])
        self.assertEqual(access.state, "active")
        # The person and the window the agreement was checked for no longer move.
        later = fields.Datetime.to_string(self.visit_end + timedelta(days=400))
        for vals in ({"date_end": later}, {"partner_id": self.contact_b.id}):
            self.assertRpcRefused(
                self.technical_manager, "lab.it.access", "write", [access.id], vals
            )
        self.assertEqual((access.date_end, access.partner_id), (self.visit_end, self.it_person))
        self.rpc(
            self.technical_manager,
            "lab.it.access",
            "write",
            [access.id],
            {"systems": "LIMS server, backup NAS"},
        )
        self.rpc(self.technical_manager, "lab.it.access", "action_finish", [access.id])
        self.assertEqual(access.state, "done")

    # R-CF-02, R-CF-03: visits

    def test_visit_is_approved_only_by_the_director_through_the_action(self):
        permit = self._permit(self.customer_a, areas=self.area_micro)
        permit.action_request()
        for user in (
            self.staff,
            self.reception,
            self.quality_manager,
            self.technical_manager,
            self.deputy,
            self.director,
        ):
            for vals in ({"state": "approved"}, {"approved_by_id": self.director.id}):
                self.assertRpcRefused(
                    user, "lab.visit.permit", "write", [permit.id], vals, message=PROTECTED
                )
        self.assertRpcRefused(
            self.staff,
            "lab.visit.permit",
            "create",
            [
                {
                    "partner_id": self.customer_a.id,
                    "visitor_ids": [fields.Command.set(self.contact_a.ids)],
                    "area_ids": [fields.Command.set(self.area_micro.ids)],
                    "date_start": fields.Datetime.to_string(self.visit_start),
                    "date_end": fields.Datetime.to_string(self.visit_end),
                    "state": "approved",
                }
            ],
            message=PROTECTED,
        )
        self.assertEqual(self.env["lab.visit.permit"].search_count([]), 1)
        self.assertRpcRefused(
            self.quality_manager,
            "lab.visit.permit",
            "action_approve",
            [permit.id],
            message="Only the Director or the Deputy Director",
        )
        self.assertRpcRefused(
            self.deputy,
            "lab.visit.permit",
            "action_approve",
            [permit.id],
            message="no valid confidentiality agreement for Alice A",
        )
        self.assertEqual((permit.state, permit.approved_by_id.id), ("requested", False))
        self._signed_nda(self.contact_a)
        self.rpc(self.deputy, "lab.visit.permit", "action_approve", [permit.id])
        self.assertEqual((permit.state, permit.approved_by_id), ("approved", self.deputy))
        # An approved permit admits the people, areas and hours it names.
        for vals in (
            {"visitor_ids": [fields.Command.link(self.contact_b.id)]},
            {"area_ids": [fields.Command.link(self.area_grav.id)]},
            {"date_start": fields.Datetime.to_string(self.visit_start - timedelta(days=1))},
        ):
            self.assertRpcRefused(
                self.staff,
                "lab.visit.permit",
                "write",
                [permit.id],
                vals,
                message="can no longer be changed",
            )
        self.assertEqual(permit.visitor_ids, self.contact_a)
        self.assertEqual(permit.area_ids, self.area_micro)
        self.assertEqual(permit.date_start, self.visit_start)

    def test_training_visit_needs_both_approvals_through_the_actions(self):
        self._signed_nda(self.contact_a)
        permit = self._permit(purpose="training", areas=self.area_micro)
        permit.action_request()
        self.rpc(self.director, "lab.visit.permit", "action_approve", [permit.id])
        self.assertEqual(permit.state, "requested")
        for user in (self.quality_manager, self.director):
            for vals in ({"state": "approved"}, {"training_approved_by_id": user.id}):
                self.assertRpcRefused(
                    user, "lab.visit.permit", "write", [permit.id], vals, message=PROTECTED
                )
        self.assertRpcRefused(
            self.staff,
            "lab.visit.permit",
            "action_approve_training",
            [permit.id],
            message="Only the Quality Manager",
        )
        self.assertEqual((permit.state, permit.training_approved_by_id.id), ("requested", False))
        self.rpc(self.quality_manager, "lab.visit.permit", "action_approve_training", [permit.id])
        self.assertEqual(permit.state, "approved")
        self.assertEqual(permit.training_approved_by_id, self.quality_manager)

    # R-CF-06: disclosures

    def test_disclosure_is_released_only_through_its_actions(self):
        disclosure = self._disclosure()
        for user in (self.quality_manager, self.director):
            for vals in (
                {"state": "released"},
                {"state": "approved"},
                {"technical_approver_id": self.technical_manager.id},
                {"director_approver_id": self.director.id},
                {"date_released": "2026-01-05"},
            ):
                self.assertRpcRefused(
                    user, "lab.disclosure", "write", [disclosure.id], vals, message=PROTECTED
                )
        self.assertRpcRefused(
            self.quality_manager,
            "lab.disclosure",
            "create",
            [
                {
                    "partner_id": self.customer_a.id,
                    "authority": "Someone",
                    "legal_basis": "None",
                    "released_info": "Everything",
                    "state": "released",
                }
            ],
            message=PROTECTED,
        )
        self.assertRpcRefused(
            self.quality_manager,
            "lab.disclosure",
            "action_release",
            [disclosure.id],
            message="needs the approval",
        )
        self.assertEqual(self.env["lab.disclosure"].search_count([]), 1)
        self.assertEqual(disclosure.state, "draft")
        self.rpc(
            self.technical_manager, "lab.disclosure", "action_approve_technical", [disclosure.id]
        )
        # What the Technical Manager approved is what the Director approves.
        self.assertRpcRefused(
            self.quality_manager,
            "lab.disclosure",
            "write",
            [disclosure.id],
            {"released_info": "Test report TR26-00012 and the customer's other reports"},
            message="cannot change what it releases",
        )
        self.rpc(self.deputy, "lab.disclosure", "action_approve_director", [disclosure.id])
        self.assertEqual(disclosure.state, "approved")
        for vals in (
            {"state": "draft"},
            {"released_info": "More"},
            {"legal_basis": "Another basis"},
        ):
            self.assertRpcRefused(
                self.quality_manager, "lab.disclosure", "write", [disclosure.id], vals
            )
        self.assertRpcRefused(
            self.technical_manager,
            "lab.disclosure",
            "action_release",
            [disclosure.id],
            message="Only the Quality Manager",
        )
        self.assertEqual(disclosure.state, "approved")
        self.rpc(
            self.quality_manager,
            "lab.disclosure",
            "write",
            [disclosure.id],
            {"customer_notice": "forbidden", "notice_forbidden_reference": "CMK 157 (secrecy)"},
        )
        self.rpc(self.quality_manager, "lab.disclosure", "action_release", [disclosure.id])
        self.assertEqual(disclosure.state, "released")
        self.assertEqual(disclosure.released_info, "Test report TR26-00012 (respirable dust)")
        self.assertEqual(
            (disclosure.technical_approver_id, disclosure.director_approver_id),
            (self.technical_manager, self.deputy),
        )
        self.assertRpcRefused(
            self.quality_manager, "lab.disclosure", "write", [disclosure.id], {"state": "draft"}
        )
        self.assertEqual(disclosure.state, "released")

    # R-RC-01: retention

    def test_a_retention_start_never_moves(self):
        sample = self._samples(self.customer_a, self.loc_grav)
        received = sample.date_received
        comment = sample.with_user(self.technician).message_post(
            body="Seal intact on arrival", message_type="comment"
        )
        moved = fields.Datetime.to_string(received + timedelta(days=3650))
        for user in (self.technician, self.reception, self.technical_manager):
            for value in (False, moved):
                self.assertRpcRefused(
                    user,
                    "lab.sample",
                    "write",
                    [sample.id],
                    {"date_received": value},
                    message="can no longer change",
                )
        self.assertEqual(sample.date_received, received)
        self.assertRpcRefused(self.technician, "mail.message", "unlink", [comment.id])
        self.assertTrue(comment.exists())
        # The log book: a visitor's entry stays on the day it was made.
        self._signed_nda(self.contact_a)
        permit = self._permit(self.customer_a, areas=self.area_micro)
        permit.action_request()
        permit.with_user(self.director).action_approve()
        log = self.env["lab.visitor.log"].create(
            {
                "permit_id": permit.id,
                "visitor_id": self.contact_a.id,
                "badge_number": "V-01",
                "check_in": self.visit_start,
            }
        )
        self.assertRpcRefused(
            self.reception,
            "lab.visitor.log",
            "write",
            [log.id],
            {"check_in": fields.Datetime.to_string(self.visit_start + timedelta(hours=1))},
            message="can no longer change",
        )
        self.assertEqual(log.check_in, self.visit_start)

    def test_a_kept_records_messages_keep_their_files(self):
        sample = self._samples(self.customer_a, self.loc_grav)
        message = sample.with_user(self.technician).message_post(
            body="Photo of the seal",
            attachments=[("seal.jpg", b"\xff\xd8\xff seal photo")],
            message_type="comment",
        )
        photo = message.attachment_ids
        self.assertEqual(len(photo), 1)
        self.authenticate(self.technician.login, self.technician.login)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/message/update_content",
                {"message_id": message.id, "update_data": {"body": None, "attachment_ids": []}},
            )
        self.env.invalidate_all()
        self.assertRpcRefused(
            self.technician,
            "mail.message",
            "write",
            [message.id],
            {"attachment_ids": [fields.Command.clear()]},
        )
        self.assertRpcRefused(
            self.technician, "ir.attachment", "unlink", photo.ids, message="frozen"
        )
        self.assertRpcRefused(
            self.technician,
            "ir.attachment",
            "write",
            photo.ids,
            {"datas": base64.b64encode(b"another photo").decode()},
            message="frozen",
        )
        self.assertTrue(photo.exists())
        self.assertEqual(message.attachment_ids, photo)
        self.assertEqual(photo.raw, b"\xff\xd8\xff seal photo")

    def test_retention_class_changes_are_tracked(self):
        """R-RC-02: who changed a period or a record type's class, and when."""
        short = self.env.ref("lab_confidentiality.retention_class_short")
        deviation = self.env["ir.model"]._get("lab.order.deviation")
        self.rpc(
            self.quality_manager,
            "lab.retention.class",
            "write",
            [short.id],
            {"retention_years": 5, "model_ids": [fields.Command.link(deviation.id)]},
        )
        trackings = short.message_ids.tracking_value_ids
        years = trackings.filtered(lambda t: t.field_id.name == "retention_years")
        types = trackings.filtered(lambda t: t.field_id.name == "model_ids")
        self.assertEqual((years.old_value_integer, years.new_value_integer), (3, 5))
        self.assertIn(deviation.display_name, types.new_value_char)
        self.assertEqual(years.mail_message_id.author_id, self.quality_manager.partner_id)

    # R-CF-07: export

    def test_export_checks_every_step_of_a_path(self):
        self.quality_manager.group_ids = [
            fields.Command.link(self.env.ref("base.group_allow_export").id)
        ]
        sample = self._samples(self.customer_a, self.loc_grav)
        self.env["lab.test.report"].create(
            {"order_id": sample.order_id.id, "sample_ids": [fields.Command.set(sample.ids)]}
        )
        nda = self._signed_nda(self.contact_a)
        qm = self.quality_manager
        # A sample's code and its report's number are not customer data (R-SR-02).
        self.assertTrue(
            self.rpc(qm, "lab.sample", "export_data", sample.ids, ["name", "report_ids/name"])
        )
        for model, ids, paths in (
            ("lab.sample", sample.ids, ["name", "report_ids/partner_id/name"]),
            ("lab.sample", sample.ids, ["report_ids/order_id/name"]),
            ("sale.order.line", sample.order_id.order_line.ids, ["order_id/name"]),
            ("res.partner", self.contact_a.ids, ["name", "lab_nda_ids/name"]),
            ("res.partner", self.contact_a.ids, ["lab_nda_ids/id"]),
        ):
            self.assertRpcRefused(
                qm, model, "export_data", ids, paths, message="Export Customer Data"
            )
        qm.group_ids = [
            fields.Command.link(
                self.env.ref("lab_confidentiality.group_lab_export_customer_data").id
            )
        ]
        # "Export all data" (not import-compatible) follows the path to the customer's name.
        self.assertEqual(
            self.rpc(
                qm,
                "lab.sample",
                "export_data",
                sample.ids,
                ["name", "report_ids/partner_id/name"],
                context={"import_compat": False},
            )["datas"],
            [[sample.name, "Customer A Steel"]],
        )
        self.assertEqual(
            self.rpc(qm, "res.partner", "export_data", self.contact_a.ids, ["lab_nda_ids/name"])[
                "datas"
            ],
            [[nda.name]],
        )

    def test_visit_in_the_past_refused_over_rpc(self):
        """Issue 18: "a visit cannot start in the past" lived only in the portal controller;
        the model refuses the request to anyone, staff over JSON-RPC too (R-CF-03)."""
        yesterday = self.visit_start - timedelta(days=2)
        past = self._permit(
            self.customer_a, date_start=yesterday, date_end=yesterday + timedelta(hours=3)
        )
        self.assertRpcRefused(
            self.staff,
            "lab.visit.permit",
            "action_request",
            [past.id],
            message="A visit cannot start in the past.",
        )
        self.assertEqual(past.state, "draft")
        # the same call on a visit to come passes: the refusal is about the date only
        future = self._permit(self.customer_a)
        self.rpc(self.staff, "lab.visit.permit", "action_request", [future.id])
        self.assertEqual(future.state, "requested")
