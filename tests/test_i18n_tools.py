"""The translation tooling: tools/i18n_merge.sh (GNU msgmerge) keeps translations, adds new
terms empty and drops obsolete ones; tools/i18n_missing.py lists exactly the terms left to
translate."""

import importlib.util
import shutil
import subprocess

import pytest
from conftest import require_tool
from lab_checks import REPO_ROOT

POT = """
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: \\n"

#. module: lab_x
#: model:ir.model.fields,field_description:lab_x.field_lab_thing__name
msgid "Name"
msgstr ""

#. module: lab_x
#: model:ir.model.fields,field_description:lab_x.field_lab_thing__code
msgid "Registration Code"
msgstr ""
"""

OLD_PO = """
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: tr\\n"

msgid "Name"
msgstr "Ad"

msgid "Gone Term"
msgstr "Eski"
"""


def _load(name):
    spec = importlib.util.spec_from_file_location(name, REPO_ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _merge(addon):
    require_tool(shutil.which("msgmerge"), "gettext (msgmerge)")
    res = subprocess.run(
        ["bash", REPO_ROOT / "tools" / "i18n_merge.sh", addon], capture_output=True, text=True
    )
    assert res.returncode == 0, res.stderr


@pytest.fixture
def i18n_addon(tmp_path):
    try:
        import polib  # noqa: F401
    except ImportError:
        require_tool(None, "polib")
    addon = tmp_path / "lab_x"
    (addon / "i18n").mkdir(parents=True)
    (addon / "__manifest__.py").write_text("{}")
    (addon / "i18n" / "lab_x.pot").write_text(POT, encoding="utf-8")
    (addon / "i18n" / "tr.po").write_text(OLD_PO, encoding="utf-8")
    return addon


def test_merge_keeps_adds_and_drops(i18n_addon):
    import polib

    _merge(i18n_addon)
    tr = {e.msgid: e.msgstr for e in polib.pofile(str(i18n_addon / "i18n" / "tr.po"))}
    assert tr == {"Name": "Ad", "Registration Code": ""}
    for lang in ("ru", "zh_CN"):
        po = polib.pofile(str(i18n_addon / "i18n" / f"{lang}.po"))
        assert {e.msgid: e.msgstr for e in po} == {"Name": "", "Registration Code": ""}
        assert po.metadata["Language"] == lang
        assert "nplurals" in po.metadata["Plural-Forms"]
    entry = polib.pofile(str(i18n_addon / "i18n" / "tr.po")).find("Registration Code")
    assert entry.occurrences, "references are taken from the .pot"


def test_missing_lists_untranslated_terms(i18n_addon):
    missing = _load("i18n_missing")
    _merge(i18n_addon)
    assert [e.msgid for e in missing.missing_terms(i18n_addon, "tr")] == ["Registration Code"]
    assert len(missing.missing_terms(i18n_addon, "zh_CN")) == 2


@pytest.mark.parametrize("script", ["i18n_export.sh", "i18n_merge.sh"])
def test_scripts_parse(script):
    res = subprocess.run(
        ["bash", "-n", REPO_ROOT / "tools" / script], capture_output=True, text=True
    )
    assert res.returncode == 0, res.stderr
