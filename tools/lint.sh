#!/usr/bin/env bash
# make lint: what OCA's pre-commit runs on an addon repository, from the same
# maintained packages, on the files git knows in the current folder:
#   ruff     ruff's lint and format check (ruff.toml)
#   readme   each README.md and Apps page current with its readme/ fragments
#   pylint   pylint-odoo's mandatory checks for 18.0 (tools/pylint-mandatory.txt)
#   oca      oca-checks-odoo-module (manifests, XML: duplicated record ids, ...)
#            and oca-checks-po (catalogues: duplicated or badly formatted entries)
#   prettier XML formatted as Prettier with OCA's XML plugin and settings formats it
# `tools/lint.sh oca prettier` runs only those steps. Any finding fails the run.
set -euo pipefail
source "$(dirname "$0")/env.sh"
# The planted-defect tests run these steps on a copy of the tree, with this
# virtualenv and without touching its Odoo config (LINT_NO_SETUP=1).
[ -n "${LINT_NO_SETUP:-}" ] || "$REPO_DIR/tools/bootstrap.sh"
[ $# -gt 0 ] || set -- ruff readme pylint oca prettier
read -ra addons <<<"${ADDONS//,/ }"
# Every check runs, so one run reports every finding; any finding fails it.
failed=()
check() { "$@" || failed+=("$step"); }

for step in "$@"; do
  case $step in
    ruff)
      check "$VENV/bin/ruff" check .
      check "$VENV/bin/ruff" format --check . ;;
    readme)
      check "$PY" "$REPO_DIR/tools/gen_readme.py" --check "${addons[@]}" ;;
    pylint)
      check "$PY" -m pylint --rcfile=setup.cfg --disable=all \
        --enable="$(grep -v '^#' "$REPO_DIR/tools/pylint-mandatory.txt" | paste -sd,)" "${addons[@]}" ;;
    oca)
      check "$VENV/lint/bin/oca-checks-odoo-module" "${addons[@]}"
      mapfile -t catalogues < <(git ls-files -co --exclude-standard '*.po' '*.pot')
      check "$VENV/lint/bin/oca-checks-po" "${catalogues[@]}" ;;
    prettier)
      mapfile -t xml < <(git ls-files -co --exclude-standard '*.xml')
      check "$VENV/node/node_modules/.bin/prettier" --log-level=warn --check \
        --plugin="$VENV/node/node_modules/@prettier/plugin-xml/src/plugin.js" "${xml[@]}" ;;
    *) die "unknown lint step '$step': ruff, readme, pylint, oca or prettier." ;;
  esac
done
[ ${#failed[@]} -eq 0 ] || die "lint found problems (above) in: ${failed[*]}."
echo "lint: clean ($*)"
