#!/usr/bin/env bash
# make lifecycle: what an administrator does with the addons, checked end to end
# on a throwaway database holding the demo and a year of activity
# (tools/lifecycle_activity.py):
#   install -> use -> upgrade each addon (-u: the data must not change) ->
#   uninstall each addon alone, then all together -> install again.
# Every step fails the run on a non-zero exit or any ERROR/CRITICAL log line.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$REPO_DIR/tools/bootstrap.sh"
source "$REPO_DIR/tools/db.sh"
read -ra addons <<<"${PRODUCT_ADDONS//,/ }"

# odoo_shell DB SCRIPT: runs SCRIPT in `odoo-bin shell`, fails on ERROR lines.
odoo_shell() {
  local log; log=$(mktemp)
  if ! "$PY" "$ODOO_SRC/odoo-bin" shell -c "$ODOO_CONF" -d "$1" --no-http --log-level=warn \
      < "$2" > "$log" 2>&1 || grep -qE " (ERROR|CRITICAL) |^Traceback" "$log"; then
    grep -vE "security risk" "$log" | grep -E " (WARNING|ERROR|CRITICAL) |Traceback|Error" | head -40 >&2
    rm -f "$log"; return 1
  fi
  grep -v "security risk" "$log"; rm -f "$log"
}
uninstall() {
  local db=$1 names=$2 script; script=$(mktemp)
  cat > "$script" <<PY
env["ir.module.module"].search([("name", "in", "$names".split(","))]).button_immediate_uninstall()
left = env["ir.module.module"].search([("name", "in", "$names".split(",")), ("state", "!=", "uninstalled")])
assert not left, f"still installed: {left.mapped('name')}"
print("uninstalled $names")
PY
  odoo_shell "$db" "$script" || die "uninstalling $names from $db logged errors (above)."
  rm -f "$script"
}
snapshot() { odoo_shell "$1" "$REPO_DIR/tools/lifecycle_snapshot.py" | grep "^SNAPSHOT "; }

db=channel_life_$$
copy=${db}_copy
trap 'drop_db "$db"; drop_db "$copy"' EXIT
copy_db "$db" >/dev/null
echo "install: $ADDONS"
odoo_checked -d "$db" -i "$ADDONS" || die "installing our addons failed (log above)."
echo "use: a year of activity"
odoo_shell "$db" "$REPO_DIR/tools/lifecycle_activity.py" | tail -1 || die "the year of activity failed (log above)."
before=$(snapshot "$db")
for addon in "${addons[@]}"; do
  echo "upgrade: $addon"
  odoo_checked -d "$db" -u "$addon" || die "upgrading $addon failed (log above)."
done
after=$(snapshot "$db")
[ "$before" = "$after" ] || {
  diff <(tr ',' '\n' <<<"$before") <(tr ',' '\n' <<<"$after") >&2
  die "upgrading changed our data (tables above)."
}
for addon in "${addons[@]}"; do
  echo "uninstall alone, then install again: $addon"
  copy_db "$copy" "$db" >/dev/null
  uninstall "$copy" "$addon"
  odoo_checked -d "$copy" -i "$addon" || die "installing $addon again failed (log above)."
done
echo "uninstall all together, then install again"
uninstall "$db" "$ADDONS"
odoo_checked -d "$db" -i "$ADDONS" || die "installing our addons again failed (log above)."
echo "lifecycle: install, use, upgrade, uninstall and reinstall ran with a clean log"
