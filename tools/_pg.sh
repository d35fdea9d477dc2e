# shellcheck shell=bash
# Shared by tools/run_tests.sh and tools/demo.sh (source it, do not run it).
#
# lab_pg_start   finds a PostgreSQL server the current environment can use, or starts a
#                throwaway cluster in .local/pgdata (port 55432, unix socket under .local/);
#                exports PGHOST PGPORT PGUSER (and PGPASSWORD if given) for Odoo and psql.
# lab_pg_stop    stops the cluster again if lab_pg_start started it (call it from a trap).
# lab_odoo_check prints one line and returns 1 when python3 cannot import Odoo 19.
# lab_odoo_addons_path  repo root plus every odoo/addons dir of this python3 (core, OCA wheels).
# lab_repo_addons       the repo's addons (repo-root folders with __manifest__.py), in
#                       dependency order: lab_customer_service first, the bridge
#                       lab_complaints_retention after the two addons it joins.
# parse_counts LOG      PASSED FAILED SKIPPED from pytest's closing line in LOG.

LAB_REPO_ROOT="${LAB_REPO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
LAB_LOCAL="${LAB_LOCAL:-$LAB_REPO_ROOT/.local}"
LAB_PG_PORT="${LAB_PG_PORT:-55432}"
LAB_PG_OS_USER="${LAB_PG_OS_USER:-odoo_pg}"
LAB_PG_STARTED=""
LAB_PY="${PYTHON:-python3}"

lab_log() { echo "[lab] $*" >&2; }

lab_odoo_check() {
    local out
    if ! out=$(cd "$(mktemp -d)" && "$LAB_PY" -c \
        'import odoo.release as r; assert r.version_info[0] == 19, r.version; print(r.version)' \
        2>/dev/null); then
        echo "Odoo 19 is not importable in this python3; see README (Prerequisites)"
        return 1
    fi
    LAB_ODOO_VERSION="$out"
}

lab_odoo_addons_path() {
    local dirs
    dirs=$(cd "$(mktemp -d)" && "$LAB_PY" - <<'PY'
import os

import odoo
import odoo.addons

seen = []
for path in list(odoo.addons.__path__) + [os.path.join(p, "addons") for p in odoo.__path__]:
    path = os.path.realpath(path)
    if os.path.isdir(path) and path not in seen:
        seen.append(path)
print(",".join(seen))
PY
)
    echo "$LAB_REPO_ROOT,$dirs"
}

