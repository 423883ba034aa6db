from odoo.tools import SQL


def uninstall_hook(env):
    """Uninstalling removes the deductions and the open "resolve the complaint"
    activities; the tickets, their customers and their chatter stay."""
    env.cr.execute(SQL("DELETE FROM crm_complaint_deduction"))
    activity_type = env.ref(
        "crm_followup_complaint.mail_activity_type_complaint", raise_if_not_found=False
    )
    if activity_type:
        env["mail.activity"].search([("activity_type_id", "=", activity_type.id)]).unlink()
