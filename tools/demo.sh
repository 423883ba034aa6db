#!/usr/bin/env bash
# make demo: rebuild database channel_demo (Odoo's demo data + our three addons
# with theirs), run our scheduled actions once, print a summary, and serve the web
# client on http://localhost:8069 (admin / admin). --no-serve stops after setup.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$REPO_DIR/tools/bootstrap.sh"
source "$REPO_DIR/tools/db.sh"

echo "building $DEMO_DB"
copy_db "$DEMO_DB" >/dev/null
odoo_checked -d "$DEMO_DB" -i "$ADDONS" || die "installing our addons into $DEMO_DB failed (log above)."
run_crons "$DEMO_DB"

[ "${1:-}" = --no-serve ] && exit 0
port=${HTTP_PORT:-8069}
echo "serving http://localhost:$port (login admin / admin); Ctrl-C stops"
exec "$PY" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$DEMO_DB" --db-filter="^$DEMO_DB\$" \
  --http-port="$port" --log-level=info
