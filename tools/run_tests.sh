#!/usr/bin/env bash
# The test command (`make test`). Two tiers:
#   static tier  python3 -m pytest tests/ -q  (no Odoo: linters, manifests, XML, ACL, i18n)
#   odoo tier    only when python3 can import Odoo 19: install the repo's addons into a
#                throwaway database (no demo data) and run every addon's tests/ with
#                pytest-odoo, HTTP server on, so HttpCase tours run in Chromium.
# Prints one summary line per tier (at the end, together) and, last, the totals: "N passed, N failed, N skipped".
# Exits non-zero if a tier fails or a tier that ran executed no test.
#
# Environment: PGHOST/PGPORT/PGUSER/PGPASSWORD to use a given PostgreSQL (else localhost:5432
# if it lets us in, else a local cluster in .local/pgdata on port 55432);
# LAB_TIERS="static odoo" to pick tiers; LAB_PYTEST_ARGS for extra pytest arguments.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tools/_pg.sh
source "$HERE/_pg.sh"
cd "$LAB_REPO_ROOT" || exit 2

TIERS="${LAB_TIERS:-static odoo}"
TOTAL_PASSED=0 TOTAL_FAILED=0 TOTAL_SKIPPED=0
STATUS=0
SUMMARIES=()

# finish_tier NAME PYTEST_RC LOG
finish_tier() {
    local name="$1" rc="$2" log="$3"
    parse_counts "$log"
    if [ "$rc" -ne 0 ] && [ "$FAILED" -eq 0 ]; then
        FAILED=1 # pytest itself failed (collection error, no test ran, crash)
    fi
    if [ $((PASSED + FAILED)) -eq 0 ]; then
        echo "$name tier ran no test (pytest exit $rc)" >&2
        FAILED=$((FAILED > 0 ? FAILED : 1))
    fi
    [ "$FAILED" -eq 0 ] || STATUS=1
    TOTAL_PASSED=$((TOTAL_PASSED + PASSED))
    TOTAL_FAILED=$((TOTAL_FAILED + FAILED))
    TOTAL_SKIPPED=$((TOTAL_SKIPPED + SKIPPED))
    SUMMARIES+=("$name tier: $PASSED passed, $FAILED failed, $SKIPPED skipped")
}

LOGDIR="$LAB_LOCAL/logs"
mkdir -p "$LOGDIR"

# ---------------------------------------------------------------- static tier
if [[ " $TIERS " == *" static "* ]]; then
    echo "== static tier: python3 -m pytest tests/ -q"
    # shellcheck disable=SC2086
    "$LAB_PY" -m pytest tests/ -q -rfEs ${LAB_PYTEST_ARGS:-} 2>&1 | tee "$LOGDIR/static.log"
    finish_tier static "${PIPESTATUS[0]}" "$LOGDIR/static.log"
fi

# ---------------------------------------------------------------- odoo tier
ODOO_DB=""
ODOO_TMP=""
cleanup_odoo() {
    if [ -n "$ODOO_DB" ]; then
        dropdb --if-exists "$ODOO_DB" >/dev/null 2>&1 \
            || lab_log "could not drop database $ODOO_DB"
        rm -rf "$LAB_LOCAL/data/filestore/$ODOO_DB"
        ODOO_DB=""
    fi
    [ -n "$ODOO_TMP" ] && rm -rf "$ODOO_TMP"
    ODOO_TMP=""
    lab_pg_stop
}
trap cleanup_odoo EXIT
trap 'cleanup_odoo; exit 130' INT TERM

odoo_tier() {
    if ! lab_odoo_check >"$LOGDIR/odoo-check.txt"; then
        SUMMARIES+=("odoo tier: not run (python3 cannot import odoo)")
        echo "== odoo tier skipped: $(cat "$LOGDIR/odoo-check.txt")"
        return 0
    fi
    local addons=() a
    while read -r a; do addons+=("$a"); done < <(lab_repo_addons)
    if [ ${#addons[@]} -eq 0 ]; then
        SUMMARIES+=("odoo tier: not run (no addon in the repository)")
        return 0
    fi
    echo "== odoo tier: Odoo $LAB_ODOO_VERSION, addons: ${addons[*]}"
    if ! lab_pg_start; then
        SUMMARIES+=("odoo tier: 0 passed, 1 failed, 0 skipped (no PostgreSQL)")
        TOTAL_FAILED=$((TOTAL_FAILED + 1))
        STATUS=1
        return 0
    fi
    ODOO_TMP=$(mktemp -d)
    ODOO_DB="lab_test_$$"
    local cfg="$ODOO_TMP/odoo.cfg" list
    list=$(IFS=,; echo "${addons[*]}")
    lab_odoo_config "$cfg" "$ODOO_DB" False
    dropdb --if-exists "$ODOO_DB" >/dev/null 2>&1
    echo "== installing $list into $ODOO_DB (no demo data); log: .local/logs/odoo-install.log"
    "$LAB_PY" -m odoo -c "$cfg" -d "$ODOO_DB" -i "$list" --stop-after-init \
        --log-level=warn >"$LOGDIR/odoo-install.log" 2>&1
    local rc=$? missing
    missing=$(psql -d "$ODOO_DB" -tAc "select name from ir_module_module
        where name in ('$(echo "$list" | sed "s/,/','/g")') and state != 'installed'" 2>&1)
    if [ $rc -ne 0 ] || [ -n "$missing" ]; then
        grep -E "ERROR|CRITICAL|Traceback|Error" -A3 "$LOGDIR/odoo-install.log" | tail -60
        echo "installation failed (exit $rc; not installed: ${missing:-?})" >&2
        SUMMARIES+=("odoo tier: 0 passed, 1 failed, 0 skipped (installation failed)")
        TOTAL_FAILED=$((TOTAL_FAILED + 1))
        STATUS=1
        return 0
    fi
    local dirs=()
    for a in "${addons[@]}"; do
        if [ -d "$a/tests" ]; then
            dirs+=("$a/tests")
        else
            echo "   $a has no tests/ folder yet: skipped"
        fi
    done
    if [ ${#dirs[@]} -eq 0 ]; then
        SUMMARIES+=("odoo tier: not run (installed fine; no addon has tests/ yet)")
        return 0
    fi
    echo "== pytest-odoo: ${dirs[*]}"
    # -o addopts= drops setup.cfg's "-p no:odoo", which keeps pytest-odoo out of the
    # static tier only.
    # shellcheck disable=SC2086
    "$LAB_PY" -m pytest -o addopts= -p no:cacheprovider -q -rfEs \
        --odoo-config="$cfg" --odoo-database="$ODOO_DB" --odoo-http \
        --odoo-log-level="${LAB_ODOO_LOG_LEVEL:-error}" ${LAB_PYTEST_ARGS:-} \
        "${dirs[@]}" 2>&1 | tee "$LOGDIR/odoo.log"
    finish_tier odoo "${PIPESTATUS[0]}" "$LOGDIR/odoo.log"
}

if [[ " $TIERS " == *" odoo "* ]]; then
    odoo_tier
    cleanup_odoo
fi

echo
echo "== summary"
for s in "${SUMMARIES[@]}"; do echo "$s"; done
echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed, $TOTAL_SKIPPED skipped"
exit $STATUS
