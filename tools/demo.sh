#!/usr/bin/env bash
# make demo: rebuild database channel_demo (Odoo's demo data + our three addons
# with theirs) as a Chinese company, run our scheduled actions once, print a
# summary with every login, and serve the web client on http://localhost:8069.
# --no-serve stops after setup.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$REPO_DIR/tools/bootstrap.sh"
source "$REPO_DIR/tools/db.sh"

# demo_locale STEP: a step of tools/demo_locale.py (what each does is said there)
demo_locale() {
  DEMO_LOCALE_STEP=$1 "$PY" "$ODOO_SRC/odoo-bin" shell -c "$ODOO_CONF" -d "$DEMO_DB" --no-http \
    --log-level=warn < "$REPO_DIR/tools/demo_locale.py" 2> >(grep -v "security risk" >&2)
}

echo "building $DEMO_DB"
copy_db "$DEMO_DB" >/dev/null
# China's accounting localisation and Simplified Chinese, before our addons, so
# that their demo data is made in CNY and their translations load with them.
odoo_checked -d "$DEMO_DB" -i l10n_cn --load-language=zh_CN ||
  die "installing l10n_cn and zh_CN into $DEMO_DB failed (log above)."
demo_locale company
odoo_checked -d "$DEMO_DB" -i "$ADDONS" || die "installing our addons into $DEMO_DB failed (log above)."
demo_locale addons
run_crons "$DEMO_DB"

[ "${1:-}" = --no-serve ] && exit 0
port=${HTTP_PORT:-8069}
echo "serving http://localhost:$port (the logins are listed above); Ctrl-C stops"
exec "$PY" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$DEMO_DB" --db-filter="^$DEMO_DB\$" \
  --http-port="$port" --log-level=info
