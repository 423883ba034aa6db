#!/usr/bin/env bash
# make load: many salespeople at once on a prefork odoo-bin (docs/load.md).
#
# A fresh copy of the template with our addons and generated data (generate.py),
# Locust users against odoo-bin --workers (drive.py, locustfile.py) while the
# crons run, are killed and the server restarts; then the checks (checks.py) and
# the report (report.py -> docs/load.md). Fails when a check does.
#   LOAD_USERS=20 LOAD_MINUTES=5   users and minutes (LOAD_SECONDS overrides minutes)
#   LOAD_SCALE=1                   data size (0.1: a tenth, for a quick try)
#   LOAD_WORKERS=2                 HTTP workers of odoo-bin
#   LOAD_KEEP_DB=1                 keep the database (its name is printed)
#   LOAD_REPORT=docs/load.md       where the report goes
set -euo pipefail
source "$(dirname "$0")/../env.sh"
"$REPO_DIR/tools/bootstrap.sh"
source "$REPO_DIR/tools/db.sh"

users=${LOAD_USERS:-20}
seconds=${LOAD_SECONDS:-$(( ${LOAD_MINUTES:-5} * 60 ))}
scale=${LOAD_SCALE:-1}
report=${LOAD_REPORT:-$REPO_DIR/docs/load.md}
LOAD_VENV=$VENV/load

# Locust wants a gevent newer than Odoo's pin: its own virtualenv, rebuilt when
# its requirements change.
stamp=$(md5sum < "$REPO_DIR/tools/load/requirements.txt" | cut -c1-12)
if [ "$(cat "$LOAD_VENV/.stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "setting up the load tool's virtualenv in $LOAD_VENV"
  [ -x "$LOAD_VENV/bin/python" ] || "$PYTHON_BIN" -m venv "$LOAD_VENV"
  "$LOAD_VENV/bin/python" -m pip install -q -r "$REPO_DIR/tools/load/requirements.txt" \
    2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
  echo "$stamp" > "$LOAD_VENV/.stamp"
fi

db=channel_load_$$
work=$(mktemp -d)
cleanup() {
  if [ -n "${LOAD_KEEP_DB:-}" ]; then echo "kept database $db and $work"; else drop_db "$db"; rm -rf "$work"; fi
}
trap cleanup EXIT
copy_db "$db" >/dev/null
echo "installing $ADDONS into $db"
odoo_checked -d "$db" -i "$ADDONS" || die "installing our addons failed (log above)."

shell() {
  (cd "$REPO_DIR" && PYTHONPATH=$REPO_DIR "$PY" "$ODOO_SRC/odoo-bin" shell -c "$ODOO_CONF" \
    -d "$db" --no-http --log-level=warn 2> >(grep -v "security risk" >&2))
}
echo "generating data (scale $scale)"
start=$(date +%s)
shell <<PY >/dev/null
from tools.load.generate import generate
generate(env, $scale, "$work/facts.json")
PY
echo "data generated in $(( $(date +%s) - start )) s"

echo "running $users users for $seconds s against odoo-bin --workers=${LOAD_WORKERS:-2}"
drive_rc=0
"$LOAD_VENV/bin/python" "$REPO_DIR/tools/load/drive.py" --db "$db" --db-user "$ODOO_DB_USER" \
  --out "$work" --facts-path "$work/facts.json" --odoo-python "$PY" \
  --odoo-bin "$ODOO_SRC/odoo-bin" --odoo-conf "$ODOO_CONF" \
  --users "$users" --seconds "$seconds" --workers "${LOAD_WORKERS:-2}" || drive_rc=$?

echo "checking the data"
shell <<PY >/dev/null
import json
from tools.load.checks import CHECKS, facts, run_checks
json.dump({"checks": run_checks(env), "labels": CHECKS, "facts": facts(env)},
          open("$work/checks.json", "w"), default=str)
PY
"$LOAD_VENV/bin/python" "$REPO_DIR/tools/load/report.py" "$work" "$report"
[ "$drive_rc" = 0 ] || die "a cron did not finish after the run (see $report)."
"$LOAD_VENV/bin/python" -c "
import json, sys
checks = json.load(open('$work/checks.json'))['checks']
sys.exit(1 if any(checks.values()) else 0)" || die "a check failed after the run (see $report)."
