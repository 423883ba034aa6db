#!/usr/bin/env bash
# make clean: drop the demo database and remove the virtualenv. The template
# database and its filestore stay (see tools/db.sh); DROP them by hand if needed.
set -euo pipefail
source "$(dirname "$0")/env.sh"
source "$REPO_DIR/tools/db.sh"
drop_db "$DEMO_DB"
rm -rf "$VENV"
