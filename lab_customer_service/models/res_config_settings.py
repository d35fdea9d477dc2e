from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    lab_review_approver_group_id = fields.Many2one(
        related="company_id.lab_review_approver_group_id", readonly=False
    )
    lab_review_template_id = fields.Many2one(
        related="company_id.lab_review_template_id", readonly=False
    )
    lab_legal_entity_only = fields.Boolean(
        related="company_id.lab_legal_entity_only", readonly=False
    )
    lab_deviation_template_id = fields.Many2one(
        related="company_id.lab_deviation_template_id", readonly=False
    )
    lab_revision_template_id = fields.Many2one(
        related="company_id.lab_revision_template_id", readonly=False
    )
    lab_subcontract_template_id = fields.Many2one(
        related="company_id.lab_subcontract_template_id", readonly=False
    )

    lab_objection_days = fields.Integer(related="company_id.lab_objection_days", readonly=False)
    lab_signatory_ids = fields.Many2many(related="company_id.lab_signatory_ids", readonly=False)
    lab_verify_show_customer = fields.Boolean(
        related="company_id.lab_verify_show_customer", readonly=False
    )
    # R-SR-02: the registration code is prefix + year + running number, e.g. S2026-000042.
    lab_sample_code_prefix = fields.Char(
        string="Sample Code Prefix", compute="_compute_lab_sample_code", readonly=False
    )
    lab_sample_code_use_year = fields.Boolean(
        string="Year in Sample Code", compute="_compute_lab_sample_code", readonly=False
    )
    lab_sample_code_padding = fields.Integer(
        string="Running Number Digits", compute="_compute_lab_sample_code", readonly=False
    )

    # Customer service, delays and satisfaction (R-CM-02, R-CM-03, R-SV-02)
    lab_request_response_days = fields.Integer(
        related="company_id.lab_request_response_days", readonly=False
    )
    lab_request_supervisor_id = fields.Many2one(
        related="company_id.lab_request_supervisor_id", readonly=False
    )
    lab_delay_risk_days = fields.Integer(related="company_id.lab_delay_risk_days", readonly=False)
    lab_survey_id = fields.Many2one(related="company_id.lab_survey_id", readonly=False)
    lab_survey_delay_days = fields.Integer(
        related="company_id.lab_survey_delay_days", readonly=False
    )
    lab_satisfaction_threshold = fields.Float(
        related="company_id.lab_satisfaction_threshold", readonly=False
    )

    # Signed report PDFs (issue 20): secrets, for the Settings group only
    lab_sign_reports = fields.Boolean(related="company_id.lab_sign_reports", readonly=False)
    lab_sign_certificate = fields.Binary(
        related="company_id.lab_sign_certificate", readonly=False, groups="base.group_system"
    )
    lab_sign_certificate_name = fields.Char(
        related="company_id.lab_sign_certificate_name", readonly=False, groups="base.group_system"
    )
    lab_sign_password = fields.Char(
        related="company_id.lab_sign_password", readonly=False, groups="base.group_system"
    )
    lab_sign_certificate_subject = fields.Char(
        related="company_id.lab_sign_certificate_subject", groups="base.group_system"
    )
    lab_sign_certificate_expiry = fields.Datetime(
        related="company_id.lab_sign_certificate_expiry", groups="base.group_system"
    )

    @api.model
    def _lab_sample_sequence(self):
        return self.env.ref("lab_customer_service.seq_lab_sample", raise_if_not_found=False)

    @api.depends("company_id")
    def _compute_lab_sample_code(self):
        sequence = self._lab_sample_sequence()
        prefix = (sequence.prefix or "") if sequence else ""
        use_year = "%(year)s" in prefix
        for settings in self:
            settings.lab_sample_code_use_year = use_year
            settings.lab_sample_code_prefix = (
                prefix.split("%(year)s")[0].rstrip("-") if use_year else prefix
            )
            settings.lab_sample_code_padding = sequence.padding if sequence else 6

    def set_values(self):
        super().set_values()
        # All fields are written by now: a signing certificate its password does not open is
        # refused when it is saved, not at the first release (issue 20).
        self.company_id._lab_check_signing_certificate()
        sequence = self._lab_sample_sequence()
        if not sequence:
            return
        prefix = (self.lab_sample_code_prefix or "").strip()
        if self.lab_sample_code_use_year:
            prefix = f"{prefix}%(year)s-"
        if not 1 <= self.lab_sample_code_padding <= 12:
            raise ValidationError(self.env._("The running number has between 1 and 12 digits."))
        if prefix != sequence.prefix or self.lab_sample_code_padding != sequence.padding:
            sequence.sudo().write({"prefix": prefix, "padding": self.lab_sample_code_padding})
