import base64
import datetime
import logging

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import babel_locale_parse, format_datetime, get_lang, posix_to_ldml

from . import lab_pdf_signer
from .lab_roles import DEPUTY_DIRECTOR, TECHNICAL_MANAGER

_logger = logging.getLogger(__name__)


class ResCompany(models.Model):
    """Per-laboratory settings of contract review (R-CR-02, R-CR-06, R-AD-01)."""

    _inherit = "res.company"

    lab_review_approver_group_id = fields.Many2one(
        "res.groups",
        string="Contract Review Approvers",
        default=lambda self: self.env.ref(DEPUTY_DIRECTOR, raise_if_not_found=False),
        help="Members of this group approve contract reviews. The Director and Deputy by default.",
    )
    lab_review_template_id = fields.Many2one(
        "lab.review.template",
        string="Default Review Checklist",
        help="Checklist used for the contract review of new laboratory orders.",
    )
    lab_legal_entity_only = fields.Boolean(
        string="Customers Must Be Legal Entities",
        help="Refuse laboratory orders for private persons.",
    )
    lab_deviation_template_id = fields.Many2one(
        "mail.template",
        string="Deviation Notice",
        domain=[("model", "=", "lab.order.deviation")],
        default=lambda self: self.env.ref(
            "lab_customer_service.mail_template_lab_deviation", raise_if_not_found=False
        ),
    )
    lab_revision_template_id = fields.Many2one(
        "mail.template",
        string="Amendment Notice",
        domain=[("model", "=", "lab.order.revision")],
        default=lambda self: self.env.ref(
            "lab_customer_service.mail_template_lab_revision", raise_if_not_found=False
        ),
    )
    lab_subcontract_template_id = fields.Many2one(
        "mail.template",
        string="Subcontracting Notice",
        domain=[("model", "=", "sale.order")],
        default=lambda self: self.env.ref(
            "lab_customer_service.mail_template_lab_subcontract", raise_if_not_found=False
        ),
    )

    lab_objection_days = fields.Integer(
        string="Objection Period (working days)",
        default=10,
        help="Working days after a report is released during which the customer may object "
        "(R-RP-04). Counted on the company's working calendar, public holidays excluded.",
    )
    lab_signatory_ids = fields.Many2many(
        "res.users",
        "lab_company_signatory_rel",
        "company_id",
        "user_id",
        string="Authorised Signatories",
        help="Besides the Technical Manager, these people may authorise the release of a report.",
    )
    lab_verify_show_customer = fields.Boolean(
        string="Customer Name on the Verification Page",
        help="Show the customer's name on the public report verification page. Off, the page "
        "names the laboratory, the report and its status only.",
    )

    _lab_objection_days_positive = models.Constraint(
        "CHECK(lab_objection_days > 0)", "The objection period must be at least one working day."
    )

    def _lab_review_template(self):
        """The checklist for new reviews: the configured one, else the first one available."""
        self.ensure_one()
        return self.lab_review_template_id or self.env["lab.review.template"].search(
            [("company_id", "in", [self.id, False])], limit=1
        )

    def _lab_mail_template(self, field_name):
        """The configured customer notice, else the one this module ships."""
        self.ensure_one()
        defaults = {
            "lab_deviation_template_id": "lab_customer_service.mail_template_lab_deviation",
            "lab_revision_template_id": "lab_customer_service.mail_template_lab_revision",
            "lab_subcontract_template_id": "lab_customer_service.mail_template_lab_subcontract",
        }
        return self[field_name] or self.env.ref(defaults[field_name], raise_if_not_found=False)

    def _lab_is_signatory(self, user):
        self.ensure_one()
        return user.has_group(TECHNICAL_MANAGER) or (user in self.sudo().lab_signatory_ids)

    # Customer service levels, delay notices and satisfaction surveys (R-CM-02, R-CM-03, R-SV-02)
    lab_request_response_days = fields.Integer(
        string="Request Response Time (working days)",
        default=2,
        help="Service level: a customer request must be answered within this many working days "
        "of the company's working calendar (R-CM-02).",
    )
    lab_request_supervisor_id = fields.Many2one(
        "res.users",
        string="Requests Supervisor",
        help="Overdue requests escalate to this person as an activity. When empty they escalate "
        "to the laboratory's Deputy Director.",
    )
    lab_delay_risk_days = fields.Integer(
        string="Delay Warning (working days)",
        default=1,
        help="Work whose expected report date falls within this many working days and is not yet "
        "reported is at risk: the customer is told at once (R-CM-03).",
    )
    lab_survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction Survey",
        domain=[("is_lab_survey", "=", True), ("lab_approval_state", "=", "approved")],
        help="Approved survey sent to the customer contact after a report is released.",
    )
    lab_survey_delay_days = fields.Integer(
        string="Survey Delay (days)",
        default=3,
        help="Days after a report's release before the customer is invited to the survey.",
    )
    lab_satisfaction_threshold = fields.Float(
        string="Satisfied From (%)",
        default=80.0,
        help="An answer scoring below this percentage schedules a follow-up call.",
    )

    def _lab_add_working_days(self, start, days, cache=None):
        """The date ``days`` working days after ``start`` (a date, or a naive UTC datetime read
        on the lab's clock) on the company's working calendar; the start day itself does not
        count. ``cache`` (a dict) lets a batch
        compute reuse results, as many samples share a reception day and a turnaround."""
        self.ensure_one()
        if not start:
            return False
        calendar = self.sudo().resource_calendar_id
        # A moment falls on the day the lab's clock shows (issue 17): a sample received at
        # 01:30 in Istanbul was received that day, not on the UTC day before.
        day = calendar._lab_local_date(start) if isinstance(start, datetime.datetime) else start
        key = (self.id, day, days)
        if cache is not None and key in cache:
            return cache[key]
        if days <= 0:
            result = day
        elif calendar:
            # noon of ``day`` on the lab's clock, as the naive UTC moment the calendar expects
            noon = self._lab_tz().localize(datetime.datetime.combine(day, datetime.time(12)))
            result = calendar._lab_working_day_after(
                noon.astimezone(pytz.utc).replace(tzinfo=None), days
            )
        else:
            result, left = day, days
            while left:
                result += datetime.timedelta(days=1)
                left -= result.weekday() < 5
        if cache is not None:
            cache[key] = result
        return result

    # The lab's local time: its records and documents read dates in the time zone of its
    # working calendar, not in UTC nor in the reader's browser.
    def _lab_tz(self):
        self.ensure_one()
        return pytz.timezone(self.sudo().resource_calendar_id.tz or "UTC")

    def _lab_format_datetime(self, value):
        """A stored (UTC) moment as the lab's clock shows it: the reader's date format and a
        24-hour time, in the time zone of the working calendar. The 12-hour clock of some
        languages and the reader's own time zone (often unset, hence UTC) have no place on a
        lab record."""
        self.ensure_one()
        if not value:
            return ""
        lang = get_lang(self.env)
        pattern = posix_to_ldml(lang.date_format, locale=babel_locale_parse(lang.code))
        return format_datetime(
            self.env,
            fields.Datetime.to_datetime(value),
            tz=self._lab_tz().zone,
            dt_format=f"{pattern} HH:mm",
            lang_code=lang.code,
        )

    def _lab_utc_bounds(self, date_from, date_to):
        """The days ``date_from`` to ``date_to`` (both included) of the lab's calendar, as the
        naive UTC datetimes ``[start, stop)`` that Odoo stores."""
        tz = self._lab_tz()
        bounds = []
        for day in (date_from, date_to + datetime.timedelta(days=1)):
            local = tz.localize(datetime.datetime.combine(day, datetime.time.min))
            bounds.append(local.astimezone(pytz.utc).replace(tzinfo=None))
        return tuple(bounds)

    # The laboratory's signing certificate (R-RP-02, issue 20): released report PDFs are signed
    # with it (PAdES baseline B-B), after the verification stamp. The PKCS#12 file and its
    # password are secrets, stored as Odoo stores a mail server's password: fields only the
    # Settings group reads or writes; the release reads them as the system, in
    # ``_lab_signing_material`` alone.
    lab_sign_reports = fields.Boolean(
        string="Sign Released Reports",
        help="Sign every PDF file of a test report at release with the laboratory's certificate.",
    )
    lab_sign_certificate = fields.Binary(
        string="Signing Certificate (PKCS#12)",
        groups="base.group_system",
        copy=False,
        help="A .p12 / .pfx file holding the laboratory's private key and certificate.",
    )
    lab_sign_certificate_name = fields.Char(
        string="Signing Certificate File Name", groups="base.group_system", copy=False
    )
    lab_sign_password = fields.Char(
        string="Signing Certificate Password", groups="base.group_system", copy=False
    )
    lab_sign_certificate_subject = fields.Char(
        string="Certificate Holder",
        compute="_compute_lab_sign_certificate_info",
        groups="base.group_system",
    )
    lab_sign_certificate_expiry = fields.Datetime(
        string="Certificate Valid Until",
        compute="_compute_lab_sign_certificate_info",
        groups="base.group_system",
    )

    @api.depends("lab_sign_certificate", "lab_sign_password")
    def _compute_lab_sign_certificate_info(self):
        for company in self:
            subject = expiry = False
            if company.lab_sign_certificate:
                try:
                    _key, certificate = lab_pdf_signer.load_pkcs12(
                        base64.b64decode(company.lab_sign_certificate), company.lab_sign_password
                    )
                    subject = certificate.subject.rfc4514_string()
                    expiry = certificate.not_valid_after
                except ValueError:
                    subject = self.env._("The file cannot be opened with this password.")
            company.lab_sign_certificate_subject = subject
            company.lab_sign_certificate_expiry = expiry

    def _lab_check_signing_certificate(self):
        """Raise ValidationError unless each company that signs has a certificate its password
        opens (called when the settings are saved)."""
        for company in self.sudo().filtered("lab_sign_reports"):
            company._lab_signing_material()

    def _lab_signing_material(self, moment=None):
        """(PKCS#12 bytes, password) of a company that signs its reports, None if it does not.
        Raises ValidationError when signing is on and the certificate is missing, unreadable,
        or not valid at ``moment`` (naive UTC)."""
        self.ensure_one()
        # sudo: the secrets are read here only, for the signer; nobody else gets them.
        company = self.sudo()
        if not company.lab_sign_reports:
            return None
        if not company.lab_sign_certificate:
            raise ValidationError(
                self.env._(
                    "Signing of released reports is on for %(company)s, but no signing "
                    "certificate is uploaded in the settings.",
                    company=company.name,
                )
            )
        data = base64.b64decode(company.lab_sign_certificate)
        try:
            _key, certificate = lab_pdf_signer.load_pkcs12(data, company.lab_sign_password)
        except ValueError:
            raise ValidationError(
                self.env._(
                    "The signing certificate of %(company)s cannot be opened with the password "
                    "in the settings, or holds no private key.",
                    company=company.name,
                )
            )
        if moment and not certificate.not_valid_before <= moment <= certificate.not_valid_after:
            raise ValidationError(
                self.env._(
                    "The signing certificate of %(company)s is valid from %(start)s to %(end)s "
                    "only: upload a current one in the settings.",
                    company=company.name,
                    start=company._lab_format_datetime(certificate.not_valid_before),
                    end=company._lab_format_datetime(certificate.not_valid_after),
                )
            )
        return data, company.lab_sign_password or ""

    def _lab_sign_pdfs(self, files, moment):
        """``files`` [(PDF bytes, reason)] signed with the company's certificate, in order; None
        if the company does not sign. Raises UserError if anything fails: the caller has
        written nothing yet, so a release that cannot sign does not happen at all."""
        self.ensure_one()
        try:
            material = self._lab_signing_material(moment)
        except ValidationError as error:
            raise UserError(error.args[0])
        if material is None or not files:
            return None
        if not lab_pdf_signer.signer_installed():
            raise UserError(
                self.env._(
                    "Released reports are to be signed, but the PDF signer is not installed "
                    "(no %(python)s on the server). Nothing was released: ask your administrator "
                    "to run tools/install_pdf_signer.sh.",
                    python=lab_pdf_signer.signer_python(),
                )
            )
        location = ", ".join(filter(None, (self.city, self.country_id.name))) or self.name
        try:
            return lab_pdf_signer.sign_pdfs(*material, location, files)
        except lab_pdf_signer.SignerError as error:
            _logger.warning("PDF signer failed for company %s: %s", self.id, error)
            raise UserError(
                self.env._(
                    "The report files could not be signed (%(reason)s). Nothing was released: "
                    "check the signing certificate in the settings.",
                    reason=str(error),
                )
            )
