#!/usr/bin/env bash
# make screenshots: rebuild the demo, then shoot the main screens in English and
# Chinese into docs/screenshots/ (linked from the README).
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$REPO_DIR/tools/demo.sh" --no-serve >/dev/null
"$REPO_DIR/tools/ensure_browser.sh"
"$PY" "$REPO_DIR/tools/screenshots.py" "$DEMO_DB" "$REPO_DIR/docs/screenshots"
