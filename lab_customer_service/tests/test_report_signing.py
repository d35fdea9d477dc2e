import base64
import datetime
import hashlib
import os
from unittest.mock import patch

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..models.lab_pdf_signer import SIGNER_PYTHON_ENV
from . import external_tools
from .rpc import RpcRefused
from .test_report_verification import ReportVerificationCase, make_pdf, page_texts

VALID = "Signature Validation: Signature is Valid."
WHOLE = "Total document signed"


def make_pkcs12(password, not_before, not_after):
    """A self-signed signing certificate and its key, as a .p12 file protected by
    ``password``: made here, with the cryptography library Odoo ships; no network."""
    from cryptography import x509  # noqa: PLC0415
    from cryptography.hazmat.primitives import hashes, serialization  # noqa: PLC0415
    from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: PLC0415
    from cryptography.hazmat.primitives.serialization import pkcs12  # noqa: PLC0415
    from cryptography.x509.oid import NameOID  # noqa: PLC0415

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Test Laboratory Report Signing"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test Laboratory"),
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        b"lab", key, certificate, None, serialization.BestAvailableEncryption(password.encode())
    )


@tagged("post_install", "-at_install")
class TestReportSigning(ReportVerificationCase):
    """Issue 20, point 4 (R-RP-02): where the laboratory has a signing certificate, released
    report PDFs are signed (PAdES baseline) after the verification stamp, and an independent
    validator (poppler's pdfsig) finds the signature valid over the whole file."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.password = "p12-secret-Zq7"
        cls.pkcs12 = make_pkcs12(
            cls.password, datetime.datetime(2020, 1, 1), datetime.datetime(2099, 12, 31)
        )

    def _configure(self, pkcs12=None, password=None):
        self.env.company.sudo().write(
            {
                "lab_sign_reports": True,
                "lab_sign_certificate": base64.b64encode(pkcs12 or self.pkcs12),
                "lab_sign_certificate_name": "lab.p12",
                "lab_sign_password": password or self.password,
            }
        )

    def _release_refused(self, report):
        """Release ``report`` expecting a UserError, without a savepoint: what the failed
        release wrote, if anything, is still there to be seen."""
        try:
            report.with_user(self.technical_manager).action_release()
        except UserError as error:
            return str(error)
        self.fail("the release should have been refused")

    def _ready(self):
        report = self._report()
        report.with_user(self.technician).action_prepare()
        report.with_user(self.quality_manager).action_review()
        return report

    def test_released_pdf_is_signed_over_the_whole_file_and_revisions_anew(self):
        external_tools.require_signer(self)
        self._configure()
        v1 = self._release(
            self._report(
                [
                    ("report.pdf", self.genuine_source, "application/pdf"),
                    ("annex.csv", b"sample;result\nS1;12\n", "text/csv"),
                ]
            )
        )
        pdf = v1.attachment_ids.filtered(lambda a: a.name == "report.pdf")
        signed = pdf.raw
        verdict = external_tools.pdfsig(self, signed)
        self.assertIn(VALID, verdict)
        self.assertIn(WHOLE, verdict)
        self.assertIn("Signature Type: ETSI.CAdES.detached", verdict, "PAdES, not PKCS#7")
        self.assertIn("Test Laboratory Report Signing", verdict)
        for text in page_texts(signed):
            self.assertIn(v1.lab_verification_code, text, "stamped before it was signed")
        by_name = {f.name: f for f in v1.lab_file_ids}
        self.assertTrue(by_name["report.pdf"].is_signed)
        self.assertEqual(by_name["report.pdf"].sha256, hashlib.sha256(signed).hexdigest())
        self.assertFalse(by_name["annex.csv"].is_signed, "only PDFs are signed")
        self.assertIn("Signed by the laboratory", self._page(v1).text)

        v2 = v1.with_user(self.quality_manager)._lab_revise("Wrong unit").with_env(self.env)
        v2.attachment_ids = self.env["ir.attachment"].create(
            {"name": "v2.pdf", "raw": make_pdf("Corrected"), "mimetype": "application/pdf"}
        )
        self._release(v2)
        resigned = v2.attachment_ids.raw
        verdict = external_tools.pdfsig(self, resigned)
        self.assertIn(VALID, verdict)
        self.assertIn(WHOLE, verdict)
        self.assertEqual(verdict.count("Signature #"), 1, "one signature, its own")
        self.assertIn(v2.lab_verification_code, page_texts(resigned)[0])
        self.assertEqual(v2.lab_file_ids.sha256, hashlib.sha256(resigned).hexdigest())
        self.assertEqual(pdf.raw, signed, "the superseded version's file is left as released")

    def test_altered_signed_file_is_not_valid_for_pdfsig(self):
        external_tools.require_signer(self)
        self._configure()
        signed = self._release(self._report()).attachment_ids.raw
        # a byte of the first page's content, inside the signed range
        index = signed.index(b"stream") + 20
        altered = signed[:index] + bytes([signed[index] ^ 0x01]) + signed[index + 1 :]
        self.assertNotIn(VALID, external_tools.pdfsig(self, altered))

    def test_release_that_cannot_sign_writes_nothing(self):
        report = self._ready()
        source = report.attachment_ids.raw
        cases = [
            ("wrong password", {"password": "not-the-password"}, None, "cannot be opened"),
            (
                "expired",
                {
                    "pkcs12": make_pkcs12(
                        self.password,
                        datetime.datetime(2019, 1, 1),
                        datetime.datetime(2020, 1, 1),
                    )
                },
                None,
                "is valid from",
            ),
            ("signer missing", {}, "/nonexistent/lab-pdf-signer/python", "not installed"),
            ("signer fails", {}, "/bin/false", "could not be signed"),
        ]
        for label, config, python, message in cases:
            with self.subTest(label):
                self._configure(**config)
                environ = {SIGNER_PYTHON_ENV: python} if python else {}
                with patch.dict(os.environ, environ):
                    error = self._release_refused(report)
                self.assertIn(message, error)
                self.assertIn("settings" if label != "signer missing" else "administrator", error)
                self.assertNotIn(self.password, error)
                self.env.flush_all()
                self.env.invalidate_all()
                self.assertEqual(report.state, "reviewed")
                self.assertFalse(report.lab_verification_code)
                self.assertFalse(report.lab_file_ids)
                self.assertEqual(report.attachment_ids.raw, source, "not even stamped")
        self.env.company.sudo().lab_sign_reports = False
        report.with_user(self.technical_manager).action_release()
        self.assertFalse(report.lab_file_ids.is_signed, "signing off: stamped, not signed")

    def test_only_administrators_read_or_set_the_certificate(self):
        self._configure()
        company = self.env.company
        fields_ = ["lab_sign_certificate", "lab_sign_password"]
        for user in (self.director, self.technical_manager, self.quality_manager):
            with self.subTest(user=user.login):
                with self.assertRaises(RpcRefused):
                    self.rpc(user, "res.company", "read", [company.id], fields_)
                with self.assertRaises(RpcRefused):
                    self.rpc(user, "res.company", "write", [company.id], {"lab_sign_password": "x"})
        certificate = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.company"),
                    ("res_id", "=", company.id),
                    ("res_field", "=", "lab_sign_certificate"),
                ]
            )
        )
        self.assertEqual(len(certificate), 1)
        domain = [("res_model", "=", "res.company"), ("res_field", "=", "lab_sign_certificate")]
        for user in (self.director, self.technical_manager):
            with self.subTest(user=user.login, path="attachment"):
                found = self.rpc(user, "ir.attachment", "search_read", domain, ["datas"])
                self.assertFalse(found, "the .p12 file is not found through its attachment")
                with self.assertRaises(RpcRefused):
                    self.rpc(user, "ir.attachment", "read", [certificate.id], ["datas"])
                download = self.url_open(
                    f"/web/content/res.company/{company.id}/lab_sign_certificate"
                )
                self.assertNotEqual(download.status_code, 200)
                self.assertNotEqual(download.content, self.pkcs12)
        admin = self.env.ref("base.user_admin")
        admin.password = admin.login
        (values,) = self.rpc(admin, "res.company", "read", [company.id], fields_)
        self.assertEqual(values["lab_sign_password"], self.password)
        expiry = company.sudo().lab_sign_certificate_expiry
        self.assertEqual(expiry, datetime.datetime(2099, 12, 31))

    def test_settings_refuse_a_certificate_the_password_does_not_open(self):
        settings = self.env["res.config.settings"].create(
            {"lab_sign_reports": True, "lab_sign_password": self.password}
        )
        with self.assertRaisesRegex(ValidationError, "no signing certificate"):
            settings.execute()
        settings = self.env["res.config.settings"].create(
            {
                "lab_sign_reports": True,
                "lab_sign_certificate": base64.b64encode(self.pkcs12),
                "lab_sign_password": "not-the-password",
            }
        )
        with self.assertRaisesRegex(ValidationError, "cannot be opened with the password"):
            settings.execute()
        self.env["res.config.settings"].create(
            {
                "lab_sign_reports": True,
                "lab_sign_certificate": base64.b64encode(self.pkcs12),
                "lab_sign_password": self.password,
            }
        ).execute()
        subject = self.env.company.lab_sign_certificate_subject
        self.assertIn("Test Laboratory Report Signing", subject)
