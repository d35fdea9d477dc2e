from odoo import api, fields, models
from odoo.exceptions import UserError


class LabSampleReceptionWizard(models.TransientModel):
    """Reception by scan (issue 19 point 3; R-SR-01/03/05): the code of a customer's submission,
    or of any of its pre-labels, fills the delivery in; reception checks the condition and
    accepts or rejects each sample."""

    _inherit = "lab.sample.reception.wizard"

    scan_code = fields.Char(
        string="Scan",
        help="Scan the QR code of the chain-of-custody form or of any pre-label.",
    )
    submission_id = fields.Many2one("lab.sample.submission", readonly=True)
    line_ids = fields.One2many(
        "lab.sample.reception.wizard.line", "wizard_id", string="Submitted Samples"
    )
    is_signed_on_paper = fields.Boolean(
        string="Customer Signed the Printed Form",
        help="The customer did not sign in the portal; the signed paper form came with the "
        "samples.",
    )

    @api.onchange("scan_code")
    def _onchange_scan_code(self):
        if not self.scan_code:
            return None
        try:
            self._lab_load_scan()
        except UserError as error:
            self.scan_code = False
            return {"warning": {"title": self.env._("Unknown code"), "message": error.args[0]}}
        return None

    def _lab_find_submission(self, code):
        code = (code or "").strip().upper()
        Submission = self.env["lab.sample.submission"]
        submission = Submission.search([("barcode", "=", code)], limit=1)
        if not submission and code:
            line = self.env["lab.sample.submission.line"].search(
                [("label_code", "=", code)], limit=1
            )
            submission = line.submission_id
        if not submission:
            raise UserError(self.env._("No submission has the code %(code)s.", code=code or "-"))
        if submission.state == "received":
            raise UserError(
                self.env._(
                    "Submission %(name)s was already received on %(date)s.",
                    name=submission.name,
                    date=submission.company_id._lab_format_datetime(submission.date_received),
                )
            )
        order = submission.sudo().order_id
        if order.state != "sale":
            raise UserError(
                self.env._(
                    "Submission %(name)s belongs to quotation %(order)s, which is not confirmed "
                    "yet: samples are received only on a confirmed order.",
                    name=submission.name,
                    order=order.name,
                )
            )
        if submission.state != "submitted":
            raise UserError(
                self.env._("Submission %(name)s is not submitted yet.", name=submission.name)
            )
        return submission

    def _lab_load_scan(self):
        """Fill the delivery from the scanned submission."""
        submission = self._lab_find_submission(self.scan_code)
        self.submission_id = submission
        self.order_id = submission.order_id
        self.sale_line_ids = submission.order_id.order_line.filtered(
            lambda line: line.product_id in submission.line_ids.test_ids
        )
        self.sample_count = len(submission.line_ids)
        self.descriptions = False
        self.is_signed_on_paper = not submission.signature
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create({"submission_line_id": line.id, "decision": "accept"})
            for line in submission.line_ids
        ]

    def _lab_sample_values(self):
        if not self.submission_id:
            return super()._lab_sample_values()
        if self.submission_id.order_id != self.order_id:
            raise UserError(self.env._("The scanned submission belongs to another order."))
        lines = self.line_ids.submission_line_id
        if lines != self.submission_id.line_ids:
            raise UserError(self.env._("Decide on every sample of the submission."))
        self.sample_count = len(lines)
        self.descriptions = False
        base_values = super()._lab_sample_values()
        Sample = self.env["lab.sample"]
        expected = {}
        for values, line in zip(base_values, lines, strict=True):
            tests = line.test_ids
            if tests not in expected:
                expected[tests] = Sample._lab_expected_date(
                    self.order_id.company_id, self.date_received, tests
                )
            values.update(
                description=line.matrix,
                source=line.sampling_point,
                date_sampled=line.date_sampled,
                test_ids=[fields.Command.set(tests.ids)],
                date_expected=expected[tests],
                submission_id=self.submission_id.id,
                submission_line_id=line.id,
                lab_customer_sample_ref=line.customer_ref,
            )
        return base_values

    def _lab_register(self):
        samples = super()._lab_register()
        if not self.submission_id:
            return samples
        decisions = {wl.submission_line_id.id: wl for wl in self.line_ids}
        accept = samples.filtered(lambda s: decisions[s.submission_line_id.id].decision == "accept")
        if accept:
            accept.action_accept()
        rejected = samples.filtered(
            lambda s: decisions[s.submission_line_id.id].decision == "reject"
        )
        for (reason, note), group in rejected.grouped(
            lambda s: (
                decisions[s.submission_line_id.id].rejection_reason_id,
                decisions[s.submission_line_id.id].rejection_note or False,
            )
        ).items():
            group._lab_reject(reason, note)
        self.submission_id._lab_receive(self.is_signed_on_paper)
        return samples


class LabSampleReceptionWizardLine(models.TransientModel):
    """Reception's decision on one submitted sample."""

    _name = "lab.sample.reception.wizard.line"
    _description = "Reception Decision on a Submitted Sample"

    wizard_id = fields.Many2one("lab.sample.reception.wizard", required=True, ondelete="cascade")
    submission_line_id = fields.Many2one("lab.sample.submission.line", required=True)
    customer_ref = fields.Char(related="submission_line_id.customer_ref")
    matrix = fields.Char(related="submission_line_id.matrix")
    date_sampled = fields.Datetime(related="submission_line_id.date_sampled")
    test_ids = fields.Many2many(related="submission_line_id.test_ids")
    decision = fields.Selection(
        [("accept", "Accept"), ("reject", "Reject"), ("wait", "Keep Received")],
        default="accept",
        required=True,
    )
    rejection_reason_id = fields.Many2one("lab.sample.rejection.reason")
    rejection_note = fields.Char()

    @api.constrains("decision", "rejection_reason_id")
    def _check_reason(self):
        for line in self:
            if line.decision == "reject" and not line.rejection_reason_id:
                raise UserError(
                    self.env._(
                        "Give the reason for rejecting sample %(ref)s.", ref=line.customer_ref
                    )
                )
