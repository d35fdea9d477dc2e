#!/usr/bin/env bash
# The demo command (`make demo`): a database "lab_demo" with the repo's addons and their
# demo data, served on http://127.0.0.1:8069 until Ctrl-C.
#   tools/demo.sh           drop and recreate lab_demo, install, serve
#   tools/demo.sh --reuse   serve an existing lab_demo as it is (updates nothing)
#   tools/demo.sh --reset   same as no option: drop and recreate (kept for habit)
# PostgreSQL: PGHOST/PGPORT/PGUSER/PGPASSWORD, else localhost:5432 if it lets us in, else a
# local cluster in .local/pgdata (port 55432), stopped again when the demo stops.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tools/_pg.sh
source "$HERE/_pg.sh"
cd "$LAB_REPO_ROOT" || exit 2

MODE=reset
case "${1:-}" in
"" | --reset) MODE=reset ;;
--reuse) MODE=reuse ;;
-h | --help)
    sed -n '2,8p' "$0"
    exit 0
    ;;
*)
    echo "usage: tools/demo.sh [--reset|--reuse]" >&2
    exit 2
    ;;
esac

DB="${LAB_DEMO_DB:-lab_demo}"
PORT="${LAB_DEMO_PORT:-8069}"

lab_odoo_check || exit 1

ADDONS=()
while read -r a; do ADDONS+=("$a"); done < <(lab_repo_addons)
if [ ${#ADDONS[@]} -eq 0 ]; then
    echo "No addon in the repository yet: nothing to demo."
    exit 1
fi
LIST=$(IFS=,; echo "${ADDONS[*]}")

# Report signing (issue 20) runs pyHanko from a virtualenv of its own
if signer=$(bash "$HERE/install_pdf_signer.sh"); then
    export LAB_PDF_SIGNER_PYTHON="$signer"
else
    echo "The PDF signer could not be installed: released reports cannot be signed."
fi

lab_pg_start || exit 1
trap lab_pg_stop EXIT
trap 'exit 130' INT TERM

CFG="$LAB_LOCAL/odoo-demo.cfg"
mkdir -p "$LAB_LOCAL/logs"
lab_odoo_config "$CFG" "$DB" True "http_port = $PORT" "proxy_mode = False"

exists=$(psql -d postgres -tAc "select 1 from pg_database where datname = '$DB'")
if [ "$MODE" = reuse ] && [ "$exists" = 1 ]; then
    echo "Reusing database $DB."
else
    if [ "$exists" = 1 ]; then
        echo "Dropping database $DB."
        dropdb "$DB" || exit 1
        rm -rf "$LAB_LOCAL/data/filestore/$DB"
    fi
    echo "Installing $LIST with demo data into $DB (log: .local/logs/odoo-demo-install.log) ..."
    if ! "$LAB_PY" -m odoo -c "$CFG" -d "$DB" -i "$LIST" --stop-after-init --log-level=warn \
        >"$LAB_LOCAL/logs/odoo-demo-install.log" 2>&1; then
        grep -E "ERROR|CRITICAL" -A5 "$LAB_LOCAL/logs/odoo-demo-install.log" | tail -40
        echo "Installation failed; see .local/logs/odoo-demo-install.log"
        exit 1
    fi
fi

echo
if [ -f lab_customer_service/demo/LOGINS.txt ]; then
    echo "Demo logins:"
    cat lab_customer_service/demo/LOGINS.txt
else
    echo "Demo login: admin / admin"
fi
echo
echo "Serving $DB on http://127.0.0.1:$PORT (Ctrl-C to stop)"
"$LAB_PY" -m odoo -c "$CFG" -d "$DB"
