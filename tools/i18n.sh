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
  # Odoo's exporter reads the Python-code translations of zh_CN from the addon's
  # own i18n/zh_CN.po: written straight onto it, the file is emptied before it is
  # read and every code translation lost. So: a temporary file, then moved.
  # It also drops the Language and Plural-Forms headers: taken back from the
  # previous file, as are the translations it left empty.
  out=$(mktemp --suffix=.po)
  odoo_checked -d "$db" --modules="$addon" --language=zh_CN --i18n-export="$out"
  "$PY" - "$out" "$REPO_DIR/$addon/i18n/zh_CN.po" <<'PY'
import sys

import polib

new, old = polib.pofile(sys.argv[1], wrapwidth=78), polib.pofile(sys.argv[2])
new.metadata.update({"Language": "zh_CN", "Plural-Forms": "nplurals=1; plural=0;"})
kept = {e.msgid: e.msgstr for e in old}
for entry in new:
    if not entry.msgstr and kept.get(entry.msgid):
        entry.msgstr = kept[entry.msgid]
new.save(sys.argv[2])
PY
  rm -f "$out"
  # OCA's catalogue format: entries sorted, wrapped at 78 columns, and no
  # translation equal to its term (Odoo shows the term where there is none).
  "$VENV/lint/bin/oca-checks-po" --fix "$REPO_DIR/$addon/i18n/"*.po* >/dev/null || true
done
