from odoo import api, fields, models


class CrmFollowupPoolEvent(models.Model):
    _inherit = "crm.followup.pool.event"

    # uninstalled, a transfer stays in the history as what it was for the
    # cooldown: the customer taken from its salesperson
    event = fields.Selection(
        selection_add=[("complaint_transfer", "Transferred after a Complaint")],
        ondelete={"complaint_transfer": lambda events: events.write({"event": "reclaimed"})},
    )
    # uninstalled, the event shows its note: the text in the former
    # salesperson's language, written when it happened
    reason_code = fields.Selection(
        selection_add=[("complaint_transfer", "Complaint not resolved by its deadline")],
        ondelete={"complaint_transfer": "set null"},
    )
    complaint_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Complaint",
        ondelete="set null",
        help="The complaint not resolved by its deadline that cost the salesperson the customer.",
    )
    complaint_target_id = fields.Many2one(
        "res.users",
        string="Handed To",
        ondelete="set null",
        help="The salesperson of another team who took the customer over (empty: the pool).",
    )

    @api.depends(
        "reason_code",
        "reason_days",
        "reason_grade_id",
        "actor_id",
        "note",
        "user_id",
        "event",
        "complaint_ticket_id",
        "complaint_target_id",
    )
    @api.depends_context("lang")
    def _compute_reason(self):
        return super()._compute_reason()

    def _followup_reason_text(self):
        """A transfer is told from its complaint, in the reader's language;
        read as the system, as the reader may not see the complaint."""
        self.ensure_one()
        ticket = self.sudo().complaint_ticket_id
        if self.reason_code != "complaint_transfer" or not ticket:
            return super()._followup_reason_text()
        return self.env["res.partner"]._complaint_transfer_text(
            ticket, self.user_id, self.sudo().complaint_target_id, self.env.user, self.env.lang
        )
