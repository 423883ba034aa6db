from odoo.tools import SQL

from odoo.addons.channel_suite_base.hooks import keep_records_in_use

from .locks import LOCK_TABLE

# Records of ours that business documents may come to point to.
KEPT_MODELS = ["res.partner", "product.product", "product.template"]


def uninstall_hook(env):
    """Uninstalling removes channels, stock reports, violations and registrations;
    penalty invoices already made stay, as do the dealers and products that
    orders and invoices point to."""
    keep_records_in_use(env, "dealer_channel_control", KEPT_MODELS)
    # open overdue reminders would keep their activity type (restrict) from going
    overdue = env.ref(
        "dealer_channel_control.mail_activity_type_dealer_report_overdue",
        raise_if_not_found=False,
    )
    if overdue:
        env["mail.activity"].search([("activity_type_id", "=", overdue.id)]).unlink()
    # the rows concurrent registrations and confirmations lock (locks.py)
    env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(LOCK_TABLE)))
