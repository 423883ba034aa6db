from odoo import api, fields, models

POOL_EVENTS = [
    ("reclaimed", "Reclaimed"),
    ("released", "Released"),
    ("claimed", "Claimed"),
    ("assigned", "Assigned"),
]

# Why it happened, as a code: many people read one event (the salesperson who
# lost the customer, the one who claims it, the managers), each in their own
# language, so the text is made when it is read, never stored.
POOL_REASONS = [
    ("overdue", "No follow-up in time"),
    ("released", "Released with a note"),
    ("claimed", "Claimed from the pool"),
    ("assigned", "Assigned by a manager"),
    ("merged", "Duplicates merged"),
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
    reason_code = fields.Selection(POOL_REASONS, string="Why")
    reason_days = fields.Integer(
        string="Days Without Follow-up",
        help="For a customer reclaimed: the grade's reclaim period that went by without a "
        "follow-up.",
    )
    reason_grade_id = fields.Many2one(
        "crm.followup.grade",
        string="Grade Then",
        ondelete="set null",
        help="The customer's grade when it happened.",
    )
    actor_id = fields.Many2one(
        "res.users",
        string="By",
        ondelete="set null",
        help="Who released, assigned or merged the customer (empty: a scheduled action).",
    )
    note = fields.Text(
        help="What the person who released the customer wrote, as they wrote it.",
    )
    reason = fields.Text(
        compute="_compute_reason",
        help="What happened and why, in the reader's language.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    @api.depends(
        "reason_code", "reason_days", "reason_grade_id", "actor_id", "note", "user_id", "event"
    )
    @api.depends_context("lang")
    def _compute_reason(self):
        for event in self:
            event.reason = event._followup_reason_text()

    def _followup_reason_text(self):
        """The reason in the current language (the reader's). Events written
        before reasons were codes, or by an addon that adds its own events
        without a code, show their note as it was written."""
        self.ensure_one()
        code = self.reason_code
        actor = self.actor_id.name
        if code == "overdue":
            return self.env._(
                "%(salesperson)s logged no follow-up for %(days)s days (grade %(grade)s).",
                salesperson=self.user_id.name or "",
                days=self.reason_days,
                grade=self.reason_grade_id.code or "",
            )
        if code == "released":
            if actor:
                return self.env._(
                    "Released by %(user)s: %(note)s", user=actor, note=self.note or ""
                )
            return self.env._("Released: %(note)s", note=self.note or "")
        if code == "claimed":
            return self.env._("Claimed from the customer pool.")
        if code == "assigned" and actor:
            return self.env._("Assigned by %(user)s.", user=actor)
        if code == "merged" and actor:
            return self.env._("Taken over when %(user)s merged duplicate contacts.", user=actor)
        if code and not self.note:
            return dict(self._fields["reason_code"]._description_selection(self.env))[code]
        return self.note or ""

    @api.model
    def _followup_record(self, event, partners, users, reasons=None, values=None):
        """One event per customer, written as superuser by the flows.

        :param users: ``{partner_id: res.users}`` the salesperson concerned
        :param reasons: ``{partner_id: str}`` a note as a person wrote it
        :param values: ``{partner_id: dict}`` the reason's code and data
            (``reason_code``, ``reason_days``, ``reason_grade_id``); without
            it the event is its own reason, or the context's
            ``followup_pool_reason`` (a merge) when given
        """
        today = fields.Date.context_today(self)
        reasons = reasons or {}
        values = values or {}
        code = self.env.context.get("followup_pool_reason") or event
        codes = self._fields["reason_code"].get_values(self.env)
        default = {"reason_code": code if code in codes else False}
        # the scheduled actions run as superuser: nobody to name
        actor = self.env.user if not self.env.is_superuser() else self.env["res.users"]
        return self.sudo().create(
            [
                {
                    "partner_id": partner.id,
                    "user_id": users[partner.id].id,
                    "event": event,
                    "date": today,
                    "note": reasons.get(partner.id),
                    "actor_id": actor.id,
                    "company_id": (
                        partner.company_id or users[partner.id].company_id or self.env.company
                    ).id,
                    **default,
                    **values.get(partner.id, {}),
                }
                for partner in partners
            ]
        )
