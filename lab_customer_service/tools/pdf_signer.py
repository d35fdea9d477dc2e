"""Sign PDF files with PAdES baseline signatures (B-B), for lab_customer_service (issue 20).

Runs in its own virtualenv, not in Odoo's: pyHanko needs a ``cryptography`` far newer than the
one Odoo 19 pins (see ``pdf_signer_requirements.txt`` and tools/install_pdf_signer.sh of the
repository). It imports nothing from Odoo.

Protocol: one JSON object on standard input, never on the command line (the key material and its
password are in it)::

    {"pkcs12": "<base64>", "password": "...", "location": "...",
     "files": [{"pdf": "<base64 PDF>", "reason": "..."}, ...]}

On success, exit 0 and one JSON object on standard output: ``{"files": ["<base64 signed PDF>",
...]}`` in the same order. On failure, exit 2 and one line on standard error that says what went
wrong without any of the input (no password, no key, no document).
"""

import base64
import io
import json
import sys

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

FIELD_NAME = "LabReleaseSignature"


def fail(message):
    sys.stderr.write(message.replace("\n", " ") + "\n")
    sys.exit(2)


def load_signer(request):
    try:
        pkcs12 = base64.b64decode(request["pkcs12"], validate=True)
    except (KeyError, ValueError):
        fail("no PKCS#12 data")
    password = request.get("password")
    try:
        return signers.SimpleSigner.load_pkcs12_data(
            pkcs12, other_certs=None, passphrase=password.encode() if password else None
        )
    except ValueError:
        fail("the PKCS#12 file cannot be opened with this password, or holds no key")


def sign(signer, data, reason, request):
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        location=request.get("location") or None,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    output = signers.sign_pdf(writer, meta, signer=signer)
    return output.getvalue()


def main():
    try:
        request = json.load(sys.stdin)
    except ValueError:
        fail("the request is not JSON")
    signer = load_signer(request)
    signed = []
    for index, item in enumerate(request.get("files") or []):
        try:
            data = base64.b64decode(item["pdf"], validate=True)
            signed.append(sign(signer, data, item.get("reason"), request))
        except Exception as error:  # noqa: BLE001 - the caller gets one line, not a trace
            fail(f"file {index + 1} could not be signed: {type(error).__name__}: {error}"[:300])
    json.dump({"files": [base64.b64encode(data).decode() for data in signed]}, sys.stdout)


if __name__ == "__main__":
    main()
