#!/usr/bin/env bash
# tools/i18n.sh ADDON...: export each addon's terms with Odoo's own exporter,
# from a database with the addons installed and Simplified Chinese loaded:
# i18n/ADDON.pot (the template) and i18n/zh_CN.po (existing translations kept,
# new terms added untranslated, vanished ones dropped). DB=name picks the
# database (default: a throwaway one).
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$REPO_DIR/tools/bootstrap.sh"
source "$REPO_DIR/tools/db.sh"
[ $# -gt 0 ] || set -- ${PRODUCT_ADDONS//,/ }
db=${DB:-}
if [ -z "$db" ]; then
  db=channel_i18n_$$; trap 'drop_db "$db"' EXIT
  copy_db "$db" >/dev/null
  odoo_checked -d "$db" -i "$(IFS=,; echo "$*")" --load-language=zh_CN ||
    die "installing $* failed (log above)."
fi
for addon in "$@"; do
  mkdir -p "$REPO_DIR/$addon/i18n"
  odoo_checked -d "$db" --modules="$addon" --i18n-export="$REPO_DIR/$addon/i18n/$addon.pot"
  odoo_checked -d "$db" --modules="$addon" --language=zh_CN \
    --i18n-export="$REPO_DIR/$addon/i18n/zh_CN.po"
done
