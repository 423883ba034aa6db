"""Giving customers back to the customer pool: a salesperson or a sales
manager releases them with a reason, the reclaim cron returns the neglected
ones; either way they lose their salesperson and pending reminders. Claiming
them from the pool follows the rules in followup_holder.py."""

# Odoo extends one model over several files too (mail/models/discuss/res_partner.py)
# pylint: disable=consider-merging-classes-inherited

from datetime import timedelta

from markupsafe import escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .followup_holder import MANAGER_GROUP, SALES_GROUP


class ResPartner(models.Model):
    _inherit = "res.partner"

    # the pool list: when (followup_pool_date), from whom and why each customer came
    followup_pool_event_id = fields.Many2one(
        "crm.followup.pool.event",
        string="Pool Event",
        compute="_compute_followup_pool_origin",
        compute_sudo=True,
    )
    followup_pool_from_id = fields.Many2one(
        "res.users",
        string="Pooled From",
        compute="_compute_followup_pool_origin",
        compute_sudo=True,
        help="The salesperson the customer left for the pool.",
    )
    followup_pool_reason = fields.Text(
        string="Why in the Pool",
        compute="_compute_followup_pool_origin",
        compute_sudo=True,
    )
    # for the current user: the day their claim cooldown on the customer ends
    followup_claim_cooldown_until = fields.Date(
        string="You May Claim From",
        compute="_compute_followup_claim_cooldown_until",
        search="_search_followup_claim_cooldown_until",
        help="You lost or released this customer recently: you may claim it back from this "
        "day (the claim cooldown). Colleagues may claim it now.",
    )

    def action_followup_release(self):
        """Opens the dialog where the salesperson gives the reason for giving
        the customers back to the pool."""
        self._check_followup_release_access()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Release to the customer pool"),
            "res_model": "crm.followup.release.wizard",
            "view_mode": "form",
            "views": [[False, "form"]],
            "target": "new",
            "context": {"default_partner_ids": [fields.Command.set(self.ids)]},
        }

    def _check_followup_release_access(self):
        """Only a customer's own salesperson or a sales manager gives it back."""
        if not self:
            raise UserError(self.env._("Choose the customers to release to the customer pool."))
        unheld = self.filtered(lambda p: not p.user_id)
        if unheld:
            raise UserError(
                self.env._(
                    "These customers have no salesperson to release them: %(names)s.",
                    names=", ".join(unheld.mapped("display_name")),
                )
            )
        if self.env.user.has_group(MANAGER_GROUP):
            return
        others = self.filtered(lambda p: p.user_id != self.env.user)
        if others or not self.env.user.has_group(SALES_GROUP):
            raise AccessError(
                self.env._(
                    "Only the customer's own salesperson or a sales manager can release it to "
                    "the customer pool: %(names)s.",
                    names=", ".join((others or self).mapped("display_name")),
                )
            )

    def _followup_release(self, reason):
        """Gives the customers back to the pool, with the reason in the chatter
        and in the pool history (the cooldown counts from today)."""
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for releasing the customer."))
        self._check_followup_release_access()
        previous = {partner.id: partner.user_id for partner in self}
        self.sudo()._message_log_batch(
            {
                partner.id: escape(
                    self.env._(
                        "Released to the customer pool by %(user)s (salesperson %(salesperson)s): "
                        "%(reason)s",
                        user=self.env.user.name,
                        salesperson=partner.user_id.name,
                        reason=reason,
                    )
                )
                for partner in self
            },
            author_id=self.env.user.partner_id.id,
        )
        self._followup_to_pool()
        self.env["crm.followup.pool.event"]._followup_record(
            "released", self, previous, dict.fromkeys(self.ids, reason)
        )
        return True

    def _followup_to_pool(self):
        """The customers lose their salesperson and their pending reminders and
        warnings, and wait in the pool from today."""
        self.sudo()._followup_pool_activities().unlink()
        # the chatter note names the salesperson: no tracking message per customer
        self.sudo().with_context(mail_notrack=True).write(
            {"user_id": False, "followup_pool_date": fields.Date.context_today(self)}
        )

    # ------------------------------------------------------------------
    # What the pool list shows
    # ------------------------------------------------------------------

    @api.depends("followup_pool_date", "user_id")
    @api.depends_context("lang")
    def _compute_followup_pool_origin(self):
        """For a customer in the pool: the latest event that took it from its
        salesperson, who that was and why, in the reader's language. One
        query for the whole page."""
        pooled = self.filtered(lambda p: p.followup_pool_date and not p.user_id)
        latest = {}
        if pooled:
            latest = dict(
                self.env["crm.followup.pool.event"]
                .sudo()
                ._read_group(
                    [
                        ("partner_id", "in", pooled.ids),
                        ("event", "in", self._followup_cooldown_events()),
                    ],
                    ["partner_id"],
                    ["id:max"],
                )
            )
        Event = self.env["crm.followup.pool.event"].sudo()
        events = Event.browse([latest[p] for p in pooled if p in latest])
        by_partner = {event.partner_id.id: event for event in events}
        for partner in self:
            event = by_partner.get(partner.id, Event)
            partner.followup_pool_event_id = event
            partner.followup_pool_from_id = event.user_id
            partner.followup_pool_reason = event.reason

    @api.depends("followup_pool_date", "user_id")
    @api.depends_context("uid", "tz")
    def _compute_followup_claim_cooldown_until(self):
        until = self._followup_cooldown_ends(self.env.user)
        for partner in self:
            partner.followup_claim_cooldown_until = until.get(partner.id, False)

    def _followup_cooldown_ends(self, user):
        """``{partner_id: date}`` the day ``user`` may claim again each of these
        pooled customers they lost or released within the cooldown (the same
        rule ``_check_followup_cooldown`` refuses a claim with). One query."""
        pooled = self.filtered(lambda p: p.followup_pool_date and not p.user_id)
        if not pooled:
            return {}
        today = fields.Date.context_today(self)
        latest = (
            self.env["crm.followup.pool.event"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", pooled.ids),
                    ("user_id", "=", user.id),
                    ("event", "in", self._followup_cooldown_events()),
                ],
                ["partner_id"],
                ["date:max"],
            )
        )
        ends = {}
        for partner, day in latest:
            cooldown = partner._followup_pool_rules(user).cooldown_days
            if cooldown and day + timedelta(days=cooldown) > today:
                ends[partner.id] = day + timedelta(days=cooldown)
        return ends

    def _search_followup_claim_cooldown_until(self, operator, value):
        """The pooled customers the current user may not claim yet: those they
        lost within the longest cooldown of any company, checked one by one
        by the rule itself."""
        if value is not False or operator not in ("=", "!="):
            raise UserError(self.env._("Unsupported search on the claim cooldown."))
        longest = max(
            self.env["res.company"].sudo().search([]).mapped("followup_claim_cooldown_days"),
            default=0,
        )
        today = fields.Date.context_today(self)
        candidates = (
            self.env["crm.followup.pool.event"]
            .sudo()
            .search(
                [
                    ("user_id", "=", self.env.uid),
                    ("event", "in", self._followup_cooldown_events()),
                    ("date", ">", today - timedelta(days=longest)),
                ]
            )
            .partner_id
        )
        blocked = list(candidates._followup_cooldown_ends(self.env.user))
        return [("id", "in" if operator == "!=" else "not in", blocked)]
