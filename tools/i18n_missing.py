#!/usr/bin/env python3
"""Print, per addon and language, the terms of the .pot that have no translation yet.

An entry counts as missing when the .po lacks it, or has it empty or fuzzy. Exit status 1
when anything is missing, so it can gate a script.

    python3 tools/i18n_missing.py [ADDON ...] [-l tr -l ru -l zh_CN] [--count]
"""

import argparse
import sys
from pathlib import Path

import polib

REPO_ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("tr", "ru", "zh_CN")


def repo_addons(root=REPO_ROOT):
    return sorted(p.name for p in Path(root).iterdir() if (p / "__manifest__.py").is_file())


def _translated(entry):
    if "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        values = list(entry.msgstr_plural.values())
        return bool(values) and all(v.strip() for v in values)
    return bool(entry.msgstr.strip())


def missing_terms(addon_dir, lang):
    """Entries of the addon's .pot that ``<lang>.po`` does not translate (pot entries)."""
    addon_dir = Path(addon_dir)
    pot_path = addon_dir / "i18n" / f"{addon_dir.name}.pot"
    if not pot_path.is_file():
        return None
    pot = polib.pofile(str(pot_path))
    po_path = addon_dir / "i18n" / f"{lang}.po"
    done = set()
    if po_path.is_file():
        done = {(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path)) if _translated(e)}
    return [e for e in pot if not e.obsolete and (e.msgctxt, e.msgid) not in done]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("addons", nargs="*", help="addon folders (default: all)")
    parser.add_argument("-l", "--lang", action="append", choices=LANGUAGES)
    parser.add_argument("--count", action="store_true", help="only the counts")
    args = parser.parse_args(argv)
    total = 0
    for name in args.addons or repo_addons():
        addon_dir = REPO_ROOT / Path(name).name
        for lang in args.lang or LANGUAGES:
            entries = missing_terms(addon_dir, lang)
            if entries is None:
                print(f"== {addon_dir.name}: no .pot (run tools/i18n_export.sh)")
                break
            total += len(entries)
            print(f"== {addon_dir.name} [{lang}]: {len(entries)} untranslated")
            if args.count:
                continue
            for entry in entries:
                where = ", ".join(sorted({o[0] for o in entry.occurrences}))[:100]
                print(f"  {entry.msgid!r}" + (f"    # {where}" if where else ""))
    print(f"total untranslated: {total}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
