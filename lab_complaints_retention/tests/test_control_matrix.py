"""Every protected field of every lab model, tried by every role over JSON-RPC (issue 15).

The models and fields come from their declarations (``_lab_protected_actions`` of
``lab.protected.mixin``), so a field protected later is tried here without a new test; a new
protected model needs only a line in ``FACTORIES`` (the test fails until it has one). This
bridge addon is the one that sees all four addons' models.
"""

import base64
from datetime import date, datetime, time, timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.lab_customer_service.tests.common import LabCase
from odoo.addons.lab_customer_service.tests.rpc import RpcCase, RpcRefused

# The value an attacker writes, by field type, chosen to differ from ``current``.
FORGED_CHAR = "forged"


def _forge(env, field, current):
    if field.type == "selection":
        keys = [key for key, _label in field._description_selection(env)]
        return next(key for key in reversed(keys) if key != current)
    if field.type == "boolean":
        return not current
    if field.type in ("char", "text", "html"):
        return FORGED_CHAR
    if field.type == "date":
        return "2000-01-01" if current != date(2000, 1, 1) else "2001-01-01"
    if field.type == "datetime":
        return "2000-01-01 00:00:00" if current != datetime(2000, 1, 1) else "2001-01-01 00:00:00"
    if field.type in ("integer", "float", "monetary"):
        return (current or 0) + 7
    if field.type == "binary":
        return base64.b64encode(b"%PDF-1.4 forged").decode()
    if field.type == "many2one":
        return _other(env, field, current).id
    if field.type in ("many2many", "one2many"):
        return [fields.Command.link(_other(env, field, current).id)]
    raise AssertionError(f"no forged value for a {field.type} field ({field})")


def _other(env, field, current):
    """A record the field does not point to yet: forging an empty value would prove nothing."""
    other = env[field.comodel_name].sudo().search([("id", "not in", current.ids)], limit=1)
    if not other:
        raise AssertionError(
            f"no {field.comodel_name} to forge into {field}: have the factory make one"
        )
    return other


def _sample_values(test):
    """A received sample; a disposal and a return exist, so that their links can be forged."""
    gone = test.env["lab.sample"].create([{"order_id": test.order.id, "state": "rejected"}] * 2)
    test.env["lab.sample.disposal"].create(
        {"sample_ids": [fields.Command.set(gone[:1].ids)], "method": "other"}
    )
    test.env["lab.sample.return"].create({"sample_ids": [fields.Command.set(gone[1:].ids)]})
    return {"order_id": test.order.id}


def _nda_values(test):
    """An agreement; another one has a signing link, so that the link signed with can be
    forged (issue 16)."""
    template = test.env.ref("lab_confidentiality.nda_template_visitor")
    other = test.env["lab.nda"].create(
        {"partner_id": test.contact_b.id, "template_id": template.id}
    )
    test.env["lab.nda.signing.link"]._lab_issue(other, test.now)
    return {"partner_id": test.contact_a.id, "template_id": template.id}


def _sample_return_values(test):
    rejected = test.env["lab.sample"].create({"order_id": test.order.id, "state": "rejected"})
    return {"sample_ids": [fields.Command.set(rejected.ids)]}


def _visit_window(test):
    """Tomorrow 09:00-12:00 (UTC), the visit and IT access window of the confidentiality tests,
    as strings: the values also travel over JSON-RPC."""
    start = datetime.combine(test.now.date() + timedelta(days=1), time(9))
    return fields.Datetime.to_string(start), fields.Datetime.to_string(start.replace(hour=12))


def _visit_permit_values(test):
    """A requested permit; two areas exist, so that its areas can be forged."""
    areas = test.env["lab.area"].create(
        [{"name": "Matrix area", "code": "M-ONE"}, {"name": "Matrix other", "code": "M-TWO"}]
    )
    start, end = _visit_window(test)
    return {
        "partner_id": test.customer_a.id,
        "visitor_ids": [fields.Command.set(test.contact_a.ids)],
        "area_ids": [fields.Command.set(areas[:1].ids)],
        "date_start": start,
        "date_end": end,
        "host_id": test.reception.id,
    }


def _it_access_values(test):
    start, end = _visit_window(test)
    return {
        "name": "LIMS server update",
        "partner_id": test.contact_b.id,
        "systems": "LIMS server",
        "date_start": start,
        "date_end": end,
    }


def _complaint_values(test):
    """A complaint phoned in by someone without an email: it stays received (not acknowledged),
    a step in which nobody may answer its validation."""
    caller = test.env["res.partner"].create({"name": "Matrix caller", "phone": "+90 326 000 00 00"})
    # another complaint's decision exists, so that a decision can be forged onto this one
    decided = test.env["lab.complaint"].create(
        {"subject": "Decided elsewhere", "channel": "phone", "partner_id": caller.id}
    )
    test.env["lab.complaint.decision"].create(
        {
            "complaint_id": decided.id,
            "director_id": test.director.id,
            "quality_manager_id": test.quality_manager.id,
            "outcome": "<p>Decided elsewhere.</p>",
            "impartiality_check": "Passed.",
        }
    )
    return {
        "subject": "Matrix complaint",
        "channel": "phone",
        "partner_id": caller.id,
        "order_id": test.order.id,
    }


def _report_values(test):
    """A draft report; another report has a released file's record, so that one can be forged
    into this report's files (issue 20)."""
    test.env["lab.test.report.file"].create(_report_file_values(test))
    return {"order_id": test.order.id}


