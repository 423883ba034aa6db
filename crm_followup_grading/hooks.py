from odoo.tools import SQL

from odoo.addons.channel_suite_base.hooks import keep_records_in_use

# Records of ours that business documents may come to point to.
KEPT_MODELS = ["res.partner"]


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
    keep_records_in_use(env, "crm_followup_grading", KEPT_MODELS)
