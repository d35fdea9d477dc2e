#!/usr/bin/env python3
"""PNGs of the printed documents of a running demo lab, for the README (issue 17).

For each (name, report, model, domain, login) it logs in as that demo user (the password of a
demo user is its login), finds the records, has the server print them as PDF with wkhtmltopdf
(``/report/pdf/<report>/<ids>``) and turns the first page into
``docs/screenshots/<name>.png`` with ``pdftoppm -png -r 60`` (small files; 200 dpi for the
62 x 29 mm sample label).

    python3 tools/report_screenshots.py                    # on make demo (127.0.0.1:8069)
    python3 tools/report_screenshots.py --base http://127.0.0.1:8076 --db dev_demo
    python3 tools/report_screenshots.py --only complaint_journal --pages 2

Needs the server's wkhtmltopdf and ``pdftoppm`` (Debian: apt-get install poppler-utils).
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = REPO_ROOT / "docs" / "screenshots"

# (name, report_name, model, domain, login[, limit]); the journal also sends its period.
SHOTS = [
    ("management_review", "lab_customer_service.report_lab_management_review",
     "lab.management.review", [], "quality", 1),
    ("contract_review", "lab_customer_service.report_lab_contract_review",
     "lab.contract.review", [("state", "=", "approved")], "director", 1),
    ("sample_label", "lab_customer_service.report_sample_label",
     "lab.sample", [], "reception", 1),
    ("sample_rejection", "lab_customer_service.report_sample_rejection",
     "lab.sample", [("state", "=", "rejected")], "reception", 1),
    ("sample_return", "lab_customer_service.report_sample_return",
     "lab.sample.return", [], "reception", 1),
    ("complaint_form", "lab_complaints.report_complaint_form",
     "lab.complaint", [("step", "=", "closed")], "quality", 1),
    ("complaint_journal", "lab_complaints.report_complaint_journal",
     "lab.complaint", [], "quality", 0),
    ("complaint_outcome", "lab_complaints.report_complaint_outcome",
     "lab.complaint", [("step", "=", "closed")], "quality", 1),
    ("nda", "lab_confidentiality.report_lab_nda",
     "lab.nda", [("state", "=", "signed")], "director", 1),
    ("visit_permit", "lab_confidentiality.report_lab_visit_permit",
     "lab.visit.permit", [("state", "=", "approved")], "reception", 1),
    ("visitor_log", "lab_confidentiality.report_lab_visitor_log",
     "lab.visitor.log", [], "reception", 0),
]  # fmt: skip


class Session:
    def __init__(self, base, db, login):
        self.base = base
        self.http = requests.Session()
        password = "admin" if login == "admin" else login
        result = self.call("/web/session/authenticate", db=db, login=login, password=password)
        if not result.get("uid"):
            raise RuntimeError(f"cannot log in as {login}")

    def call(self, path, **params):
        response = self.http.post(
            self.base + path,
            json={"jsonrpc": "2.0", "method": "call", "params": params},
            timeout=120,
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RuntimeError(body["error"].get("data", {}).get("message") or body["error"])
        return body["result"]

    def search_read(self, model, domain, fields, limit=0, order=None):
        return self.call(
            "/web/dataset/call_kw",
            model=model,
            method="search_read",
            args=[domain, fields],
            kwargs={"limit": limit, "order": order},
        )

    def pdf(self, report_name, ids, data=None):
        url = f"{self.base}/report/pdf/{report_name}/{','.join(map(str, ids))}"
        params = {"options": json.dumps(data)} if data else None
        response = self.http.get(url, params=params, timeout=600)
        response.raise_for_status()
        if not response.content.startswith(b"%PDF"):
            raise RuntimeError(f"{report_name}: the server did not answer with a PDF")
        return response.content


def shoot(session, name, report_name, model, domain, limit, out, pages):
    journal = name == "complaint_journal"
    fields = ["id", "date_received"] if journal else ["id"]
    # The journal lists its period in order, as its wizard prints it.
    order = "date_received, id" if journal else None
    records = session.search_read(model, domain, fields, limit, order)
    if not records:
        raise RuntimeError(f"no {model} matching {domain} in this database")
    data = None
    if journal:
        days = sorted(r["date_received"][:10] for r in records)
        data = {"date_from": days[0], "date_to": days[-1]}
    pdf = session.pdf(report_name, [r["id"] for r in records], data)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        prefix = Path(tmp) / "page"
        subprocess.run(
            # a 62 x 29 mm label needs more dots than an A4 page to be read
            ["pdftoppm", "-png", "-r", "200" if name == "sample_label" else "60"]
            + ["-f", "1", "-l", str(pages), str(path), str(prefix)],
            check=True,
        )
        made = sorted(Path(tmp).glob("page*.png"))
        targets = [out / f"{name}.png"] + [
            out / f"{name}_p{number}.png" for number in range(2, len(made) + 1)
        ]
        for page, target in zip(made, targets, strict=True):
            shutil.copyfile(page, target)
            shown = target.relative_to(REPO_ROOT) if target.is_relative_to(REPO_ROOT) else target
            print(f"{shown}  ({target.stat().st_size // 1024} KB)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8069", help="demo server URL")
    parser.add_argument("--db", default="lab_demo")
    parser.add_argument("--only", action="append", help="take only these names")
    parser.add_argument("--pages", type=int, default=1, help="pages of each document")
    parser.add_argument("--out", default=str(OUT_DIR))
    args = parser.parse_args(argv)
    if not shutil.which("pdftoppm"):
        print("pdftoppm not found: apt-get install poppler-utils", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    base = args.base.rstrip("/")
    sessions, failed = {}, 0
    for name, report_name, model, domain, login, limit in SHOTS:
        if args.only and name not in args.only:
            continue
        try:
            if login not in sessions:
                sessions[login] = Session(base, args.db, login)
            shoot(sessions[login], name, report_name, model, domain, limit, out, args.pages)
        except (RuntimeError, requests.RequestException, subprocess.CalledProcessError) as exc:
            failed += 1
            print(f"{name}: FAILED: {exc}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
