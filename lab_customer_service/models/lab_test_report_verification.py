import base64
import hashlib
import io
import logging
import secrets

from odoo import api, fields, models
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

_logger = logging.getLogger(__name__)

# 10 random bytes: 80 bits, written as 16 base32 letters and digits that survive print and
# dictation (no 0/1/8/9, no lower case); not guessable, and not the record's id.
CODE_BYTES = 10
VERIFY_PATH = "/lab/verify"


def new_verification_code():
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode().rstrip("=")


def normalize_code(code):
    """A code as a reader types it: case, spaces and dashes do not matter."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:64]


def sha256_hex(data):
    return hashlib.sha256(data or b"").hexdigest()


class LabTestReport(models.Model):
    """Anyone holding a report can check it (R-RP-02, R-RP-03; ISO/IEC 17025 §7.8.2, issue 20):
    at release each version gets a random verification code, every page of its PDF files is
    stamped with the code and a QR code of the public page ``/lab/verify/<code>``, and the
    SHA-256 of each file as stamped (the file the customer downloads) is stored, frozen with the
    release."""

    _inherit = "lab.test.report"
    _lab_protected_actions = {
        "action_release": ("lab_verification_code", "lab_file_ids"),
        "_lab_revise": ("lab_date_withdrawn",),
    }

    lab_verification_code = fields.Char(
        string="Verification Code",
        readonly=True,
        copy=False,
        help="Printed with a QR code on every page of the released report: anyone can check the "
        "report's status and the genuine file on the public verification page.",
    )
    lab_verification_url = fields.Char(
        string="Verification Page", compute="_compute_lab_verification_url"
    )
    lab_file_ids = fields.One2many(
        "lab.test.report.file", "report_id", string="Released Files", readonly=True, copy=False
    )
    lab_date_withdrawn = fields.Datetime(string="Withdrawn On", readonly=True, copy=False)

    _lab_verification_code_unique = models.Constraint(
        "UNIQUE(lab_verification_code)", "Two report versions can never share a verification code."
    )

    @api.depends("lab_verification_code")
    def _compute_lab_verification_url(self):
        for report in self:
            code = report.lab_verification_code
            report.lab_verification_url = (
                f"{report.get_base_url()}{VERIFY_PATH}/{code}" if code else False
            )

    def _lab_seal_files(self):
        """Called by ``action_release`` after its checks, before the report (and with it its
        files) is frozen: a code per version, each PDF stamped, then signed where the company
        signs its reports, each file's SHA-256 kept. Everything is computed first and written
        last: a file that cannot be signed stops the release before anything is written."""
        now = fields.Datetime.now()
        plans = []
        for report in self:
            code = new_verification_code()
            plans.append((report, code, report._lab_stamp_entries(code)))
        self._lab_sign_entries(plans, now)
        file_values = []
        for report, code, entries in plans:
            file_values += report._lab_write_sealed(code, entries)
        # sudo: nobody creates these records but the release (no access right allows it).
        self.env["lab.test.report.file"].sudo()._lab_grant("action_release").create(file_values)

    def _lab_stamp_entries(self, code):
        """One entry per file of the report, in memory: its data, stamped with ``code`` where
        it is a readable PDF."""
        self.ensure_one()
        url = f"{self.get_base_url()}{VERIFY_PATH}/{code}"
        entries = []
        # sudo: the caller passed the release checks (write access to the report, role,
        # signatory); the files' content is the one thing written, before they freeze.
        for attachment in self.sudo().attachment_ids:
            data = attachment.raw or b""
            stamped = self._lab_stamp_pdf(data, code, url) if self._lab_is_pdf(data) else None
            entries.append(
                {
                    "attachment": attachment,
                    "data": data if stamped is None else stamped,
                    "stamped": stamped is not None,
                    "signed": False,
                    "unreadable_pdf": stamped is None
                    and (attachment.mimetype == "application/pdf" or self._lab_is_pdf(data)),
                }
            )
        return entries

    def _lab_write_sealed(self, code, entries):
        """Write the stamped files and the code of the report; note the PDFs left unstamped.
        Returns the values of its ``lab.test.report.file`` records."""
        self.ensure_one()
        file_values = []
        for entry in entries:
            attachment, data = entry["attachment"], entry["data"]
            if entry["stamped"]:
                attachment.write({"raw": data})
            file_values.append(
                {
                    "report_id": self.id,
                    "attachment_id": attachment.id,
                    "name": attachment.name,
                    "sha256": sha256_hex(data),
                    "file_size": len(data),
                    "is_stamped": entry["stamped"],
                    "is_signed": entry["signed"],
                }
            )
        self._lab_grant("action_release").write({"lab_verification_code": code})
        unstamped = [e["attachment"].name for e in entries if e["unreadable_pdf"]]
        if unstamped:
            self.sudo().message_post(
                body=self.env._(
                    "These files could not be read as PDF and carry no verification stamp; "
                    "their SHA-256 is kept all the same: %(files)s",
                    files=", ".join(unstamped),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return file_values

    def _lab_sign_entries(self, plans, moment):
        """Sign the stamped PDFs of ``plans`` in place, one signer run per company that signs
        its reports: the signature comes after the stamp and covers the whole file."""
        by_company = {}
        for report, _code, entries in plans:
            reason = self.env._(
                "Test report %(report)s, version %(version)s, authorised by %(signatory)s",
                report=report.name,
                version=report.version,
                signatory=self.env.user.name,
            )
            by_company.setdefault(report.company_id, []).extend(
                (entry, reason) for entry in entries if entry["stamped"]
            )
        for company, items in by_company.items():
            signed = company._lab_sign_pdfs(
                [(entry["data"], reason) for entry, reason in items], moment
            )
            if signed is None:
                continue  # this company does not sign its reports
            for (entry, _reason), data in zip(items, signed, strict=True):
                entry.update(data=data, signed=True)

    @api.model
    def _lab_is_pdf(self, data):
        return data[:1024].lstrip().startswith(b"%PDF")

    def _lab_stamp_pdf(self, data, code, url):
        """``data`` with a footer on every page: the QR code of ``url`` and the code in words.
        None when the file cannot be read as a PDF (damaged, encrypted)."""
        self.ensure_one()
        pages = self._lab_pdf_pages(data)
        if not pages:
            return None
        lines = [
            self.env._("Verify this report: %(url)s", url=url),
            self.env._("Verification code: %(code)s", code=code),
        ]
        overlay = self._lab_stamp_overlay(pages, url, lines)
        try:
            writer = PdfFileWriter()
            for page, stamp in zip(pages, overlay.pages, strict=True):
                page.merge_page(stamp)
                writer.add_page(page)
            output = io.BytesIO()
            writer.write(output)
        except Exception as error:  # noqa: BLE001 - a file that cannot be stamped is reported, not fatal
            _logger.info("Report %s: file not stamped (%s)", self.id, error)
            return None
        return output.getvalue()

    def _lab_pdf_pages(self, data):
        """The pages of the PDF ``data``; None when it cannot be read (damaged, encrypted)."""
        try:
            reader = PdfFileReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                return None
            return list(reader.pages)
        except Exception as error:  # noqa: BLE001 - any unreadable file is reported, not fatal
            _logger.info("Report %s: file not stamped (%s)", self.id, error)
            return None

    @api.model
    def _lab_stamp_overlay(self, pages, url, lines):
        """A PDF with one stamp per page of ``pages``, each its size: the QR code of ``url``
        at the bottom right, ``lines`` to its left."""
        from reportlab.graphics import renderPDF  # noqa: PLC0415
        from reportlab.graphics.barcode import createBarcodeDrawing  # noqa: PLC0415
        from reportlab.lib.units import mm  # noqa: PLC0415
        from reportlab.pdfgen import canvas  # noqa: PLC0415

        size = 16 * mm
        packet = io.BytesIO()
        can = canvas.Canvas(packet)
        for page in pages:
            box = page.mediabox
            left, bottom, width = float(box.left), float(box.bottom), float(box.width)
            can.setPageSize((float(box.right), float(box.top)))
            qr = createBarcodeDrawing("QR", value=url, width=size, height=size, barBorder=1)
            renderPDF.draw(qr, can, left + width - size - 4 * mm, bottom + 3 * mm)
            can.setFont("Helvetica", 6.5)
            for index, line in enumerate(reversed(lines)):
                can.drawRightString(
                    left + width - size - 6 * mm, bottom + (5 + 3 * index) * mm, line
                )
            can.showPage()
        can.save()
        return PdfFileReader(io.BytesIO(packet.getvalue()), strict=False)

    def _lab_revise(self, reason, withdraw=False):
        result = super()._lab_revise(reason, withdraw=withdraw)
        if withdraw:
            # The public page says since when a withdrawn report is no longer valid.
            self._lab_grant("_lab_revise").write({"lab_date_withdrawn": fields.Datetime.now()})
        return result

    # The public verification page (controllers/verify.py) reads these, as the system.

    @api.model
    def _lab_find_by_code(self, code):
        code = normalize_code(code)
        if not code:
            return self.browse()
        return self.sudo().search(
            [
                ("lab_verification_code", "=", code),
                ("state", "in", ("released", "superseded", "withdrawn")),
            ],
            limit=1,
        )

    def _lab_superseding_version(self):
        """The version released in place of this one, if any."""
        self.ensure_one()
        return self.sudo().search(
            [
                ("previous_id", "=", self.id),
                ("state", "in", ("released", "superseded", "withdrawn")),
            ],
            limit=1,
        )

    def _lab_accreditation_lines(self):
        """[(test name, accreditation label)] of the report's tests, each once."""
        self.ensure_one()
        report = self.sudo()
        tests = report.sample_ids.test_ids or report.order_id.order_line.product_id.filtered(
            "lab_accreditation"
        )
        labels = dict(tests._fields["lab_accreditation"]._description_selection(self.env))
        return [(test.name, labels.get(test.lab_accreditation, "")) for test in tests]
