from odoo import models

# activity categories that tell how the customer was reached
CHANNEL_BY_CATEGORY = {"phonecall": "call", "meeting": "meeting"}


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """A follow-up reminder marked done in the activity widget counts as a
        follow-up: it is logged (grade unchanged) so the cadence restarts."""
        reminders = self.browse()
        if not self.env.context.get("followup_from_log"):
            reminder_types = self.env["crm.followup.grade"]._reminder_activity_types()
            reminders = self.filtered(
                lambda a: a.res_model == "res.partner" and a.activity_type_id in reminder_types
            )
        log_vals = [
            {
                "partner_id": activity.res_id,
                "user_id": self.env.user.id,
                "channel": CHANNEL_BY_CATEGORY.get(activity.activity_type_id.category, "other"),
                "summary": feedback or activity.summary or activity.activity_type_id.name,
            }
            for activity in reminders
        ]
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if log_vals:
            # whoever may close the reminder may record that the customer was served
            self.env["crm.followup.log"].sudo().with_context(followup_from_activity=True).create(
                [v for v in log_vals if self.env["res.partner"].browse(v["partner_id"]).exists()]
            )
        return result
