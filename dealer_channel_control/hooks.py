from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

# Records of ours that business documents may come to point to.
KEPT_MODELS = ["res.partner", "product.product", "product.template", "loyalty.program"]


def uninstall_hook(env):
    """Uninstalling removes channels, stock reports, violations and registrations;
    penalty invoices already made stay, as do the dealers and products that
    orders and invoices point to."""
    _keep_records_in_use(env, "dealer_channel_control")
    # open overdue reminders would keep their activity type (restrict) from going
    overdue = env.ref(
        "dealer_channel_control.mail_activity_type_dealer_report_overdue",
        raise_if_not_found=False,
    )
    if overdue:
        env["mail.activity"].search([("activity_type_id", "=", overdue.id)]).unlink()


def _keep_records_in_use(env, module):
    """Odoo deletes an addon's data records when it is uninstalled. Those that
    documents now point to (a demo customer with orders, a product on invoices, a
    loyalty programme whose cards hold points) cannot go: each failed delete logs
    an error, and the record stays anyway. Delete what can go now, as Odoo would,
    and drop the XML id of the rest, so that they stay as ordinary records."""
    data = env["ir.model.data"].search(
        [("module", "=", module), ("model", "in", KEPT_MODELS)], order="id desc"
    )
    for xmlid in data:
        record = env[xmlid.model].browse(xmlid.res_id).exists()
        try:
            with env.cr.savepoint(), mute_logger("odoo.sql_db"):
                record.with_context(**{MODULE_UNINSTALL_FLAG: True}).unlink()
        except (IntegrityError, UserError):
            xmlid.unlink()
