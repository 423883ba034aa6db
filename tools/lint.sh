#!/usr/bin/env bash
# make lint: ruff, pylint-odoo's mandatory checks for 18.0, XML well-formedness.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$REPO_DIR/tools/bootstrap.sh"
cd "$REPO_DIR"
read -ra addons <<<"${ADDONS//,/ }"

"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
"$PY" tools/gen_readme.py --check "${addons[@]}"
"$PY" -m pylint --rcfile=setup.cfg --disable=all --enable="$(grep -v '^#' tools/pylint-mandatory.txt | paste -sd,)" "${addons[@]}"
git ls-files -co --exclude-standard '*.xml' | "$PY" -c '
import sys
from lxml import etree
bad = 0
for path in sys.stdin.read().split():
    try:
        etree.parse(path)
    except etree.XMLSyntaxError as exc:
        print(f"{path}: {exc}"); bad = 1
sys.exit(bad)
'
echo "lint: clean"
