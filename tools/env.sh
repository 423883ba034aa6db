# Shared settings for the tools/ scripts; sourced, never run.
# Everything can be overridden from the environment.
REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_SRC=${ODOO_SRC:-/opt/odoo}
VENV=${VENV:-$REPO_DIR/.venv}
PY=$VENV/bin/python
PYTHON_BIN=${PYTHON_BIN:-python3.11}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
ODOO_DB_USER=${ODOO_DB_USER:-odoo}
# The filestore outlives a clone, like the template database it belongs to.
CACHE_DIR=${CHANNEL_SUITE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/channel-suite}
ODOO_CONF=${ODOO_CONF:-$VENV/odoo.conf}
# Our addons (tools/suite.py): the hidden base addon, the three product addons, then channel_suite_demo,
# which only ties their demo data together.
ADDONS=${ADDONS:-$(python3 "$REPO_DIR/tools/suite.py")}
PRODUCT_ADDONS=${PRODUCT_ADDONS:-$(python3 "$REPO_DIR/tools/suite.py" product)}
# Odoo modules our addons stand on; installed once into the template database.
BASE_MODULES="crm,sale_management,sale_loyalty,event,stock,sale_stock"
DEMO_DB=${DEMO_DB:-channel_demo}
export PGHOST PGPORT

die() { echo "error: $*" >&2; exit 1; }
psql_as() { local role=$1; shift; psql -X -q -v ON_ERROR_STOP=1 -U "$role" "$@"; }
