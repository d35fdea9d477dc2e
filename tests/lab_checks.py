"""Repository-wide static checks for the lab addons, without Odoo.

Every ``check_*`` function takes the path of one addon folder (or the repository root for
the linters) and returns a list of problems as readable strings; an empty list means the
check passed. ``test_static.py`` runs them over the real addons and ``test_checkers.py``
shows each one failing on a deliberately broken sample.
"""

import ast
import csv
import glob
import io
import os
import re
import shutil
import subprocess
import sys
import tokenize
import xml.etree.ElementTree as ET
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# The addons this repository is made of; a missing one is skipped, not failed, while it is
# being written. Any other repo-root folder with a __manifest__.py is checked as well.
EXPECTED_ADDONS = (
    "lab_customer_service",
    "lab_confidentiality",
    "lab_complaints",
    "lab_complaints_retention",
)

VERSION_RE = re.compile(r"^19\.0\.\d+\.\d+\.\d+$")
REQUIRED_LICENSE = "AGPL-3"
SKIP_DIRS = {"__pycache__", ".git", "node_modules"}


# --------------------------------------------------------------------------- discovery
def discover_addons(root=REPO_ROOT):
    """Repo-root folders that hold a ``__manifest__.py``, sorted by name."""
    root = Path(root)
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / "__manifest__.py").is_file())


def iter_files(addon, suffixes, skip=()):
    """Files below ``addon`` whose name ends with one of ``suffixes``."""
    addon = Path(addon)
    for dirpath, dirnames, filenames in os.walk(addon):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        rel = Path(dirpath).relative_to(addon)
        if rel.parts and rel.parts[0] in skip:
            continue
        for name in sorted(filenames):
            if name.endswith(tuple(suffixes)):
                yield Path(dirpath) / name


def _rel(path, addon):
    return str(Path(path).relative_to(Path(addon).parent))


