from odoo import api, fields, models

POOL_EVENTS = [
    ("reclaimed", "Reclaimed"),
    ("released", "Released"),
    ("claimed", "Claimed"),
    ("assigned", "Assigned"),
]


class CrmFollowupPoolEvent(models.Model):
    """What happened to a customer between salespeople and the pool: the
    history behind the claim cooldown and the "who loses customers" report.
    Only the addon's flows write it (as superuser); nobody edits it."""

    _name = "crm.followup.pool.event"
    _description = "Customer Pool Event"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    # the history behind the cooldown: a customer with events is archived, not deleted
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="restrict"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        index=True,
        ondelete="set null",
        help="The salesperson concerned: who lost, released, claimed or was assigned the customer.",
    )
    event = fields.Selection(POOL_EVENTS, required=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    reason = fields.Text()
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    @api.model
    def _followup_record(self, event, partners, users, reasons=None):
        """One event per customer, written as superuser by the flows.

        :param users: ``{partner_id: res.users}`` the salesperson concerned
        :param reasons: ``{partner_id: str}``
        """
        today = fields.Date.context_today(self)
        reasons = reasons or {}
        return self.sudo().create(
            [
                {
                    "partner_id": partner.id,
                    "user_id": users[partner.id].id,
                    "event": event,
                    "date": today,
                    "reason": reasons.get(partner.id),
                    "company_id": (
                        partner.company_id or users[partner.id].company_id or self.env.company
                    ).id,
                }
                for partner in partners
            ]
        )
