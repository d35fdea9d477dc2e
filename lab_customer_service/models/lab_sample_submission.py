import contextlib
import secrets
from datetime import date, datetime, timedelta

import pytz

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError

from .lab_order_linked_mixin import CUSTOMER_DATA_AND_PORTAL
from .lab_roles import RECEPTION, STAFF
from .lab_submission_file import COLUMNS, FORMULA_STARTS, column_labels

# Formats a sampling date may be typed in (the lab's clock); a spreadsheet's date cells come
# as datetimes.
DATE_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d/%m/%Y %H:%M",
)
TEXT_LIMITS = {
    "customer_ref": 64,
    "sampling_point": 256,
    "matrix": 128,
    "container": 128,
    "preservation": 128,
    "remarks": 1000,
}


def _parse_local(text):
    """A typed sampling moment, or None; ISO first (the template's and a browser's format)."""
    if len(text) >= 16 and text[4] == "-":
        with contextlib.suppress(ValueError):
            return datetime.fromisoformat(text).replace(tzinfo=None)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def new_code(prefix):
    """A code nobody can guess from another one (64 random bits), short enough for a QR code
    on a small label."""
    return f"{prefix}{secrets.token_hex(8).upper()}"


class LabSampleSubmission(models.Model):
    """A customer's electronic chain-of-custody form: the samples it sends on a confirmed order,
    each with the customer's own id, sampling point and time, matrix and tests (R-PT-01,
    R-SR-01/05, issue 19). Reception scans its code to register the delivery."""

    _name = "lab.sample.submission"
    _description = "Sample Submission"
    _inherit = ["lab.protected.mixin", "lab.order.linked.mixin", "mail.thread", "portal.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _lab_protected_actions = {
        "action_submit": ("state", "date_submitted"),
        "action_sign": ("signature", "signed_by", "signed_on"),
        "_lab_receive": ("state", "date_received", "received_by_id", "is_signed_on_paper"),
    }
    _lab_frozen_states = ("submitted", "received")
    _lab_frozen_open_fields = ("access_token", "message_main_attachment_id")

    name = fields.Char(string="Submission", readonly=True, copy=False, default="/")
    barcode = fields.Char(
        string="Submission Code",
        readonly=True,
        copy=False,
        default=lambda self: new_code("S"),
        help="Printed as a QR code on the chain-of-custody form: reception scans it.",
    )
    # the customer reads its own submissions in the portal
    order_id = fields.Many2one(check_company=True, groups=CUSTOMER_DATA_AND_PORTAL)
    partner_id = fields.Many2one(groups=CUSTOMER_DATA_AND_PORTAL)
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted"), ("received", "Received")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    awaits_order = fields.Boolean(
        string="Awaiting Quotation",
        compute="_compute_awaits_order",
        help="A new request from the portal: its quotation is not confirmed yet.",
    )
    line_ids = fields.One2many("lab.sample.submission.line", "submission_id", string="Samples")
    line_count = fields.Integer(string="Number of Samples", compute="_compute_line_count")
    sample_ids = fields.One2many("lab.sample", "submission_id", string="Registered Samples")
    custody_event_ids = fields.One2many(
        "lab.custody.event", "submission_id", string="Custody Events"
    )
    date_submitted = fields.Datetime(string="Submitted On", readonly=True, copy=False)
    signature = fields.Image(
        string="Custody Signature", readonly=True, copy=False, attachment=True, max_width=1024
    )
    signed_by = fields.Char(readonly=True, copy=False)
    signed_on = fields.Datetime(readonly=True, copy=False)
    is_signed_on_paper = fields.Boolean(
        string="Signed on Paper",
        readonly=True,
        copy=False,
        help="The customer signed the printed chain-of-custody form handed over with the samples.",
    )
    date_received = fields.Datetime(string="Received On", readonly=True, copy=False)
    received_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    _barcode_unique = models.Constraint(
        "UNIQUE(barcode)", "Two submissions can never share a code."
    )

    @api.depends("line_ids")
    def _compute_line_count(self):
        counts = dict(
            self.env["lab.sample.submission.line"]._read_group(
                [("submission_id", "in", self.ids)], ["submission_id"], ["__count"]
            )
        )
        for submission in self:
            submission.line_count = counts.get(submission, 0)

    @api.depends("state", "order_id.state")
    def _compute_awaits_order(self):
        for submission in self:
            submission.awaits_order = submission._lab_waits_for_order()

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for submission in self:
            submission.access_url = f"/my/lab/submissions/{submission.id}"
        return result

    @api.model_create_multi
    def create(self, vals_list):
        self._lab_check_protected_create(vals_list)
        if self.env.uid != SUPERUSER_ID:
            orders = self.env["sale.order"].browse(
                {vals.get("order_id") for vals in vals_list if vals.get("order_id")}
            )
            self._lab_check_submission_orders(orders)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].sudo().next_by_code("lab.sample.submission") or "/"
                )
            vals.pop("barcode", None)  # always drawn here, never chosen by a client
        return super().create(vals_list)

    @api.model
    def _lab_check_submission_orders(self, orders):
        """Samples are submitted on a confirmed lab order of the submitter's own company; lab
        staff may enter them for the customer (R-SR-01)."""
        user = self.env.user
        if user._is_portal():
            foreign = orders.sudo().filtered(
                lambda o: o.partner_id.commercial_partner_id != user.commercial_partner_id
            )
            if foreign:
                raise AccessError(
                    self.env._("You can submit samples only on your own company's orders.")
                )
        else:
            self._lab_check_role(
                STAFF, message=self.env._("Only laboratory staff enter samples for a customer.")
            )
        for order in orders.sudo():
            if order.state != "sale" or not order.is_lab_order:
                raise UserError(
                    self.env._(
                        "Order %(order)s is not a confirmed laboratory order: samples are "
                        "submitted on a confirmed order.",
                        order=order.name,
                    )
                )

    def _lab_check_customer_or_staff(self):
        """The customer's own people (portal) or the lab's staff act on a submission."""
        user = self.env.user
        if user._is_portal():
            if self.sudo().partner_id - user.commercial_partner_id:
                raise AccessError(self.env._("This submission is not your company's."))
            return
        self._lab_check_role(
            STAFF, message=self.env._("Only laboratory staff act on a customer's submission.")
        )

    # Row validation (issue 19 point 1; R-TC-02)

    @api.model
    def _lab_catalogue(self, company):
        """The tests a customer may ask for in a new request: the company's sellable, active
        laboratory tests (issue 19 point 1)."""
        return (
            self.env["product.product"]
            .sudo()
            .search(
                [
                    ("is_lab_test", "=", True),
                    ("sale_ok", "=", True),
                    ("company_id", "in", [False, company.id]),
                ],
                order="default_code, name, id",
            )
        )

    @api.model
    def _lab_prepare_lines(self, order, rows, now, catalogue=None, company=None):
        """Validate ``rows`` [(row number, {column: value})] against ``order``'s tests (or,
        for a new request, the ``catalogue`` of ``company``), in memory, with one lookup for
        the tests: (line values, {row number: [messages]}). ``now`` is the moment of the
        submission (no sampling after it, holding time to it)."""
        order = order.sudo()
        if catalogue is not None:
            tests = catalogue
        else:
            tests = order.order_line.product_id.filtered("is_lab_test")
            company = order.company_id
        by_label = self._lab_tests_by_label(tests)
        labels = column_labels(self.env)
        tz = company._lab_tz()
        errors, lines, seen_refs = {}, [], {}
        for number, row in rows:
            messages = []
            texts = self._lab_row_texts(row, labels, messages)
            self._lab_check_row_ref(texts["customer_ref"], number, seen_refs, messages)
            chosen = self._lab_row_tests(row.get("tests"), by_label, tests, order, messages)
            sampled = self._lab_row_date(row.get("date_sampled"), tz, messages)
            if sampled:
                if sampled > now:
                    messages.append(self.env._("The sampling date and time is in the future."))
                else:
                    self._lab_check_row_holding(sampled, chosen, now, messages)
            if messages:
                errors[number] = messages
                continue
            lines.append(self._lab_line_vals(number, texts, sampled, chosen))
        return lines, errors

    @api.model
    def _lab_tests_by_label(self, tests):
        """{casefolded label: test}: a row names a test by its code, name or id."""
        by_label = {}
        for test in tests:
            for label in (test.default_code, test.name, test.display_name, str(test.id)):
                if label:
                    by_label.setdefault(label.strip().casefold(), test)
        return by_label

    @api.model
    def _lab_row_texts(self, row, labels, messages):
        """{column: stripped text} of a row's text cells; no formulas, no overlong text, the
        required cells filled."""
        _ = self.env._
        texts = {}
        for key in COLUMNS:
            if key in ("date_sampled", "tests"):
                continue
            value = row.get(key)
            text = (str(value) if value is not None else "").strip()
            if text.startswith(FORMULA_STARTS):
                messages.append(
                    _(
                        "“%(column)s” starts with “%(char)s”: formulas are not accepted; "
                        "type the value itself.",
                        column=labels[key],
                        char=text[0],
                    )
                )
                text = ""
            if len(text) > TEXT_LIMITS[key]:
                messages.append(
                    _(
                        "“%(column)s” is longer than %(max)s characters.",
                        column=labels[key],
                        max=TEXT_LIMITS[key],
                    )
                )
            texts[key] = text
        if row.get("_extra"):
            messages.append(_("The row has more cells than the file has columns."))
        for key in ("customer_ref", "sampling_point", "matrix"):
            if not texts[key] and not any(labels[key] in m for m in messages):
                messages.append(_("“%(column)s” is missing.", column=labels[key]))
        return texts

    @api.model
    def _lab_check_row_ref(self, customer_ref, number, seen_refs, messages):
        """A customer's sample id is used once in a submission; ``seen_refs`` {ref: row}."""
        ref = customer_ref.casefold()
        if not ref:
            return
        if ref in seen_refs:
            messages.append(
                self.env._(
                    "Sample ID “%(ref)s” is already used on row %(row)s of this submission.",
                    ref=customer_ref,
                    row=seen_refs[ref],
                )
            )
        else:
            seen_refs[ref] = number

    @api.model
    def _lab_line_vals(self, number, texts, sampled, tests):
        """The values of a valid row's submission line."""
        return {
            "sequence": number,
            "customer_ref": texts["customer_ref"],
            "sampling_point": texts["sampling_point"],
            "date_sampled": sampled,
            "matrix": texts["matrix"],
            "container": texts["container"] or False,
            "preservation": texts["preservation"] or False,
            "remarks": texts["remarks"] or False,
            "test_ids": [fields.Command.set(tests.ids)],
        }

    @api.model
    def _lab_row_tests(self, value, by_label, tests, order, messages):
        _ = self.env._
        if isinstance(value, (list, tuple)):  # the page's choices: product ids
            wanted = [str(v) for v in value if str(v).strip()]
        else:
            text = str(value).strip() if value is not None else ""
            if text.startswith(FORMULA_STARTS):
                messages.append(
                    _(
                        "“%(column)s” starts with “%(char)s”: formulas are not accepted; "
                        "type the value itself.",
                        column=column_labels(self.env)["tests"],
                        char=text[0],
                    )
                )
                return tests.browse()
            wanted = [part.strip() for part in text.replace(",", ";").split(";") if part.strip()]
        if not wanted:
            messages.append(_("Choose at least one test."))
            return tests.browse()
        chosen = tests.browse()
        for label in wanted:
            test = by_label.get(label.casefold())
            if test is None and not order:
                messages.append(
                    _("Test “%(test)s” is not in the laboratory's test catalogue.", test=label)
                )
            elif test is None:
                messages.append(
                    _(
                        "Test “%(test)s” is not on order %(order)s.",
                        test=label,
                        order=order.name,
                    )
                )
            else:
                chosen |= test
        return chosen

    @api.model
    def _lab_row_date(self, value, tz, messages):
        """The sampling moment (naive UTC) from a cell in the lab's clock."""
        _ = self.env._
        if isinstance(value, datetime):
            local = value.replace(tzinfo=None)
        elif isinstance(value, date):
            local = None
            messages.append(_("Give the sampling time with the date (YYYY-MM-DD HH:MM)."))
        else:
            text = str(value).strip() if value is not None else ""
            if not text:
                messages.append(
                    _("“%(column)s” is missing.", column=column_labels(self.env)["date_sampled"])
                )
                return False
            local = _parse_local(text)
            if local is None:
                messages.append(
                    _(
                        "“%(value)s” is not a date and time; write it as YYYY-MM-DD HH:MM.",
                        value=text[:40],
                    )
                )
        if local is None:
            return False
        try:
            aware = tz.localize(local, is_dst=None)
        except (pytz.AmbiguousTimeError, pytz.NonExistentTimeError):
            aware = tz.localize(local)
        return aware.astimezone(pytz.utc).replace(tzinfo=None, microsecond=0)

    @api.model
    def _lab_check_row_holding(self, sampled, tests, now, messages):
        """R-TC-02: the method's maximum holding time, counted to the submission."""
        limited = tests.filtered("lab_max_holding_hours")
        if not limited:
            return
        test = min(limited, key=lambda t: t.lab_max_holding_hours)
        hours = (now - sampled) / timedelta(hours=1)
        if hours > test.lab_max_holding_hours:
            messages.append(
                self.env._(
                    "Sampled %(hours)d hours ago: %(test)s allows at most %(max)s hours between "
                    "sampling and analysis.",
                    hours=hours,
                    test=test.name,
                    max=test.lab_max_holding_hours,
                )
            )

    @api.model
    def _lab_submit_rows(self, order, rows, now):
        """Validate every row, then create the submission and its lines in one ``create`` and
        submit it; nothing is saved when a row is wrong. Returns (submission, errors)."""
        lines, errors = self._lab_prepare_lines(order, rows, now)
        if errors or not lines:
            return self.browse(), self._lab_row_errors(errors)
        # The submitter's right to the order is checked as themselves; the list is then written
        # as the system (a customer cannot read the product catalogue its tests link to).
        self._lab_check_submission_orders(order)
        submission = (
            self.sudo()
            .with_context(mail_create_nolog=True)
            .create({"order_id": order.id, "line_ids": [fields.Command.create(v) for v in lines]})
        )
        submission = submission.with_env(self.env)
        submission.action_submit()
        return submission, {}

    @api.model
    def _lab_row_errors(self, errors):
        """The errors of a list that cannot be saved: the rows' own, or that it has none."""
        return errors or {0: [self.env._("Add at least one sample.")]}

    @api.model
    def _lab_submit_request(self, rows, now=None):
        """A new request from the portal (issue 19 point 1; R-CR-01/02, R-PT-01): validate
        every row against the test catalogue, then create in one transaction a draft quotation
        for the customer's company, one line per test with as many units as samples asking for
        it (it gets its contract review like any quotation), and a draft submission on it that
        waits for the order's confirmation. Nothing is saved when a row is wrong. Returns
        (submission, errors)."""
        user = self.env.user
        if not user._is_portal():
            raise AccessError(
                self.env._("A new sample request is made by the customer in the portal.")
            )
        company = user.company_id
        catalogue = self._lab_catalogue(company)
        lines, errors = self._lab_prepare_lines(
            self.env["sale.order"],
            rows,
            self._lab_request_now(now),
            catalogue=catalogue,
            company=company,
        )
        if errors or not lines:
            return self.browse(), self._lab_row_errors(errors)
        # Written as the system after the checks above: a customer neither creates quotations
        # nor reads the product catalogue; the record says who asked.
        system = self.with_user(SUPERUSER_ID).with_company(company)
        order = system._lab_request_quotation(user.commercial_partner_id, catalogue, lines)
        submission = system.with_context(mail_create_nolog=True).create(
            {"order_id": order.id, "line_ids": [fields.Command.create(v) for v in lines]}
        )
        submission._lab_log_request(user, len(lines))
        return submission.with_env(self.env), {}

    @api.model
    def _lab_request_now(self, now):
        """The moment of a request, which bounds the sampling dates: the client's ``now``
        within the last hour of the server's clock, never past it."""
        server_now = fields.Datetime.now()
        now = fields.Datetime.to_datetime(now)
        if not now or not server_now - timedelta(hours=1) <= now <= server_now:
            now = server_now
        return now

    @api.model
    def _lab_request_quotation(self, customer, catalogue, lines):
        """The draft quotation of a new request (as the system, in the customer's company):
        one line per test of the ``catalogue``, as many units as samples asking for it."""
        quantities = {}
        for vals in lines:
            for test_id in vals["test_ids"][0][2]:
                quantities[test_id] = quantities.get(test_id, 0) + 1
        company = self.env.company
        return self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "company_id": company.id,
                "user_id": customer.user_id.id or False,
                "origin": self.env._("Portal sample request"),
                "order_line": [
                    fields.Command.create(
                        {"product_id": test.id, "product_uom_qty": quantities[test.id]}
                    )
                    for test in catalogue
                    if test.id in quantities
                ],
            }
        )

    def _lab_log_request(self, user, count):
        """The request's note, by the customer who made it, on its quotation and submission."""
        self.ensure_one()
        body = self.env._(
            "Sample request from the portal by %(name)s: %(count)s samples (submission "
            "%(submission)s).",
            name=user.name,
            count=count,
            submission=self.name,
        )
        self.order_id.message_post(body=body, author_id=user.partner_id.id)
        self.message_post(body=body, author_id=user.partner_id.id)

    @api.model
    def lab_submit_request(self, rows, now=None):
        """``_lab_submit_request`` for a client (JSON-RPC): rows as [[number, {column: value}]];
        returns the new submission and quotation ids, or the errors per row (nothing saved)."""
        submission, errors = self._lab_submit_request(
            [(int(number), dict(row)) for number, row in rows], now
        )
        return {
            "submission_id": submission.id,
            "order_id": submission.sudo().order_id.id,
            "errors": errors,
        }

    def _lab_waits_for_order(self):
        """Whether the submission's order is still a quotation (a new request)."""
        self.ensure_one()
        return self.state == "draft" and self.sudo().order_id.state != "sale"

    # Actions

    def action_submit(self):
        """The customer sends the list: it is frozen and reception can scan it."""
        self._lab_check_customer_or_staff()
        for submission in self:
            if submission.state != "draft":
                raise UserError(
                    self.env._("Submission %(name)s is already submitted.", name=submission.name)
                )
            order = submission.sudo().order_id
            if order.state != "sale":
                raise UserError(
                    self.env._(
                        "Submission %(name)s waits for quotation %(order)s: samples are sent "
                        "once the laboratory has reviewed the request and the order is "
                        "confirmed.",
                        name=submission.name,
                        order=order.name,
                    )
                )
            if not submission.sudo().line_ids:
                raise UserError(self.env._("Add at least one sample."))
        now = fields.Datetime.now()
        # a narrow write of the action's own fields, after the checks above
        self.sudo()._lab_grant("action_submit").write({"state": "submitted", "date_submitted": now})
        self.env["lab.custody.event"]._lab_log(
            [
                {
                    "submission_id": submission.id,
                    "from_stage": "customer",
                    "to_stage": "courier",
                    "date": now,
                }
                for submission in self
            ]
        )
        return True

    def action_sign(self, name, signature):
        """The customer signs the custody transfer in the portal (Odoo's signature widget)."""
        self.ensure_one()
        self._lab_check_customer_or_staff()
        if not self.env.user._is_portal():
            raise AccessError(self.env._("The customer signs the custody transfer."))
        if self.state != "submitted":
            raise UserError(self.env._("Only a submitted, not yet received list is signed."))
        if self.signature:
            raise UserError(self.env._("This submission is already signed."))
        if not (name and signature):
            raise UserError(self.env._("Type your name and sign."))
        self.sudo()._lab_grant("action_sign").write(
            {"signed_by": name, "signed_on": fields.Datetime.now(), "signature": signature}
        )
        self.sudo().message_post(
            body=self.env._("Custody transfer signed by %(name)s.", name=name),
            author_id=self.env.user.partner_id.id,
        )
        return True

    def _lab_receive(self, signed_on_paper=False):
        """Reception registered the samples of the submission (the reception wizard)."""
        self._lab_check_role(
            RECEPTION, message=self.env._("Only the Sample Reception Officer receives samples.")
        )
        if self.filtered(lambda s: s.state != "submitted"):
            raise UserError(self.env._("Only a submitted list can be received."))
        self._lab_grant("_lab_receive").write(
            {
                "state": "received",
                "date_received": fields.Datetime.now(),
                "received_by_id": self.env.uid,
                "is_signed_on_paper": bool(signed_on_paper),
            }
        )

    def action_print_custody_form(self):
        return self.env.ref("lab_customer_service.action_report_submission_custody").report_action(
            self
        )

    def action_print_prelabels(self):
        return self.env.ref("lab_customer_service.action_report_submission_prelabel").report_action(
            self
        )

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Chain of custody %(name)s", name=self.name)

    def _lab_pages(self, per_page=20):
        """The lines of the chain-of-custody form, 20 to a page."""
        lines = self.line_ids
        return [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [lines]
