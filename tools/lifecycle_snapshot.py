# Run inside `odoo-bin shell` by tools/lifecycle.sh: prints one fingerprint per
# table of our addons' data, so that an upgrade can be shown to change nothing.
# Our own models count whole; on Odoo's models, only the columns we add.
import hashlib
import json

from odoo.tools import SQL

ours = (
    "crm_followup_grading",
    "dealer_channel_control",
    "customer_referral_points",
    "dealer_channel_stock",
)
data = env["ir.model.data"].search([("module", "in", ours)])
models = env["ir.model"].browse(data.filtered(lambda d: d.model == "ir.model").mapped("res_id"))
fields = env["ir.model.fields"].browse(
    data.filtered(lambda d: d.model == "ir.model.fields").mapped("res_id")
)
columns = {}
for model in models:
    if not env[model.model]._abstract and env[model.model]._auto:
        columns[env[model.model]._table] = None
for field in fields:
    Model = env[field.model]
    if field.store and field.ttype not in ("one2many", "many2many") and Model._table not in columns:
        columns.setdefault(f"{Model._table}/cols", []).append(field.name)
result = {}
for key, cols in sorted(columns.items()):
    table = key.split("/")[0]
    if cols is None:
        env.cr.execute(
            SQL(
                "SELECT to_jsonb(t) - 'write_date' - 'write_uid' - 'create_date'"
                " FROM %s t ORDER BY id",
                SQL.identifier(table),
            )
        )
    else:
        env.cr.execute(
            SQL(
                "SELECT jsonb_build_array(id, %s) FROM %s ORDER BY id",
                SQL(", ").join(SQL.identifier(c) for c in sorted(cols)),
                SQL.identifier(table),
            )
        )
    rows = [json.dumps(row[0], sort_keys=True, default=str) for row in env.cr.fetchall()]
    result[key] = [len(rows), hashlib.md5("\n".join(rows).encode()).hexdigest()]
print("SNAPSHOT " + json.dumps(result, sort_keys=True))
