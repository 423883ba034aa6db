"""The uninstall step every addon of the suite shares."""

from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG


def keep_records_in_use(env, module, models):
    """Odoo deletes an addon's data records when it is uninstalled. Those that
    documents now point to (a demo customer with orders, a product on invoices, a
    loyalty programme whose cards hold points) cannot go: each failed delete logs
    an error, and the record stays anyway. Delete the records of ``models`` that
    can go now, as Odoo would, and drop the XML id of the rest, so that they
    stay as ordinary records."""
    data = env["ir.model.data"].search(
        [("module", "=", module), ("model", "in", models)], order="id desc"
    )
    for xmlid in data:
        record = env[xmlid.model].browse(xmlid.res_id).exists()
        try:
            with env.cr.savepoint(), mute_logger("odoo.sql_db"):
                record.with_context(**{MODULE_UNINSTALL_FLAG: True}).unlink()
        except (IntegrityError, UserError):
            xmlid.unlink()
