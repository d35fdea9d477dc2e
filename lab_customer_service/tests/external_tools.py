"""Programs from outside Odoo that some tests run: poppler's pdfsig and pdftoppm, zbar's
zbarimg (Debian packages, installed by .ci/run) and the PDF signer's own Python
(tools/install_pdf_signer.sh). A test that needs one never passes without it: it fails in CI
(the environment variable CI is set) and is skipped, with the reason, elsewhere."""

import os
import shutil
import subprocess
import tempfile

from ..models.lab_pdf_signer import signer_python


def require(case, program):
    """The path of ``program``, or fail (CI) / skip the test with the reason."""
    path = program if os.path.isabs(program) else shutil.which(program)
    if path and os.access(path, os.X_OK):
        return path
    reason = f"{program} is missing: .ci/run installs it (poppler-utils, zbar-tools, the signer)"
    if os.environ.get("CI"):
        case.fail(reason)
    case.skipTest(reason)


def require_signer(case):
    return require(case, signer_python())


def run(case, program, *args, data=None):
    """Standard output of ``program args`` run on ``data`` written to a file (its path is
    the last argument)."""
    path = require(case, program)
    with tempfile.TemporaryDirectory() as tmp:
        extra = []
        if data is not None:
            source = os.path.join(tmp, "input.pdf")
            with open(source, "wb") as handle:
                handle.write(data)
            extra = [source]
        result = subprocess.run(
            [path, *args, *extra], capture_output=True, timeout=120, check=False, cwd=tmp
        )
        return result.returncode, result.stdout.decode(errors="replace")


def pdfsig(case, data):
    """pdfsig's report on the signatures of the PDF ``data``."""
    return run(case, "pdfsig", data=data)[1]


def decode_qr(case, data):
    """The texts of the QR codes on the first page of the PDF ``data``: the page drawn as a
    picture by pdftoppm, read by zbarimg as a phone camera would."""
    pdftoppm = require(case, "pdftoppm")
    zbarimg = require(case, "zbarimg")
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "report.pdf")
        with open(source, "wb") as handle:
            handle.write(data)
        page = os.path.join(tmp, "page")
        subprocess.run(
            [pdftoppm, "-r", "200", "-f", "1", "-l", "1", "-png", source, page],
            check=True,
            timeout=120,
        )
        (image,) = [name for name in os.listdir(tmp) if name.endswith(".png")]
        result = subprocess.run(
            [zbarimg, "--quiet", "--raw", os.path.join(tmp, image)],
            capture_output=True,
            timeout=120,
            check=False,
        )
        return result.stdout.decode().split()
