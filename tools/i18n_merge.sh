#!/usr/bin/env bash
# Bring each addon's tr.po, ru.po and zh_CN.po in line with its .pot, with GNU gettext:
# msgmerge keeps the translation a .po has for the same (msgctxt, msgid), brings new terms in
# empty and takes references and comments from the .pot; msgattrib drops the terms the .pot
# no longer has; msginit starts a language that has no .po yet (its Plural-Forms included).
# Fuzzy matching is off, so a translator sees exactly what is missing (tools/i18n_missing.py).
#
#   bash tools/i18n_merge.sh [ADDON_DIR ...]     (default: every addon of the repository)
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
LANGS=(tr ru zh_CN)
WIDTH=78 # as Odoo writes its .po files
for tool in msgmerge msgattrib msginit; do
    command -v "$tool" >/dev/null || { echo "$tool not found (Debian package gettext)" >&2; exit 2; }
done
if [ $# -eq 0 ]; then
    mapfile -t ADDONS < <(for m in "$ROOT"/*/__manifest__.py; do dirname "$m"; done)
else
    ADDONS=("$@")
fi
STATUS=0
for addon in "${ADDONS[@]}"; do
    name="$(basename "$addon")"
    pot="$addon/i18n/$name.pot"
    [ -f "$pot" ] || { echo "$pot: no template" >&2; STATUS=1; continue; }
    for lang in "${LANGS[@]}"; do
        po="$addon/i18n/$lang.po"
        if [ -f "$po" ]; then
            msgmerge --quiet --no-fuzzy-matching --width=$WIDTH --update --backup=none "$po" "$pot" \
                && msgattrib --no-obsolete --width=$WIDTH --output-file="$po" "$po" || STATUS=1
        else
            msginit --no-translator --no-wrap --locale="$lang" --input="$pot" --output-file="$po" \
                2>/dev/null && msgattrib --width=$WIDTH --output-file="$po" "$po" || STATUS=1
            # gettext's plural table has no entry for Chinese, which has one form
            sed -i 's/^"Plural-Forms: \\n"$/"Plural-Forms: nplurals=1; plural=0;\\n"/' "$po"
        fi
    done
done
exit $STATUS
