#!/usr/bin/env bash
# make wheels: builds each addon's wheel the OCA way (pyproject.toml with the
# whool backend) into dist/, then checks that an Odoo whose addons_path does
# not contain this repository finds the installed wheels under odoo/addons and
# installs them on a throwaway database.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$REPO_DIR/tools/bootstrap.sh"
source "$REPO_DIR/tools/db.sh"

dist=$REPO_DIR/dist
rm -rf "$dist"; mkdir -p "$dist"
read -ra addons <<<"${ADDONS//,/ }"
for addon in "${addons[@]}"; do
  "$PY" -m pip wheel -q --no-deps -w "$dist" "$REPO_DIR/$addon" \
    2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
done
ls "$dist"

# A site-packages of its own: the wheels only, next to the Odoo tree.
site=$(mktemp -d)
db=channel_wheels_$$
trap 'drop_db "$db"; rm -rf "$site"' EXIT
"$PY" -m pip install -q --no-deps --target "$site" "$dist"/*.whl \
  2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
copy_db "$db" >/dev/null
PYTHONPATH=$site odoo_checked --addons-path="$ODOO_SRC/odoo/addons" -d "$db" -i "$ADDONS" ||
  die "the wheels did not install (log above)."
installed=$(psql_as "$ODOO_DB_USER" -d "$db" -tAc \
  "select count(*) from ir_module_module where state = 'installed' and name in ('${ADDONS//,/\',\'}')")
[ "$installed" = "${#addons[@]}" ] || die "only $installed of ${#addons[@]} addons are installed from the wheels."
echo "wheels: ${#addons[@]} addons installed from their wheels, without this repository on addons_path"
