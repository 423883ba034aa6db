from odoo import fields, models


class CrmFollowupPoolEvent(models.Model):
    _inherit = "crm.followup.pool.event"

    # uninstalled, a transfer stays in the history as what it was for the
    # cooldown: the customer taken from its salesperson
    event = fields.Selection(
        selection_add=[("complaint_transfer", "Transferred after a Complaint")],
        ondelete={"complaint_transfer": lambda events: events.write({"event": "reclaimed"})},
    )
