from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError

from .lab_sample_submission import new_code


class LabSampleSubmissionLine(models.Model):
    """One sample of a customer's submission, as the customer describes it; its pre-label code
    is printed on the label the customer sticks on the container (R-SR-05)."""

    _name = "lab.sample.submission.line"
    _description = "Submitted Sample"
    _order = "submission_id, sequence, id"
    _rec_name = "customer_ref"

    submission_id = fields.Many2one(
        "lab.sample.submission", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(string="Row", default=1)
    customer_ref = fields.Char(string="Your Sample ID", required=True)
    sampling_point = fields.Char(required=True)
    date_sampled = fields.Datetime(string="Sampled On", required=True)
    matrix = fields.Char(required=True)
    container = fields.Char()
    preservation = fields.Char()
    test_ids = fields.Many2many(
        "product.product", string="Tests", domain=[("is_lab_test", "=", True)], required=True
    )
    remarks = fields.Text()
    label_code = fields.Char(
        string="Pre-label Code",
        readonly=True,
        copy=False,
        default=lambda self: new_code("L"),
        help="Printed on the pre-label: reception may scan it instead of the form's code.",
    )
    sample_ids = fields.One2many("lab.sample", "submission_line_id", string="Registered Sample")
    partner_id = fields.Many2one(related="submission_id.partner_id")
    company_id = fields.Many2one(related="submission_id.company_id", store=True, index=True)
    state = fields.Selection(related="submission_id.state")

    _label_code_unique = models.Constraint(
        "UNIQUE(label_code)", "Two pre-labels can never share a code."
    )

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.uid != SUPERUSER_ID:
            submissions = self.env["lab.sample.submission"].browse(
                {vals.get("submission_id") for vals in vals_list}
            )
            if any(s.state != "draft" for s in submissions.sudo()):
                raise UserError(self.env._("A submitted list no longer takes new samples."))
            for vals in vals_list:
                vals.pop("label_code", None)  # drawn here, never chosen by a client
        lines = super().create(vals_list)
        if self.env.uid != SUPERUSER_ID:
            lines._lab_check_tests_on_order()
        return lines

    def write(self, vals):
        if self.env.uid != SUPERUSER_ID:
            if "label_code" in vals:
                raise UserError(self.env._("A pre-label code never changes."))
            if any(line.submission_id.state != "draft" for line in self.sudo()):
                raise UserError(self.env._("A submitted list can no longer be changed."))
        result = super().write(vals)
        if self.env.uid != SUPERUSER_ID and {"test_ids", "submission_id"} & vals.keys():
            self._lab_check_tests_on_order()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if self.env.uid != SUPERUSER_ID and any(
            line.submission_id.state != "draft" for line in self.sudo()
        ):
            raise UserError(self.env._("A submitted list can no longer be changed."))

    def _lab_check_tests_on_order(self):
        """R-TC-02: a sample is submitted for the tests its order covers (one check per order)."""
        for submission, lines in self.sudo().grouped("submission_id").items():
            ordered = submission.order_id.order_line.product_id
            extra = lines.test_ids - ordered
            if extra:
                raise UserError(
                    self.env._(
                        "Test “%(test)s” is not on order %(order)s.",
                        test=extra[0].display_name,
                        order=submission.order_id.name,
                    )
                )