def _report_file_values(test):
    """A released file's record (issue 20), on a report of its own."""
    report = test.env["lab.test.report"].create({"order_id": test.order.id})
    attachment = test.env["ir.attachment"].create(
        {
            "name": "TR.pdf",
            "raw": b"%PDF-1.4 matrix",
            "res_model": report._name,
            "res_id": report.id,
        }
    )
    return {
        "report_id": report.id,
        "attachment_id": attachment.id,
        "name": "TR.pdf",
        "sha256": "a" * 64,
    }


def _amended_order(test):
    """A confirmed lab order amended once: an amendment exists to be forged into a review."""
    order = test._lab_order(test.customer_b, confirm=True)
    order.order_line[:1].product_uom_qty = 2
    return order


@tagged("post_install", "-at_install")
class TestControlMatrix(LabCase, RpcCase):
    # {model: function(test) -> values that create a record of it, as the superuser}
    FACTORIES = {
        "lab.test.report": _report_values,
        "lab.test.report.file": _report_file_values,
        "lab.sample": _sample_values,
        "lab.sample.return": _sample_return_values,
        "lab.record.loan": lambda t: {"description": "Box 2025/07", "purpose": "Audit"},
        "lab.customer.need": lambda t: {"summary": "Email", "partner_id": t.customer_a.id},
        "lab.contract.review": lambda t: {"order_id": _amended_order(t).id},
        # an open amendment holds its order's work (R-CR-03): not the order the samples are on
        "lab.order.revision": lambda t: {"order_id": _amended_order(t).id, "revision": 2},
        "lab.order.deviation": lambda t: {
            "order_id": t.order.id,
            "name": "Matrix deviation",
            "reason": "Matrix",
            "impact": "None",
        },
        "sale.order": lambda t: {"partner_id": t.customer_b.id},
        "sale.order.line": lambda t: {
            "order_id": t._lab_order(t.customer_a).id,
            "product_id": t.test_silica.id,
            "lab_subcontractor_id": t.subcontractor.id,
        },
        "survey.survey": lambda t: {"title": "Matrix survey", "is_lab_survey": True},
        "lab.customer.request": lambda t: {
            "subject": "Matrix request",
            "partner_id": t.contact_a.id,
        },
        "lab.complaint": _complaint_values,
        "lab.nda": _nda_values,
        "lab.disclosure": lambda t: {
            "partner_id": t.customer_a.id,
            "authority": "Iskenderun 2nd Labour Court",
            "legal_basis": "Court order under the Code of Civil Procedure, Art. 219",
            "released_info": "Test report TR26-00012 (respirable dust)",
            "technical_reviewer_id": t.technical_manager.id,
        },
        "lab.it.access": _it_access_values,
        "lab.visit.permit": _visit_permit_values,
        "lab.sample.submission": lambda t: {"order_id": t.order.id},
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._lab_order(cls.customer_a, confirm=True)
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.password = cls.admin.login
        cls.roles = [
            None,  # the public, without a session
            cls.portal_a,
            cls.portal_b,
            cls.technician,
            cls.supervisor,
            cls.reception,
            cls.staff,
            cls.quality_manager,
            cls.technical_manager,
            cls.deputy,
            cls.director,
            cls.admin,
        ]

    def _protected_models(self):
        names = self.env.registry.descendants(["lab.protected.mixin"], "_inherit")
        return [
            self.env[name]
            for name in names
            if not self.env[name]._abstract and self.env[name]._lab_protected_fields()
        ]

    def test_every_protected_model_has_a_factory(self):
        missing = [m._name for m in self._protected_models() if m._name not in self.FACTORIES]
        self.assertFalse(missing, "add these models to TestControlMatrix.FACTORIES")

    def test_no_role_writes_or_creates_a_protected_field(self):
        """For each role, model and protected field: ``write`` and ``create`` with the field
        set are refused, and nothing is written; the administrator meets the control itself
        (its error names the field's action), not a missing access right."""
        problems = []
        cases = []
        for Model in self._protected_models():
            if Model._name not in self.FACTORIES:
                continue
            values = self.FACTORIES[Model._name](self)
            record = Model.create(dict(values))  # create may fill in its values (a reference)
            for fname in sorted(Model._lab_protected_fields()):
                field = Model._fields[fname]
                forged = _forge(self.env, field, record[fname])
                cases.append((Model, record, values, fname, forged))
        self.assertTrue(cases)
        for user in self.roles:
            who = user.login if user else "public"
            for Model, record, values, fname, forged in cases:
                before = record.sudo()[fname]
                count = Model.sudo().search_count([])
                for method, args in (
                    ("write", [[record.id], {fname: forged}]),
                    ("create", [[dict(values, **{fname: forged})]]),
                ):
                    try:
                        self.rpc(user, Model._name, method, *args)
                    except RpcRefused as refused:
                        # the field's actions are named; a fixed field says it never changes
                        actions = Model._lab_protected_fields()[fname] or ["never changes"]
                        if user == self.admin and not any(a in refused.message for a in actions):
                            problems.append(
                                f"{who} {method} {Model._name}.{fname}: refused for another "
                                f"reason: {refused.message}"
                            )
                    else:
                        problems.append(f"{who} {method} {Model._name}.{fname}: accepted")
                    if record.sudo()[fname] != before or Model.sudo().search_count([]) != count:
                        problems.append(f"{who} {method} {Model._name}.{fname}: written")
        self.assertFalse(problems, "\n".join(problems))