def read_manifest(addon):
    return ast.literal_eval((Path(addon) / "__manifest__.py").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- (a) ruff
def _tool(module):
    """Command to run a Python tool of this interpreter, or None when not installed."""
    probe = subprocess.run(
        [sys.executable, "-m", module, "--version"], capture_output=True, text=True
    )
    if probe.returncode == 0:
        return [sys.executable, "-m", module]
    exe = shutil.which(module)
    return [exe] if exe else None


def ruff_cmd():
    return _tool("ruff")


def pylint_cmd():
    probe = subprocess.run([sys.executable, "-c", "import pylint_odoo"], capture_output=True)
    return [sys.executable, "-m", "pylint"] if probe.returncode == 0 else None


def check_ruff(root, config=REPO_ROOT / ".ruff.toml"):
    """``ruff check`` and ``ruff format --check`` over ``root``."""
    cmd = ruff_cmd()
    if cmd is None:
        return ["ruff is not installed (pip install ruff)"]
    problems = []
    lint = subprocess.run(
        [
            *cmd,
            "check",
            "--no-fix",
            "--no-cache",
            "--output-format=concise",
            "--config",
            str(config),
            ".",
        ],
        cwd=root,
        capture_output=True,
        text=True,
    )
    if lint.returncode != 0:
        problems.append("ruff check:\n" + lint.stdout + lint.stderr)
    fmt = subprocess.run(
        [*cmd, "format", "--check", "--no-cache", "--config", str(config), "."],
        cwd=root,
        capture_output=True,
        text=True,
    )
    if fmt.returncode != 0:
        problems.append("ruff format --check:\n" + fmt.stdout + fmt.stderr)
    return problems


# --------------------------------------------------------------------------- (b) pylint
def check_pylint(addon, rcfile=REPO_ROOT / ".pylintrc-mandatory"):
    """pylint-odoo's mandatory checks over one addon."""
    cmd = pylint_cmd()
    if cmd is None:
        return ["pylint with pylint-odoo is not installed (pip install pylint-odoo)"]
    addon = Path(addon)
    res = subprocess.run(
        [*cmd, f"--rcfile={rcfile}", addon.name],
        cwd=addon.parent,
        capture_output=True,
        text=True,
    )
    if res.returncode != 0:
        return [f"pylint exited {res.returncode}:\n{res.stdout}{res.stderr}"]
    return []


# --------------------------------------------------------------------------- (c) manifest
ASSET_DIRECTIVES = {"include", "remove", "prepend", "append", "after", "before", "replace"}


def _asset_paths(entry):
    """File globs named by one entry of an assets bundle (``include`` names a bundle)."""
    if isinstance(entry, str):
        return [entry]
    if isinstance(entry, (tuple, list)) and entry:
        directive = entry[0]
        if directive == "include":
            return []
        if directive in ("after", "before", "replace") and len(entry) >= 3:
            return [entry[2]]
        if len(entry) >= 2:
            return [entry[1]]
    return []


def check_manifest(addon):
    addon = Path(addon)
    name = addon.name
    try:
        manifest = read_manifest(addon)
    except (ValueError, SyntaxError) as exc:
        return [f"{name}/__manifest__.py does not parse with ast.literal_eval: {exc}"]
    if not isinstance(manifest, dict):
        return [f"{name}/__manifest__.py is not a dict"]
    problems = []
    version = manifest.get("version", "")
    if not isinstance(version, str) or not VERSION_RE.match(version):
        problems.append(f"{name}: version {version!r} is not 19.0.x.y.z")
    if manifest.get("license") != REQUIRED_LICENSE:
        problems.append(f"{name}: license {manifest.get('license')!r} is not {REQUIRED_LICENSE}")
    for key in ("author", "website", "category", "name"):
        value = manifest.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{name}: manifest key {key!r} is missing or empty")
    for key in ("data", "demo"):
        for rel in manifest.get(key, []):
            if not (addon / rel).is_file():
                problems.append(f"{name}: {key} file {rel} does not exist")
    for bundle, entries in (manifest.get("assets") or {}).items():
        for entry in entries:
            for pattern in _asset_paths(entry):
                if not isinstance(pattern, str):
                    problems.append(f"{name}: asset entry {entry!r} in {bundle} is malformed")
                    continue
                if pattern.startswith("/"):
                    pattern = pattern[1:]
                if pattern.split("/", 1)[0] != name:
                    continue  # another addon's file: not ours to check
                if not glob.glob(str(addon.parent / pattern), recursive=True):
                    problems.append(f"{name}: asset {pattern} in {bundle} matches no file")
    return problems


# --------------------------------------------------------------------------- (d) xml
def check_xml_wellformed(addon):
    problems = []
    for path in iter_files(addon, [".xml"]):
        try:
            ET.parse(path)
        except ET.ParseError as exc:
            problems.append(f"{_rel(path, addon)}: not well-formed XML: {exc}")
    return problems


# --------------------------------------------------------------------------- (d2) cells
CELL_TAGS = ("td", "th", "dd")
OUTPUT_DIRECTIVES = ("t-out", "t-field", "t-esc", "t-raw")


def check_cells_keep_rendering(addon):
    """A table cell that carries its own ``t-out``/``t-field`` vanishes when the value is empty
    (QWeb drops an element whose output is False or None and that has no default body), and
    the next cells of the row shift one column left under the headers. Put the output on an
    element inside the cell: ``<td><span t-out="..."/></td>``."""
    problems = []
    for path in iter_files(addon, [".xml"]):
        try:
            tree = ET.parse(path)
        except ET.ParseError:
            continue  # check_xml_wellformed reports it
        for el in (e for e in tree.iter() if e.tag in CELL_TAGS):
            directive = next((d for d in OUTPUT_DIRECTIVES if d in el.attrib), None)
            has_default = (el.text or "").strip() or len(el)
            if directive and not has_default:
                problems.append(
                    f'{_rel(path, addon)}: <{el.tag} {directive}="{el.attrib[directive]}"> '
                    f"disappears when the value is empty; put {directive} on a <span> inside"
                )
    return problems


# --------------------------------------------------------------------------- (e) odoo 19
PY_REMOVED = [
    (re.compile(r"\b_sql_constraints\b"), "_sql_constraints (use models.Constraint)"),
    (re.compile(r"\bdef\s+name_get\b"), "def name_get (use _compute_display_name)"),
    (
        re.compile(r"(?<![\w])\.read_group\s*\("),
        ".read_group( (use _read_group / formatted_read_group)",
    ),
    (re.compile(r"\btype\s*=\s*['\"]json['\"]"), "type='json' route (use type='jsonrpc')"),
    (re.compile(r"\bcheck_access_rights\b"), "check_access_rights (use check_access/has_access)"),
    (re.compile(r"\bgroups_id\b"), "groups_id (res.users.group_ids in Odoo 19)"),
]
XML_TEXT_REMOVED = [
    (re.compile(r"\bgroups_id\b"), "groups_id (res.users.group_ids in Odoo 19)"),
    (re.compile(r"\bcheck_access_rights\b"), "check_access_rights (use check_access/has_access)"),
]
REMOVED_VIEW_ATTRS = ("attrs", "states")
REMOVED_GROUP_FIELDS = {"category_id": "privilege_id", "users": "user_ids"}


def _code_without_comments(path):
    """Python source with comments blanked out (strings stay: a route type is a string)."""
    source = Path(path).read_text(encoding="utf-8")
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return source
    lines = source.splitlines(keepends=True)
    for tok in tokens:
        if tok.type == tokenize.COMMENT:
            row, col = tok.start
            line = lines[row - 1]
            lines[row - 1] = line[:col] + " " * (tok.end[1] - col) + line[tok.end[1] :]
    return "".join(lines)


def check_removed_constructs(addon):
    addon = Path(addon)
    problems = []
    for path in iter_files(addon, [".py"]):
        code = _code_without_comments(path)
        for lineno, line in enumerate(code.splitlines(), 1):
            for regex, label in PY_REMOVED:
                if regex.search(line):
                    problems.append(f"{_rel(path, addon)}:{lineno}: removed in Odoo 19: {label}")
    for path in iter_files(addon, [".xml"]):
        try:
            tree = ET.parse(path)
        except ET.ParseError:
            continue  # check_xml_wellformed reports it
        where = _rel(path, addon)
        for el in tree.iter():
            if not isinstance(el.tag, str):
                continue
            if el.tag == "tree":
                problems.append(f"{where}: removed in Odoo 19: <tree> (use <list>)")
            for attr in REMOVED_VIEW_ATTRS:
                if attr in el.attrib and el.tag not in ("record", "template", "function"):
                    problems.append(f"{where}: removed in Odoo 19: {attr}= on <{el.tag}>")
            if el.tag == "attribute" and el.get("name") in REMOVED_VIEW_ATTRS:
                problems.append(f'{where}: removed in Odoo 19: <attribute name="{el.get("name")}">')
            if el.tag == "record" and el.get("model") == "res.groups":
                for field in el.findall("field"):
                    if field.get("name") in REMOVED_GROUP_FIELDS:
                        problems.append(
                            f"{where}: removed in Odoo 19: res.groups field "
                            f"{field.get('name')!r} (use "
                            f"{REMOVED_GROUP_FIELDS[field.get('name')]!r})"
                        )
            values = [el.get("name", ""), el.get("eval", ""), el.get("t-value", "")]
            values += [v for k, v in el.attrib.items() if k.startswith("t-")]
            values.append(el.text or "")
            for value in values:
                for regex, label in XML_TEXT_REMOVED:
                    if regex.search(value):
                        problems.append(f"{where}: removed in Odoo 19: {label}")
    return sorted(set(problems), key=problems.index)


# --------------------------------------------------------------------------- (f) ACL
MODEL_BASES = {"Model": "model", "TransientModel": "transient", "AbstractModel": "abstract"}


def _base_kind(base):
    name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", None)
    return MODEL_BASES.get(name)


def _const_strings(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [e.value for e in node.elts if isinstance(e, ast.Constant)]
    return []


def defined_models(addon):
    """``{model name: kind}`` for models this addon creates (not mere extensions)."""
    models = {}
    for path in iter_files(addon, [".py"], skip=("tests",)):
        tree = ast.parse(Path(path).read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            kinds = [k for k in map(_base_kind, node.bases) if k]
            if not kinds:
                continue
            attrs = {}
            for stmt in node.body:
                if isinstance(stmt, ast.Assign):
                    for target in stmt.targets:
                        if isinstance(target, ast.Name):
                            attrs[target.id] = stmt.value
            names = _const_strings(attrs["_name"]) if "_name" in attrs else []
            inherits = _const_strings(attrs["_inherit"]) if "_inherit" in attrs else []
            for name in names:
                if name not in inherits:
                    models[name] = kinds[0]
    return models


def model_xmlid(model):
    return "model_" + model.replace(".", "_")


def _local_ref(ref, addon_name):
    """``model_x`` from ``model_x`` or ``<this addon>.model_x``; None for another module."""
    if "." in ref:
        module, local = ref.split(".", 1)
        return local if module == addon_name else None
    return ref


def read_acl(addon):
    path = Path(addon) / "security" / "ir.model.access.csv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def check_acl_coverage(addon):
    addon = Path(addon)
    rows = read_acl(addon)
    covered = {_local_ref(r.get("model_id:id", "").strip(), addon.name) for r in rows}
    problems = []
    for model, kind in sorted(defined_models(addon).items()):
        if kind == "abstract":
            continue
        if model_xmlid(model) not in covered:
            problems.append(
                f"{addon.name}: {kind} {model!r} has no row in security/ir.model.access.csv "
                f"(model_id:id {model_xmlid(model)})"
            )
    return problems


# --------------------------------------------------------------------------- (g) portal
PORTAL_GROUP = "base.group_portal"


def portal_rules(addon):
    """Local model xmlids that carry an ir.rule whose groups include the portal group."""
    addon = Path(addon)
    found = set()
    for path in iter_files(addon, [".xml"]):
        try:
            tree = ET.parse(path)
        except ET.ParseError:
            continue
        for rec in tree.iter("record"):
            if rec.get("model") != "ir.rule":
                continue
            model_ref = groups = None
            for field in rec.findall("field"):
                if field.get("name") == "model_id":
                    model_ref = field.get("ref")
                elif field.get("name") == "groups":
                    groups = (field.get("eval") or "") + (field.text or "")
            if model_ref and groups and PORTAL_GROUP in groups:
                found.add(model_ref)
    return found


def check_portal_rules(addon, all_addons=None):
    """A model the portal may read needs a portal ir.rule (in this addon, or in the addon
    that owns the model if that one is in this repository too)."""
    addon = Path(addon)
    by_name = {Path(a).name: Path(a) for a in (all_addons or [addon])}
    by_name[addon.name] = addon
    problems = []
    for row in read_acl(addon):
        group = row.get("group_id:id", "").strip()
        if group != PORTAL_GROUP or row.get("perm_read", "").strip() not in ("1", "True"):
            continue
        ref = row.get("model_id:id", "").strip()
        module, local = ref.split(".", 1) if "." in ref else (addon.name, ref)
        owners = [addon]
        if module != addon.name:
            if module not in by_name:
                continue  # a core model: its own module carries the portal rules
            owners.append(by_name[module])
        refs = set()
        for owner in owners:
            refs |= {_local_ref(r, owner.name) for r in portal_rules(owner)}
            refs |= {r for r in portal_rules(owner) if r == ref}
        if local not in refs and ref not in refs:
            problems.append(
                f"{addon.name}: ACL row {row.get('id')} lets the portal read {ref} but no "
                f"ir.rule for that model has groups including {PORTAL_GROUP}"
            )
    return problems


# --------------------------------------------------------------------------- (h) i18n
# The labs' languages (issue 8): an addon with terms ships a .po for each.
REQUIRED_LANGUAGES = ("tr", "ru", "zh_CN")
NAMED_RE = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
POSITIONAL_RE = re.compile(r"%(?!\()[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


def _placeholders(text):
    text = text.replace("%%", "")
    return sorted(NAMED_RE.findall(text)), len(POSITIONAL_RE.findall(text))


def check_translations(addon):
    addon = Path(addon)
    i18n = addon / "i18n"
    if not i18n.is_dir() or not any(i18n.glob("*.po*")):
        return []  # nothing to translate yet (git keeps no empty i18n/)
    try:
        import polib
    except ImportError:
        return ["polib is not installed (pip install polib)"]
    problems = []
    pot_path = i18n / f"{addon.name}.pot"
    pot_ids = set()
    if not pot_path.is_file():
        problems.append(f"{addon.name}: i18n/{addon.name}.pot is missing")
    else:
        try:
            pot = polib.pofile(str(pot_path))
            pot_ids = {(e.msgctxt, e.msgid) for e in pot if not e.obsolete}
        except (OSError, ValueError) as exc:
            problems.append(f"{addon.name}: i18n/{pot_path.name} does not parse: {exc}")
    if pot_ids:
        for lang in REQUIRED_LANGUAGES:
            if not (i18n / f"{lang}.po").is_file():
                problems.append(f"{addon.name}: i18n/{lang}.po is missing")
    if (i18n / "en.po").exists():
        problems.append(f"{addon.name}: i18n/en.po must not be committed")
    for po_path in sorted(i18n.glob("*.po")):
        where = f"{addon.name}/i18n/{po_path.name}"
        try:
            po = polib.pofile(str(po_path))
        except (OSError, ValueError) as exc:
            problems.append(f"{where}: does not parse: {exc}")
            continue
        entries = [e for e in po if not e.obsolete]
        po_ids = {(e.msgctxt, e.msgid) for e in entries}
        for _ctxt, msgid in sorted(pot_ids - po_ids, key=lambda k: (k[0] or "", k[1])):
            problems.append(f"{where}: msgid {msgid!r} of the .pot is missing")
        for entry in entries:
            if "fuzzy" in entry.flags:
                problems.append(f"{where}: fuzzy entry {entry.msgid!r}")
            if entry.msgid_plural:
                translations = [v for _k, v in sorted(entry.msgstr_plural.items())]
            else:
                translations = [entry.msgstr]
            if not translations or not all(t.strip() for t in translations):
                problems.append(f"{where}: untranslated entry {entry.msgid!r}")
                continue
            if entry.msgid_plural:
                continue
            check_positional = "python-format" in entry.flags
            want_named, want_pos = _placeholders(entry.msgid)
            have_named, have_pos = _placeholders(entry.msgstr)
            if want_named != have_named or (check_positional and want_pos != have_pos):
                problems.append(
                    f"{where}: placeholders differ for {entry.msgid!r}: "
                    f"{want_named or want_pos} vs {have_named or have_pos} in msgstr"
                )
    return problems


# --------------------------------------------------------------------------- clock in tests
SETUP_METHODS = {"setUp", "setUpClass"}


def _is_now_call(node):
    """``….now()`` or ``….today()`` called without arguments: a reading of the clock."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("now", "today")
        and not node.args
        and not node.keywords
    )


def check_clock_reads_in_tests(addon):
    """A test reads the clock once: two readings can straddle a second (or a day) on a loaded
    machine, and rows built from each then differ at random. Only ``setUp``/``setUpClass`` and
    ``test_*`` methods may read it, each at most once; a helper takes the moment as a value."""
    problems = []
    for path in iter_files(Path(addon) / "tests", [".py"]):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except SyntaxError:
            continue
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            reads = [
                node.lineno
                for node in ast.walk(func)
                if _is_now_call(node)
                and not any(
                    isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef)
                    and inner is not func
                    and node in ast.walk(inner)
                    for inner in ast.walk(func)
                )
            ]
            if not reads:
                continue
            where = f"{_rel(path, addon)}:{reads[0]}"
            if func.name not in SETUP_METHODS and not func.name.startswith("test"):
                problems.append(f"{where}: helper {func.name}() reads the clock; give it the time")
            elif len(reads) > 1:
                problems.append(f"{where}: {func.name}() reads the clock {len(reads)} times")
    return problems
