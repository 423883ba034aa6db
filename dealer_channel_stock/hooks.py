from odoo.tools import SQL

from .models.dealer_diversion_case import LOT_INDEX, LOT_NAME_INDEX


def uninstall_hook(env):
    """Checks that named no dealer (goods seen in a shop, traced by their lot)
    mean nothing to the dealer addon, which requires a dealer on every check:
    they go with the cases, which stand on them. Diversion penalties stay as
    violations. The indexes the trace added to stock's tables go too."""
    env.cr.execute(SQL("UPDATE dealer_price_violation SET diversion_case_id = NULL"))
    env.cr.execute(SQL("DELETE FROM dealer_diversion_case"))
    env.cr.execute(SQL("DELETE FROM dealer_price_check WHERE dealer_id IS NULL"))
    for index in (LOT_INDEX, LOT_NAME_INDEX):
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
