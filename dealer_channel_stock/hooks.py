from odoo.tools import SQL

from odoo.addons.channel_suite_base.hooks import keep_records_in_use

from .models.dealer_diversion_case import LOT_INDEX, LOT_NAME_INDEX

# Records of ours (the demo's) that stock's documents come to point to: a done
# delivery, its lots and product stay, as Odoo keeps any done transfer.
KEPT_MODELS = [
    "stock.picking",
    "stock.move",
    "stock.quant",
    "stock.lot",
    "product.product",
    "product.template",
]


def uninstall_hook(env):
    """Checks that named no dealer (goods seen in a shop, traced by their lot)
    mean nothing to the dealer addon, which requires a dealer on every check:
    they go with the cases, which stand on them. Diversion penalties stay as
    violations. The indexes the trace added to stock's tables go too."""
    env.cr.execute(SQL("UPDATE dealer_price_violation SET diversion_case_id = NULL"))
    env.cr.execute(SQL("DELETE FROM dealer_diversion_case"))
    env.cr.execute(SQL("DELETE FROM dealer_price_check WHERE dealer_id IS NULL"))
    keep_records_in_use(env, "dealer_channel_stock", KEPT_MODELS)
    for index in (LOT_INDEX, LOT_NAME_INDEX):
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
