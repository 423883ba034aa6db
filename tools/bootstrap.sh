#!/usr/bin/env bash
# Checks the machine (Odoo tree, PostgreSQL, database role), creates the
# virtualenv with Odoo's and our dependencies, and writes the Odoo config.
# Idempotent: a second run only re-checks.
set -euo pipefail
source "$(dirname "$0")/env.sh"

[ -f "$ODOO_SRC/odoo-bin" ] && [ -d "$ODOO_SRC/odoo/addons/base" ] ||
  die "no Odoo 18.0 source tree at $ODOO_SRC: put one there (see README, 'Requirements') or set ODOO_SRC."
grep -q "^version_info = (18, 0" "$ODOO_SRC/odoo/release.py" ||
  die "the tree at $ODOO_SRC is not Odoo 18.0 (odoo/release.py): point ODOO_SRC at an Odoo 18.0 tree."
command -v psql >/dev/null || die "psql is missing: install the PostgreSQL client (apt-get install postgresql-client)."

pg_error=$(psql_as "$ODOO_DB_USER" -d postgres -tAc "select 1" 2>&1 >/dev/null) || {
  if grep -q "does not exist" <<<"$pg_error" && [ -z "${CI_NO_ROLE_CREATE:-}" ] &&
     psql_as postgres -d postgres -c "CREATE ROLE \"$ODOO_DB_USER\" LOGIN CREATEDB" 2>/dev/null; then
    echo "created PostgreSQL role $ODOO_DB_USER (CREATEDB)"
  elif grep -qiE "could not connect|connection refused|No such file" <<<"$pg_error"; then
    die "PostgreSQL is not reachable at $PGHOST:$PGPORT: start it, or set PGHOST/PGPORT."
  else
    die "cannot log in to PostgreSQL as role '$ODOO_DB_USER' ($(head -1 <<<"$pg_error")): create it with CREATEDB, or set ODOO_DB_USER."
  fi
}
[ "$ODOO_DB_USER" != postgres ] || die "Odoo refuses the postgres superuser: set ODOO_DB_USER to another role with CREATEDB."
[ "$(psql_as "$ODOO_DB_USER" -d postgres -tAc "select rolcreatedb or rolsuper from pg_roles where rolname = current_user")" = t ] ||
  die "PostgreSQL role '$ODOO_DB_USER' cannot create databases: run ALTER ROLE \"$ODOO_DB_USER\" CREATEDB as a superuser."

# The venv is rebuilt when Odoo's requirements or ours change.
stamp=$(cat "$ODOO_SRC/requirements.txt" "$REPO_DIR/requirements.txt" "$REPO_DIR/oca-addons.txt" |
  md5sum | cut -c1-12)
if [ "$(cat "$VENV/.stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "setting up the virtualenv in $VENV (a few minutes the first time)"
  # pip warns about local indexes named in some machines' pip.conf that are absent:
  # those lines are dropped, pip's errors stay.
  [ -x "$PY" ] || "$PYTHON_BIN" -m venv "$VENV" || die "cannot create a virtualenv with $PYTHON_BIN: install Python 3.10-3.12 or set PYTHON_BIN."
  "$PY" -m pip install -q --upgrade pip wheel "setuptools<70" \
    2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
  # Odoo's pins, less what no longer builds on current Python tooling: cbor2 5.4.2
  # fails with current setuptools (5.6.2 is API-compatible); python-ldap needs
  # system headers and only serves the auth_ldap module.
  sed -e 's/^cbor2==5\.4\.2.*/cbor2==5.6.2/' -e '/^python-ldap/d' \
    "$ODOO_SRC/requirements.txt" > "$VENV/odoo-requirements.txt"
  "$PY" -m pip install -q -r "$VENV/odoo-requirements.txt" -r "$REPO_DIR/requirements.txt" \
    2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
  "$PY" -m pip install -q --no-deps -r "$REPO_DIR/oca-addons.txt" \
    2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
  site=$("$PY" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
  echo "$ODOO_SRC" > "$site/odoo-src.pth"
  echo "$stamp" > "$VENV/.stamp"
fi

# OCA's checkers want a newer polib than Odoo's pin: a virtualenv of their own.
LINT_VENV=$VENV/lint
lint_stamp=$(md5sum < "$REPO_DIR/tools/lint-requirements.txt" | cut -c1-12)
if [ "$(cat "$LINT_VENV/.stamp" 2>/dev/null)" != "$lint_stamp" ]; then
  [ -x "$LINT_VENV/bin/python" ] || "$PYTHON_BIN" -m venv "$LINT_VENV" ||
    die "cannot create a virtualenv with $PYTHON_BIN: install Python 3.10-3.12 or set PYTHON_BIN."
  "$LINT_VENV/bin/python" -m pip install -q -r "$REPO_DIR/tools/lint-requirements.txt" \
    2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
  echo "$lint_stamp" > "$LINT_VENV/.stamp"
fi

# OCA formats XML with Prettier and its XML plugin; make lint checks our files
# with the same pinned versions (npm, into the virtualenv).
PRETTIER=$VENV/node/node_modules/.bin/prettier
if [ ! -x "$PRETTIER" ]; then
  command -v npm >/dev/null || die "npm is missing: install Node.js with npm (apt-get install npm), make lint formats XML with Prettier."
  npm install --no-save --silent --no-audit --no-fund --prefix "$VENV/node" \
    prettier@3.3.3 @prettier/plugin-xml@3.4.1 >/dev/null || die "installing Prettier with npm failed (above)."
fi

mkdir -p "$CACHE_DIR"
cat > "$ODOO_CONF" <<CONF
[options]
addons_path = $ODOO_SRC/odoo/addons,$REPO_DIR
data_dir = $CACHE_DIR/odoo-data
db_host = $PGHOST
db_port = $PGPORT
db_user = $ODOO_DB_USER
db_password = False
admin_passwd = admin
http_interface = 127.0.0.1
log_level = warn
CONF
