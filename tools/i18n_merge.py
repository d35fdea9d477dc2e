#!/usr/bin/env python3
"""Bring each addon's ``tr.po``, ``ru.po`` and ``zh_CN.po`` in line with its ``.pot``.

What ``msgmerge --no-fuzzy-matching`` does, with polib: an entry of the .pot keeps the
translation the .po already has for the same (msgctxt, msgid); a new entry comes in with an
empty msgstr; an entry the .pot no longer has is dropped. References, comments and flags are
taken from the .pot. So after a merge a translator sees exactly what is missing
(``tools/i18n_missing.py`` lists it).

    python3 tools/i18n_merge.py [ADDON ...]      (default: every addon of the repository)
"""

import argparse
import sys
from pathlib import Path

import polib

REPO_ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = {
    # file stem: (Language header, Plural-Forms header)
    "tr": ("tr", "nplurals=2; plural=(n > 1);"),
    "ru": (
        "ru",
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);",
    ),
    "zh_CN": ("zh_CN", "nplurals=1; plural=0;"),
}
WRAP = 78


def repo_addons(root=REPO_ROOT):
    return sorted(p.name for p in Path(root).iterdir() if (p / "__manifest__.py").is_file())


def _key(entry):
    return (entry.msgctxt, entry.msgid)


def merge(pot, old, lang):
    """A new POFile: the entries of ``pot`` with the translations ``old`` had."""
    language, plural_forms = LANGUAGES[lang]
    known = {_key(e): e for e in old if not e.obsolete} if old is not None else {}
    po = polib.POFile(wrapwidth=WRAP)
    po.metadata = dict(pot.metadata)
    if old is not None:
        for name in ("Last-Translator", "Language-Team", "PO-Revision-Date"):
            if old.metadata.get(name):
                po.metadata[name] = old.metadata[name]
    po.metadata["Language"] = language
    po.metadata["Plural-Forms"] = plural_forms
    po.metadata["MIME-Version"] = "1.0"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.metadata["Content-Transfer-Encoding"] = "8bit"
    po.header = pot.header
    kept = added = 0
    for src in pot:
        if src.obsolete:
            continue
        entry = polib.POEntry(
            msgctxt=src.msgctxt,
            msgid=src.msgid,
            msgid_plural=src.msgid_plural,
            comment=src.comment,
            tcomment=src.tcomment,
            occurrences=list(src.occurrences),
            flags=[f for f in src.flags if f != "fuzzy"],
        )
        prev = known.get(_key(src))
        if src.msgid_plural:
            entry.msgstr_plural = dict(prev.msgstr_plural) if prev is not None else {0: "", 1: ""}
        else:
            entry.msgstr = prev.msgstr if prev is not None else ""
        if prev is not None and prev.tcomment and not src.tcomment:
            entry.tcomment = prev.tcomment
        kept += prev is not None
        added += prev is None
        po.append(entry)
    dropped = len(set(known) - {_key(e) for e in pot})
    return po, kept, added, dropped


def merge_addon(addon_dir, langs=tuple(LANGUAGES)):
    addon_dir = Path(addon_dir)
    i18n = addon_dir / "i18n"
    pot_path = i18n / f"{addon_dir.name}.pot"
    if not pot_path.is_file():
        print(f"{addon_dir.name}: no i18n/{pot_path.name}; run tools/i18n_export.sh first")
        return 1
    pot = polib.pofile(str(pot_path), wrapwidth=WRAP)
    for lang in langs:
        po_path = i18n / f"{lang}.po"
        old = polib.pofile(str(po_path)) if po_path.is_file() else None
        po, kept, added, dropped = merge(pot, old, lang)
        po.save(str(po_path))
        print(
            f"{addon_dir.name}/i18n/{lang}.po: {kept} kept, {added} new (untranslated), "
            f"{dropped} obsolete dropped"
        )
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("addons", nargs="*", help="addon folders (default: all)")
    parser.add_argument("-l", "--lang", action="append", choices=sorted(LANGUAGES))
    args = parser.parse_args(argv)
    addons = args.addons or repo_addons()
    rc = 0
    for name in addons:
        rc |= merge_addon(REPO_ROOT / Path(name).name, tuple(args.lang or LANGUAGES))
    return rc


if __name__ == "__main__":
    sys.exit(main())
