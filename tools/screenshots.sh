#!/usr/bin/env bash
# make screenshots: rebuild the demo, then shoot the main screens in English and
# Chinese into each addon's static/description/ (linked from the README and
# shown on the addon's page in Odoo's Apps screen).
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$REPO_DIR/tools/demo.sh" --no-serve >/dev/null
"$REPO_DIR/tools/ensure_browser.sh"
"$PY" "$REPO_DIR/tools/screenshots.py" "$DEMO_DB" "$REPO_DIR"
# The Apps page lists the screenshots: regenerate it so a new one is not left off.
read -ra addons <<<"${ADDONS//,/ }"
"$PY" "$REPO_DIR/tools/gen_readme.py" "${addons[@]}"
