#!/usr/bin/env bash
# make compat: Odoo's own tests of the modules we extend (crm, sale,
# sale_management, sale_loyalty, loyalty, event, stock, sale_stock) and OCA's
# helpdesk_mgmt, on a throwaway database with our addons installed. A test that
# fails here fails the run unless it is listed in tools/compat-known-failures.txt,
# the tests that fail the same way without our addons (environment failures),
# each with its reason.
#
#   COMPAT_BASELINE=1 make compat   the same tests without our addons, to check
#                                   that list (a listed test that passes there
#                                   is reported as stale)
#   make compat ARGS="sale -k access"   only some modules / tests
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$REPO_DIR/tools/bootstrap.sh"
source "$REPO_DIR/tools/db.sh"

modules=(crm sale sale_management sale_loyalty loyalty event stock sale_stock helpdesk_mgmt)
pytest_args=()
for arg in "$@"; do
  if [[ " ${modules[*]} " == *" $arg "* ]]; then selected+=("$arg"); else pytest_args+=("$arg"); fi
done
[ -n "${selected:-}" ] && modules=("${selected[@]}")
# stock's whole suite takes 15 minutes here, 7 of them its browser tours and
# report screens, which our addons do not touch: its files that exercise what
# they do touch run (contacts' and products' company checks, lots on move
# lines, returns, moves and quants, the flows deliveries go through);
# sale_stock's run whole.
declare -A only_files=(
  [stock]="test_multicompany test_move_lines test_stock_lot test_stock_return_picking
           test_product test_quant test_move test_move2 test_stock_flow
           test_generate_serial_numbers test_robustness"
)
paths=()
for module in "${modules[@]}"; do
  # Odoo's modules are in its tree, OCA's (oca-addons.txt) in the virtualenv
  tests=$("$PY" -c "from odoo.modules.module import get_module_path as p; print(p('$module'))")/tests
  if [ -n "${only_files[$module]:-}" ]; then
    for file in ${only_files[$module]}; do paths+=("$tests/$file.py"); done
  else
    paths+=("$tests")
  fi
  # helpdesk_mgmt's test_js.py imports Odoo's web JS suite (WebSuite) into its
  # module, where pytest collects it as a class of its own and runs every JS
  # test of Odoo; its Python tests run, its JS (our addons add none) does not
  [ "$module" != helpdesk_mgmt ] || pytest_args+=(--ignore "$tests/test_js.py")
done

db=channel_compat_$$
trap 'drop_db "$db"' EXIT
copy_db "$db" >/dev/null
if [ -z "${COMPAT_BASELINE:-}" ]; then
  echo "installing $ADDONS into $db"
  odoo_checked -d "$db" -i "$ADDONS" || die "installing our addons failed (log above)."
fi
"$REPO_DIR/tools/ensure_browser.sh"

report=$(mktemp --suffix=.xml)
cd "$ODOO_SRC"
set +e
"$PY" -m pytest -p no:cacheprovider -q --odoo-config="$ODOO_CONF" --odoo-database="$db" \
  --odoo-http --junitxml="$report" "${paths[@]}" ${pytest_args[@]+"${pytest_args[@]}"} \
  -o python_files='test_*.py' -W ignore::DeprecationWarning >"$report.log" 2>&1
rc=$?
set -e
tail -3 "$report.log"
[ $rc -le 1 ] || { tail -60 "$report.log"; die "pytest could not run Odoo's tests (exit $rc)."; }
"$PY" "$REPO_DIR/tools/compat_report.py" "$report" "$REPO_DIR/tools/compat-known-failures.txt" \
  ${COMPAT_BASELINE:+--baseline}