lab_repo_addons() {
    local order=(lab_customer_service lab_confidentiality lab_complaints lab_complaints_retention)
    local name d
    for name in "${order[@]}"; do
        [ -f "$LAB_REPO_ROOT/$name/__manifest__.py" ] && echo "$name"
    done
    for d in "$LAB_REPO_ROOT"/*/__manifest__.py; do
        [ -f "$d" ] || continue
        name=$(basename "$(dirname "$d")")
        case " ${order[*]} " in *" $name "*) ;; *) echo "$name" ;; esac
    done
}

_lab_pg_path() {
    command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$bin" ] && export PATH="$PATH:$bin"
    command -v initdb >/dev/null 2>&1
}

# Can we log in and list databases with the current PG* settings?
_lab_pg_usable() {
    command -v psql >/dev/null 2>&1 || return 1
    psql -d postgres -tAc 'select 1' >/dev/null 2>&1
}

# Run a command as the OS user that owns the local cluster.
_lab_as_pg() {
    if [ "$(id -u)" = 0 ]; then
        (cd / && runuser -u "$LAB_PG_OS_USER" -- "$@")
    else
        "$@"
    fi
}

lab_pg_start() {
    _lab_pg_path || true
    # 1. a server named by the environment
    if [ -n "${PGHOST:-}${PGPORT:-}" ]; then
        export PGUSER="${PGUSER:-${USER:-$(id -un)}}"
        if pg_isready -q -h "${PGHOST:-localhost}" -p "${PGPORT:-5432}" 2>/dev/null \
            && PGHOST="${PGHOST:-localhost}" PGPORT="${PGPORT:-5432}" _lab_pg_usable; then
            export PGHOST="${PGHOST:-localhost}" PGPORT="${PGPORT:-5432}"
            lab_log "PostgreSQL: using $PGUSER@$PGHOST:$PGPORT from the environment"
            return 0
        fi
        lab_log "PostgreSQL at ${PGHOST:-localhost}:${PGPORT:-5432} (from PGHOST/PGPORT) is not usable"
    fi
    # 2. a server on localhost:5432 that lets us in
    if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h localhost -p 5432 2>/dev/null; then
        if PGHOST=localhost PGPORT=5432 PGUSER="${PGUSER:-$(id -un)}" _lab_pg_usable; then
            export PGHOST=localhost PGPORT=5432 PGUSER="${PGUSER:-$(id -un)}"
            lab_log "PostgreSQL: using $PGUSER@localhost:5432"
            return 0
        fi
        lab_log "PostgreSQL on localhost:5432 does not let $(id -un) in; starting a local cluster"
    fi
    # 3. our own cluster, as a non-root OS user when we are root
    if ! command -v initdb >/dev/null 2>&1; then
        lab_log "PostgreSQL binaries (initdb, pg_ctl) not found: apt-get install postgresql"
        return 1
    fi
    if [ "$(id -u)" = 0 ]; then
        id -u "$LAB_PG_OS_USER" >/dev/null 2>&1 \
            || useradd --system --no-create-home --shell /usr/sbin/nologin "$LAB_PG_OS_USER" \
            || { lab_log "cannot create OS user $LAB_PG_OS_USER"; return 1; }
    fi
    mkdir -p "$LAB_LOCAL"
    local pgdata="$LAB_LOCAL/pgdata" sock="$LAB_LOCAL/pgsock"
    # The cluster's owner must reach these folders; a clone under /root is closed to it.
    if [ "$(id -u)" = 0 ] && ! runuser -u "$LAB_PG_OS_USER" -- test -x "$LAB_LOCAL"; then
        local alt="/tmp/lab_pg_$(echo "$LAB_REPO_ROOT" | md5sum | cut -c1-8)"
        lab_log "$LAB_LOCAL is not reachable by $LAB_PG_OS_USER; using $alt instead"
        pgdata="$alt/pgdata" sock="$alt/pgsock"
        mkdir -p "$alt" && chmod 755 "$alt"
    fi
    mkdir -p "$sock"
    if [ "$(id -u)" = 0 ]; then
        chown "$LAB_PG_OS_USER" "$sock"
        [ -d "$pgdata" ] && chown -R "$LAB_PG_OS_USER" "$pgdata"
    fi
    if [ ! -s "$pgdata/PG_VERSION" ]; then
        mkdir -p "$pgdata" && chmod 700 "$pgdata"
        [ "$(id -u)" = 0 ] && chown "$LAB_PG_OS_USER" "$pgdata"
        lab_log "PostgreSQL: initdb $pgdata"
        _lab_as_pg initdb -D "$pgdata" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 \
            >"$LAB_LOCAL/initdb.log" 2>&1 \
            || _lab_as_pg initdb -D "$pgdata" -U odoo --auth=trust -E UTF8 --locale=C \
                >"$LAB_LOCAL/initdb.log" 2>&1 \
            || { lab_log "initdb failed, see $LAB_LOCAL/initdb.log"; return 1; }
    fi
    export PGHOST="$sock" PGPORT="$LAB_PG_PORT" PGUSER=odoo
    unset PGPASSWORD
    if _lab_as_pg pg_ctl -D "$pgdata" status >/dev/null 2>&1; then
        lab_log "PostgreSQL: reusing the local cluster already running on $sock:$PGPORT"
        return 0
    fi
    lab_log "PostgreSQL: starting a local cluster on $sock (port $PGPORT)"
    if ! _lab_as_pg pg_ctl -D "$pgdata" -w -t 60 -l "$pgdata/server.log" \
        -o "-k $sock -p $LAB_PG_PORT -c listen_addresses='' -c fsync=off" start >/dev/null; then
        lab_log "PostgreSQL failed to start; see $pgdata/server.log"
        return 1
    fi
    LAB_PG_STARTED="$pgdata"
}

lab_pg_stop() {
    if [ -n "$LAB_PG_STARTED" ]; then
        lab_log "PostgreSQL: stopping the local cluster"
        _lab_as_pg pg_ctl -D "$LAB_PG_STARTED" -m fast -w stop >/dev/null 2>&1 || true
        LAB_PG_STARTED=""
    fi
}

# Write an Odoo config file: lab_odoo_config FILE DBNAME WITH_DEMO(True|False) [extra lines]
lab_odoo_config() {
    local file="$1" db="$2" demo="$3"
    shift 3
    mkdir -p "$LAB_LOCAL/data"
    {
        echo "[options]"
        echo "addons_path = $(lab_odoo_addons_path)"
        echo "data_dir = $LAB_LOCAL/data"
        echo "db_host = $PGHOST"
        echo "db_port = $PGPORT"
        echo "db_user = $PGUSER"
        [ -n "${PGPASSWORD:-}" ] && echo "db_password = $PGPASSWORD"
        echo "db_name = $db"
        echo "dbfilter = ^$db\$"
        echo "list_db = False"
        echo "with_demo = $demo"
        echo "http_interface = 127.0.0.1"
        echo "workers = 0"
        echo "max_cron_threads = 0"
        for line in "$@"; do echo "$line"; done
    } >"$file"
}

# Counts from pytest's closing line ("2 failed, 5 passed, 1 skipped, 3 subtests passed in
# 5.4s"); errors count as failed, subtest lines are not tests.
parse_counts() {
    local line
    line=$(grep -E '^=*.*\b[0-9]+ (passed|failed|skipped|errors?|xfailed|xpassed|deselected)\b' \
        "$1" | grep -E ' in [0-9.]+s' | tail -1)
    PASSED=0 FAILED=0 SKIPPED=0
    local n word
    while read -r n word; do
        case "$word" in
        passed | xpassed) PASSED=$((PASSED + n)) ;;
        failed | error | errors) FAILED=$((FAILED + n)) ;;
        skipped | xfailed) SKIPPED=$((SKIPPED + n)) ;;
        esac
    done < <(echo "$line" | grep -oE '(^|[ =,])[0-9]+ (passed|failed|skipped|errors?|xfailed|xpassed)' \
        | sed -E 's/^[ =,]//')
}
