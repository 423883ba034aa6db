#!/usr/bin/env bash
# make test: a throwaway database with the three addons installed, every addon's
# tests and the top-level tests under pytest-odoo, the database dropped after.
#
# Arguments go to pytest (a path, -k EXPR, -x ...); with none, every test but the
# benchmarks runs. For quick iterations while developing:
#   INSTALL=crm_followup_grading   install only these addons (comma-separated)
#   TEST_DB=mydb                   keep this database between runs: created the
#                                  first time, upgraded (-u) afterwards, not dropped
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$REPO_DIR/tools/bootstrap.sh"
source "$REPO_DIR/tools/db.sh"
install=${INSTALL:-$ADDONS}

if [ -n "${TEST_DB:-}" ]; then
  db=$TEST_DB
  if db_exists "$db"; then mode=-u; else copy_db "$db" >/dev/null; mode=-i; fi
else
  db=channel_test_$$
  trap 'drop_db "$db"' EXIT
  copy_db "$db" >/dev/null
  mode=-i
fi
echo "installing $install into $db"
odoo_checked -d "$db" "$mode" "$install" || die "installing our addons failed (log above)."

cd "$REPO_DIR"
[ $# -gt 0 ] || set -- ${ADDONS//,/ } tests

# The end-to-end tests (tests/e2e) drive a real server on a copy of the test
# database that looks like the demo: our scheduled actions have run once.
if [[ " $* " =~ \ tests/?\  || " $* " == *" tests/e2e"* ]]; then
  export E2E_DB=${db}_e2e
  trap 'drop_db "$E2E_DB"; [ -n "${TEST_DB:-}" ] || drop_db "$db"' EXIT
  copy_db "$E2E_DB" "$db" >/dev/null
  run_crons "$E2E_DB" >/dev/null
  "$REPO_DIR/tools/ensure_browser.sh"
fi
# pytest's own exit code: 5 (no test ran) fails the run like a failed test.
# --odoo-http serves the test database in a thread, for the HttpCase tests (the
# portal pages); without it pytest-odoo skips them.
"$PY" -m pytest --odoo-config="$ODOO_CONF" --odoo-database="$db" --odoo-http "$@"
