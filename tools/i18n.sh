#!/usr/bin/env bash
# tools/i18n.sh ADDON...: export each addon's terms to i18n/ADDON.pot from a
# database with it installed, and merge them into i18n/zh_CN.po (existing
# translations kept, new terms added untranslated, vanished ones dropped).
# DB=name picks the database (default: a throwaway one).
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$REPO_DIR/tools/bootstrap.sh"
source "$REPO_DIR/tools/db.sh"
[ $# -gt 0 ] || set -- ${PRODUCT_ADDONS//,/ }
db=${DB:-}
if [ -z "$db" ]; then
  db=channel_i18n_$$; trap 'drop_db "$db"' EXIT
  copy_db "$db" >/dev/null
  odoo_checked -d "$db" -i "$(IFS=,; echo "$*")" || die "installing $* failed (log above)."
fi
for addon in "$@"; do
  mkdir -p "$REPO_DIR/$addon/i18n"
  odoo_checked -d "$db" --i18n-export="$REPO_DIR/$addon/i18n/$addon.pot" --modules="$addon"
  "$PY" "$REPO_DIR/tools/po_merge.py" "$REPO_DIR/$addon/i18n/$addon.pot" "$REPO_DIR/$addon/i18n/zh_CN.po"
done
