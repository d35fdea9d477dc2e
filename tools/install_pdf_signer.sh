#!/usr/bin/env bash
# The PDF signer's own virtualenv (issue 20): pyHanko, which signs released report PDFs
# (PAdES), needs cryptography >= 48; Odoo 19 pins cryptography 3.4.8. So the signer
# (lab_customer_service/tools/pdf_signer.py) runs in a Python of its own, which this makes.
#   tools/install_pdf_signer.sh     make it (or check it) and print its python's path
# Where: $LAB_PDF_SIGNER_PYTHON, else /opt/lab-pdf-signer/bin/python when /opt is writable
# or it is there already, else .local/pdf-signer/bin/python (then export
# LAB_PDF_SIGNER_PYTHON to that path for Odoo, as tools/demo.sh does, or set the option
# lab_pdf_signer_python in Odoo's configuration file). Does nothing when the pinned pyHanko is
# already installed there. Versions: lab_customer_service/tools/pdf_signer_requirements.txt.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REQ="$ROOT/lab_customer_service/tools/pdf_signer_requirements.txt"
BASE="${PYTHON:-python3}"

say() { echo "[pdf-signer] $*" >&2; }

TARGET="${LAB_PDF_SIGNER_PYTHON:-}"
if [ -z "$TARGET" ]; then
    if [ -x /opt/lab-pdf-signer/bin/python ] || [ -w /opt ]; then
        TARGET=/opt/lab-pdf-signer/bin/python
    else
        TARGET="${LAB_LOCAL:-$ROOT/.local}/pdf-signer/bin/python"
    fi
fi
case "$TARGET" in
*/bin/python) VENV="${TARGET%/bin/python}" ;;
*)
    say "LAB_PDF_SIGNER_PYTHON must end in /bin/python (a virtualenv's): $TARGET"
    exit 2
    ;;
esac

want=$(sed -n 's/^pyhanko==//p' "$REQ")
have=$("$TARGET" -I -c 'import importlib.metadata as m; print(m.version("pyhanko"))' 2>/dev/null)
if [ -n "$have" ] && [ "$have" = "$want" ]; then
    echo "$TARGET"
    exit 0
fi
say "creating $VENV with pyHanko $want"
"$BASE" -m venv "$VENV" </dev/null || {
    say "cannot create the virtualenv $VENV (python3 -m venv)"
    exit 1
}
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$REQ" </dev/null || {
    say "pip install -r $REQ failed"
    exit 1
}
"$VENV/bin/python" -I -W ignore -c 'import pyhanko.sign.signers' || exit 1
echo "$TARGET"
