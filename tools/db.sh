# Database helpers for the tools/ scripts; sourced after env.sh.
# Installing Odoo's own modules (crm, sale, event, loyalty) takes minutes, so it
# happens once into a template database named after what went into it; test and
# demo databases are copied from it (with its filestore) in seconds.

odoo_bin() { "$PY" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" "$@"; }
filestore() { echo "$CACHE_DIR/odoo-data/filestore/$1"; }
db_exists() { [ "$(psql_as "$ODOO_DB_USER" -d postgres -tAc "select 1 from pg_database where datname = '$1'")" = 1 ]; }

template_name() {
  local key
  # The filestore belongs to the template: another cache folder, another template.
  key=$( { grep -E "^(version_info|serie)" "$ODOO_SRC/odoo/release.py"; echo "$BASE_MODULES $CACHE_DIR"; } |
    md5sum | cut -c1-10)
  echo "channel_tmpl_$key"
}

# Runs odoo-bin and fails when it exits non-zero or logs an ERROR/CRITICAL line.
odoo_checked() {
  local log; log=$(mktemp)
  if ! odoo_bin "$@" --stop-after-init > "$log" 2>&1 || grep -qE " (ERROR|CRITICAL) " "$log"; then
    grep -E " (WARNING|ERROR|CRITICAL) |Traceback|Error" "$log" | head -40 >&2
    rm -f "$log"; return 1
  fi
  rm -f "$log"
}

ensure_template() {
  local tmpl; tmpl=$(template_name)
  mkdir -p "$CACHE_DIR"
  exec 9>"$CACHE_DIR/template.lock"; flock 9
  if ! db_exists "$tmpl" || [ ! -d "$(filestore "$tmpl")" ]; then
    echo "building template database $tmpl ($BASE_MODULES with demo data; once, a few minutes)" >&2
    drop_db "$tmpl"; drop_db "${tmpl}_wip"
    odoo_checked -d "${tmpl}_wip" -i "$BASE_MODULES" ||
      die "installing $BASE_MODULES into the template database failed (log above)."
    psql_as "$ODOO_DB_USER" -d postgres -c "ALTER DATABASE \"${tmpl}_wip\" RENAME TO \"$tmpl\""
    mv "$(filestore "${tmpl}_wip")" "$(filestore "$tmpl")"
  fi
  flock -u 9
  echo "$tmpl"
}

# copy_db NAME [SOURCE]: a fresh database NAME (dropped first) copied from
# SOURCE, by default the template.
copy_db() {
  local name=$1 source=${2:-}
  [ -n "$source" ] || source=$(ensure_template | tail -1)
  drop_db "$name"
  psql_as "$ODOO_DB_USER" -d postgres -c "CREATE DATABASE \"$name\" TEMPLATE \"$source\""
  mkdir -p "$(filestore "$name")"
  cp -a "$(filestore "$source")/." "$(filestore "$name")/"
}

# run_crons DB: our addons' scheduled actions, once, then a summary of the data.
run_crons() {
  "$PY" "$ODOO_SRC/odoo-bin" shell -c "$ODOO_CONF" -d "$1" --no-http --log-level=warn \
    < "$REPO_DIR/tools/demo_summary.py" 2> >(grep -v "security risk" >&2)
}

drop_db() {
  psql_as "$ODOO_DB_USER" -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" 2>/dev/null
  rm -rf "$(filestore "$1")"
}
