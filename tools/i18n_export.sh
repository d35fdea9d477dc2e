#!/usr/bin/env bash
# Regenerate <addon>/i18n/<addon>.pot from the code with a real Odoo 19, then bring tr.po,
# ru.po and zh_CN.po in line with it (tools/i18n_merge.sh, GNU msgmerge: translations kept, new terms
# added empty, obsolete ones dropped). Then `python3 tools/i18n_missing.py` lists what a
# translator still has to do.
#
#   tools/i18n_export.sh [ADDON ...]     (default: every addon of the repository)
#
# The addons are installed WITHOUT demo data (demo records must not become terms) into a
# throwaway database, dropped at the end: $LAB_I18N_DB (default lab_i18n_pot; set
# LAB_I18N_KEEP=1 to keep it). PostgreSQL: as for `make test` (PGHOST/PGPORT/PGUSER, else
# localhost:5432, else a local cluster in .local/pgdata), see tools/_pg.sh.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tools/_pg.sh
source "$HERE/_pg.sh"
cd "$LAB_REPO_ROOT" || exit 2

DB="${LAB_I18N_DB:-lab_i18n_pot}"

lab_odoo_check || exit 1
"$LAB_PY" -c 'import polib' 2>/dev/null || {
    echo "polib is not installed (pip install polib)" >&2
    exit 1
}

ALL=()
while read -r a; do ALL+=("$a"); done < <(lab_repo_addons)
if [ $# -gt 0 ]; then
    ADDONS=()
    for a in "$@"; do
        a=$(basename "$a")
        [ -f "$a/__manifest__.py" ] || {
            echo "$a is not an addon of this repository" >&2
            exit 2
        }
        ADDONS+=("$a")
    done
else
    ADDONS=("${ALL[@]}")
fi
# Install every repo addon: an addon's terms can come from a view another one extends.
LIST=$(IFS=,; echo "${ALL[*]}")

lab_pg_start || exit 1
TMP=$(mktemp -d)
cleanup() {
    if [ "${LAB_I18N_KEEP:-}" != 1 ]; then
        dropdb --if-exists "$DB" >/dev/null 2>&1 || lab_log "could not drop database $DB"
        rm -rf "$LAB_LOCAL/data/filestore/$DB"
    fi
    rm -rf "$TMP"
    lab_pg_stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM

CFG="$TMP/odoo.cfg"
LOG="$LAB_LOCAL/logs/i18n-export.log"
mkdir -p "$LAB_LOCAL/logs"
lab_odoo_config "$CFG" "$DB" False

dropdb --if-exists "$DB" >/dev/null 2>&1
echo "== installing $LIST into $DB (no demo data); log: ${LOG#"$LAB_REPO_ROOT"/}"
if ! (cd / && "$LAB_PY" -m odoo -c "$CFG" -d "$DB" -i "$LIST" --stop-after-init \
    --log-level=warn) >"$LOG" 2>&1; then
    grep -E "ERROR|CRITICAL|Traceback" -A3 "$LOG" | tail -40
    echo "installation failed, see $LOG" >&2
    exit 1
fi

STATUS=0
for a in "${ADDONS[@]}"; do
    mkdir -p "$a/i18n"
    echo "== $a: exporting i18n/$a.pot"
    if ! (cd / && "$LAB_PY" -m odoo i18n export -c "$CFG" -d "$DB" "$a" \
        -o "$LAB_REPO_ROOT/$a/i18n/$a.pot") >>"$LOG" 2>&1; then
        tail -20 "$LOG"
        echo "export of $a failed" >&2
        STATUS=1
        continue
    fi
    bash "$HERE/i18n_merge.sh" "$LAB_REPO_ROOT/$a" || STATUS=1
done

echo "== still to translate:"
"$LAB_PY" "$HERE/i18n_missing.py" --count "${ADDONS[@]}"
exit $STATUS
