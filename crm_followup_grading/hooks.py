from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tools import SQL, mute_logger

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

# Records of ours that business documents may come to point to.
KEPT_MODELS = ["res.partner", "product.product", "product.template", "loyalty.program"]


def uninstall_hook(env):
    """Uninstalling removes the grades, the follow-up logs and the open reminders;
    the customers, their salespeople and their chatter stay. The logs and the
    grades on customers go first: they point to the grades Odoo is about to delete."""
    env.cr.execute(SQL("DELETE FROM crm_followup_log"))
    env.cr.execute(
        SQL("UPDATE res_partner SET followup_grade_id = NULL WHERE followup_grade_id IS NOT NULL")
    )
    reminder = env.ref("crm_followup_grading.mail_activity_type_followup", raise_if_not_found=False)
    if reminder:
        env["mail.activity"].search([("activity_type_id", "=", reminder.id)]).unlink()
    _keep_records_in_use(env, "crm_followup_grading")


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
