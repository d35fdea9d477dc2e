"""Reading a customer's sample list (CSV or XLSX) into rows, before any validation of their
content (R-PT-01, R-SR-01, issue 19). Pure functions: the submission model checks the rows.

Every problem of the file as a whole (size, encoding, columns) is a ``UserError``; the rows come
back as ``(row number in the file, {column key: text or datetime})``.
"""

import csv
import io
import zipfile

from odoo.exceptions import UserError

# The columns of a sample list, in the order of the template.
COLUMNS = (
    "customer_ref",
    "sampling_point",
    "date_sampled",
    "matrix",
    "container",
    "preservation",
    "tests",
    "remarks",
)
REQUIRED_COLUMNS = ("customer_ref", "sampling_point", "date_sampled", "matrix", "tests")
# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@")
MAX_ROWS = 1000
XLSX_MAGIC = b"PK\x03\x04"


def column_labels(env):
    """{column key: its heading in the reader's language} (the template's first row)."""
    _ = env._
    return {
        "customer_ref": _("Your Sample ID"),
        "sampling_point": _("Sampling Point"),
        "date_sampled": _("Sampling Date and Time"),
        "matrix": _("Matrix"),
        "container": _("Container"),
        "preservation": _("Preservation"),
        "tests": _("Tests"),
        "remarks": _("Remarks"),
    }


def template_csv(env):
    """The downloadable template: the headings in the reader's language, UTF-8 with a BOM so
    that spreadsheets open it in the right encoding."""
    out = io.StringIO()
    csv.writer(out).writerow(column_labels(env).values())
    return out.getvalue().encode("utf-8-sig")


def read_rows(env, data, filename, max_bytes):
    """The rows of an uploaded sample list: [(row number, {key: value})]."""
    _ = env._
    if len(data) > max_bytes:
        raise UserError(
            _(
                "The file is larger than %(max)s MB. Split the list into several files.",
                max=round(max_bytes / 1024 / 1024, 1),
            )
        )
    if not data.strip():
        raise UserError(_("The file is empty."))
    is_xlsx = data[:4] == XLSX_MAGIC or (filename or "").lower().endswith(".xlsx")
    table = _xlsx_table(env, data) if is_xlsx else _csv_table(env, data)
    table = [row for row in table if any(_text(cell) for cell in row[1])]
    if not table:
        raise UserError(_("The file has no heading row."))
    (_number, header), *body = table
    keys = _header_keys(env, header)
    if len(body) > MAX_ROWS:
        raise UserError(
            _(
                "The file has %(count)s samples; one upload takes at most %(max)s.",
                count=len(body),
                max=MAX_ROWS,
            )
        )
    if not body:
        raise UserError(_("The file has a heading row but no sample."))
    rows = []
    for number, cells in body:
        values = {}
        for index, key in keys.items():
            values[key] = cells[index] if index < len(cells) else None
        extra = [cell for cell in cells[len(header) :] if _text(cell)]
        if extra:
            values["_extra"] = True
        rows.append((number, values))
    return rows


def _text(value):
    return str(value).strip() if value is not None else ""


def _csv_table(env, data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(
            env._(
                "The file is not UTF-8 text. Save it as “CSV UTF-8” (or upload the spreadsheet "
                "as XLSX) and try again."
            )
        ) from None
    if "\x00" in text:
        raise UserError(env._("The file is not a CSV text file."))
    first_line = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first_line, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        return [(number, row) for number, row in enumerate(reader, start=1)]
    except csv.Error as error:
        raise UserError(
            env._("The file cannot be read as CSV: %(error)s", error=str(error))
        ) from None


def _xlsx_table(env, data):
    import openpyxl  # noqa: PLC0415 (only for spreadsheets)

    try:
        # not read_only: the rows of a read-only workbook come from a generator that keeps the
        # archive open; 1,000 rows fit in memory. Formulas stay formulas (data_only=False).
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise UserError(
            env._("The file is not a valid XLSX spreadsheet: save it again from your spreadsheet.")
        ) from None
    sheet = workbook.worksheets[0]
    if sheet.max_row > MAX_ROWS + 50:
        raise UserError(
            env._(
                "The file has %(count)s rows; one upload takes at most %(max)s samples.",
                count=sheet.max_row - 1,
                max=MAX_ROWS,
            )
        )
    return [
        (number, list(row)) for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
    ]


def _normalise(label):
    return " ".join(str(label or "").replace("*", "").split()).casefold()


def _known_headings(env):
    """{normalised heading: column key}: the keys themselves, the English headings and those
    in the reader's language."""
    known = {_normalise(key): key for key in COLUMNS}
    english = column_labels(env(context=dict(env.context, lang="en_US")))
    for labels in (english, column_labels(env)):
        for key, label in labels.items():
            known[_normalise(label)] = key
    return known


def _header_keys(env, header):
    """{column index: column key}, from headings in the reader's language, in English or the
    keys themselves; unknown or missing columns refuse the file."""
    known = _known_headings(env)
    keys, unknown = {}, []
    for index, heading in enumerate(header):
        if not _text(heading):
            continue
        key = known.get(_normalise(heading))
        if key is None:
            unknown.append(_text(heading))
        elif key in keys.values():
            raise UserError(env._("The column “%(column)s” appears twice.", column=heading))
        else:
            keys[index] = key
    _check_header_complete(env, keys, unknown)
    return keys


def _check_header_complete(env, keys, unknown):
    """Refuse a heading row with unknown columns or without a required one."""
    labels = column_labels(env)
    if unknown:
        raise UserError(
            env._(
                "Unknown column(s): %(unknown)s. The columns are: %(columns)s. Download the "
                "template to start from the right headings.",
                unknown=", ".join(f"“{u}”" for u in unknown),
                columns=", ".join(labels.values()),
            )
        )
    missing = [labels[key] for key in REQUIRED_COLUMNS if key not in keys.values()]
    if missing:
        raise UserError(
            env._(
                "The file lacks the column(s) %(missing)s. Download the template to start from "
                "the right headings.",
                missing=", ".join(f"“{m}”" for m in missing),
            )
        )
