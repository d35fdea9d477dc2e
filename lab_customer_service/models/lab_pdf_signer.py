"""The bridge to the PDF signer (issue 20): released report PDFs are signed with pyHanko
(PAdES baseline B-B), in a Python of its own, because pyHanko needs a cryptography library far
newer than the one Odoo 19 pins. tools/install_pdf_signer.sh makes that virtualenv;
``lab_customer_service/tools/pdf_signer.py`` is the program it runs. No model here."""

import base64
import json
import logging
import os
import subprocess

from odoo.tools import config
from odoo.tools.misc import file_path

_logger = logging.getLogger(__name__)

# Where the signer's Python is comes from the server's environment or configuration file, never
# from the database: an administrator of the web client must not make the server run a program
# of their choice.
SIGNER_PYTHON_ENV = "LAB_PDF_SIGNER_PYTHON"
SIGNER_PYTHON_OPTION = "lab_pdf_signer_python"
SIGNER_PYTHON_DEFAULT = "/opt/lab-pdf-signer/bin/python"
SIGNER_SCRIPT = "lab_customer_service/tools/pdf_signer.py"
SIGNER_TIMEOUT = 300


class SignerError(Exception):
    """The signer could not sign; the message names the cause, never the key or password."""


def signer_python():
    return (
        os.environ.get(SIGNER_PYTHON_ENV)
        or config.get(SIGNER_PYTHON_OPTION)
        or SIGNER_PYTHON_DEFAULT
    )


def signer_installed():
    return os.access(signer_python(), os.X_OK)


def load_pkcs12(data, password):
    """(key, certificate) of a PKCS#12 file, read with the cryptography library Odoo ships;
    ValueError when it cannot be opened with ``password`` or holds no key and certificate."""
    from cryptography.hazmat.primitives.serialization import pkcs12  # noqa: PLC0415

    key, certificate, _chain = pkcs12.load_key_and_certificates(
        data, password.encode() if password else None
    )
    if key is None or certificate is None:
        raise ValueError("no key or no certificate")
    return key, certificate


def sign_pdfs(pkcs12_data, password, location, files):
    """``files`` [(PDF bytes, reason)] signed with the PKCS#12 key, in order.

    The key and its password go to the signer through a pipe: never on a command line, in a
    temporary file or in the log. ``-I``: the signer's Python ignores PYTHON* variables and the
    user's site packages."""
    request = {
        "pkcs12": base64.b64encode(pkcs12_data).decode(),
        "password": password,
        "location": location,
        "files": [
            {"pdf": base64.b64encode(data).decode(), "reason": reason} for data, reason in files
        ],
    }
    try:
        result = subprocess.run(
            [signer_python(), "-I", "-W", "ignore", file_path(SIGNER_SCRIPT)],
            input=json.dumps(request).encode(),
            capture_output=True,
            timeout=SIGNER_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SignerError(type(error).__name__)
    if result.returncode != 0:
        lines = result.stderr.decode(errors="replace").strip().splitlines()
        raise SignerError(lines[-1][:300] if lines else f"exit status {result.returncode}")
    try:
        signed = [base64.b64decode(data) for data in json.loads(result.stdout)["files"]]
    except (ValueError, KeyError, TypeError):
        raise SignerError("unreadable answer")
    if len(signed) != len(files):
        raise SignerError("wrong number of files")
    return signed
