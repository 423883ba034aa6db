"""Who may end up holding a customer: one rule that a claim, a sales
manager's assignment, a write of the salesperson, a merge of duplicates, a
follow-up that re-grades a customer and unarchiving all pass through; and the
pool rules a claim passes (caps and cooldown). The guards on archiving and
deleting a customer are in res_partner_followup_guard.py."""

# Odoo extends one model over several files too (mail/models/discuss/res_partner.py)
# pylint: disable=consider-merging-classes-inherited

from collections import namedtuple
from datetime import timedelta

from odoo import SUPERUSER_ID, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_date

SALES_GROUP = "sales_team.group_sale_salesman"
MANAGER_GROUP = "sales_team.group_sale_manager"

# a company's pool rules: 0 = no cap, no cooldown
PoolRules = namedtuple("PoolRules", ["max_held", "max_daily", "cooldown_days"])


def strictest_rules(rules):
    """The strictest of several companies' pool rules: the lowest cap (0 is
    none) and the longest cooldown."""
    rules = list(rules)

    def lowest_cap(caps):
        caps = [cap for cap in caps if cap > 0]
        return min(caps) if caps else 0

    return PoolRules(
        lowest_cap(r.max_held for r in rules),
        lowest_cap(r.max_daily for r in rules),
        max((r.cooldown_days for r in rules), default=0),
    )


def _counts(grade):
    """Customers of a grade that returns to the pool count against the cap on held."""
    return grade.reclaim_days > 0


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # The rule
    # ------------------------------------------------------------------

    def _followup_assigns_freely(self):
        """Sales managers give customers to anyone regardless of the pool
        rules, and so do the scheduled actions (run by the superuser)."""
        return self.env.uid == SUPERUSER_ID or self.env.user.has_group(MANAGER_GROUP)

    def _followup_pool_held(self):
        """The customers the pool rules are about: graded ones, and those in the pool."""
        return self.filtered(lambda p: p.followup_grade_id or p.followup_pool_date)

    def _check_followup_holder(self, user, claim=False):
        """The one rule on who may end up holding these customers: ``user``
        (empty: nobody) is to hold them, by the current user's doing.

        A claim takes customers of the pool for oneself, within the pool rules,
        whoever claims. Anything else is an assignment: only sales managers
        (and the scheduled actions) give a graded or pooled customer another
        salesperson, or none, and they do it regardless of the rules; a
        salesperson releases to the pool and claims from it. Ungraded
        customers outside the pool keep Odoo's usual rules.
        """
        if claim:
            if not self.env.user.has_group(SALES_GROUP):
                raise AccessError(
                    self.env._("Only salespeople can claim customers from the customer pool.")
                )
            outside = self.filtered(lambda p: not p.followup_pool_date or p.user_id)
            if outside:
                raise UserError(
                    self.env._(
                        "Only customers in the customer pool can be claimed; these are not: "
                        "%(names)s.",
                        names=", ".join(outside.mapped("display_name")),
                    )
                )
            self._check_followup_claim_rules(user)
            return
        moving = self.filtered(lambda p: p.user_id != user)._followup_pool_held()
        if moving and not self._followup_assigns_freely():
            raise UserError(
                self.env._(
                    "Only sales managers can change the salesperson of graded customers or of "
                    "customers in the pool (claim those from the customer pool): %(names)s.",
                    names=", ".join(moving.mapped("display_name")),
                )
            )

    def action_followup_claim(self):
        """A salesperson takes customers out of the pool, within the company's
        claim rules; several customers at once are claimed all or none."""
        self._followup_claim()
        return True

    def _followup_claim(self):
        """Claims these pooled customers for the current user (the Claim
        button, a merge that takes a pooled duplicate), with its pool event."""
        user = self.env.user
        self._check_followup_holder(user, claim=True)
        # claiming is allowed to every salesperson, even without write access to contacts
        self.sudo().write({"user_id": user.id})
        self.env["crm.followup.pool.event"]._followup_record(
            "claimed", self, dict.fromkeys(self.ids, user)
        )

    def _check_followup_write(self, vals, regraded, reassigned):
        """What a write must pass before it changes anything: a new
        salesperson through the rule above, archiving, and the cap on
        customers held when customers come to count against it."""
        if not self.env.su:
            if reassigned:
                reassigned._check_followup_holder(self.env["res.users"].browse(vals["user_id"]))
            if "active" in vals and not vals["active"]:
                self._check_followup_archive()
        # flows written as superuser are trusted, but for the re-grade of a log
        if not self.env.su or self.env.context.get("followup_from_log"):
            self._check_followup_newly_held(vals, regraded)

    def _check_followup_newly_held(self, vals, regraded):
        """A customer that starts to count against its salesperson's cap
        without changing hands (a follow-up re-grades it from a grade that
        never returns to the pool, e.g. E, to one that does; it is unarchived)
        passes the cap on customers held, as a claim does; sales managers
        grade beyond it."""
        new_grade = None
        if "followup_grade_id" in vals:
            new_grade = self.env["crm.followup.grade"].browse(vals["followup_grade_id"])
        newly = self.browse()
        if new_grade is not None and _counts(new_grade):
            newly |= regraded.filtered(lambda p: not _counts(p.followup_grade_id))
        if vals.get("active"):
            newly |= self.filtered(
                lambda p: (
                    not p.active
                    and _counts(p.followup_grade_id if new_grade is None else new_grade)
                )
            )
        if "user_id" in vals:
            # a customer changing hands went through the rule on holders
            newly = newly.filtered(lambda p: p.user_id.id == vals["user_id"])
        newly = newly.filtered("user_id")
        if not newly or self._followup_assigns_freely():
            return
        for user, partners in newly.grouped("user_id").items():
            partners._check_followup_held_cap(user)

    # ------------------------------------------------------------------
    # The pool rules
    # ------------------------------------------------------------------

    def _followup_pool_rules(self, user):
        """The pool rules for ``user`` getting these customers: those of each
        customer's company, the strictest of them; for a customer shared by
        the companies, the strictest of the companies ``user`` works in. So
        switching the current company changes no rule."""
        companies = self.company_id
        if any(not partner.company_id for partner in self):
            companies |= user.sudo().company_ids
        return strictest_rules(
            PoolRules(
                company.followup_claim_max_held,
                company.followup_claim_max_daily,
                company.followup_claim_cooldown_days,
            )
            for company in companies.sudo()
        )

    def _followup_lock_holder(self, user):
        """Serialises what counts against ``user``'s pool rules: two claims,
        merges or re-grades for the same salesperson at once would each count
        without the other and pass the caps together.

        A SELECT ... FOR UPDATE is not enough under Odoo's REPEATABLE READ: the
        later transaction would get the lock once the earlier commits, but keep
        counting on its older snapshot. Updating the row makes it fail with a
        serialisation error instead, and Odoo retries it with a fresh snapshot
        that counts the earlier one."""
        self.env.cr.execute(
            SQL("UPDATE res_users SET write_date = write_date WHERE id = %s", user.id)
        )

    def _followup_held_count(self, user):
        """How many customers that return to the pool ``user`` holds."""
        return (
            self.sudo()
            .with_context(active_test=True)
            .search_count([("user_id", "=", user.id), ("followup_grade_id.reclaim_days", ">", 0)])
        )

    def _check_followup_held_cap(self, user):
        """These customers of ``user`` are about to count against the cap."""
        rules = self._followup_pool_rules(user)
        if not rules.max_held:
            return
        self._followup_lock_holder(user)
        held = self._followup_held_count(user)
        if held + len(self) > rules.max_held:
            raise UserError(
                self.env._(
                    'Refused by the rule "most customers held": a salesperson may hold at most '
                    "%(limit)s customers that return to the pool; %(salesperson)s holds "
                    "%(count)s, and this would add %(adding)s (%(names)s). Release a customer "
                    "to the pool first, or ask a sales manager.",
                    limit=rules.max_held,
                    salesperson=user.name,
                    count=held,
                    adding=len(self),
                    names=", ".join(self.mapped("display_name")),
                )
            )

    def _check_followup_claim_rules(self, user):
        """The pool rules, each checked with one query whatever the salesperson
        holds: the cap on customers held, the cap on claims a day, and the
        cooldown on customers they lost or gave up. Counted under a lock on the
        salesperson, so that parallel claims count each other."""
        rules = self._followup_pool_rules(user)
        if not any(rules):
            return
        self._followup_lock_holder(user)
        today = fields.Date.context_today(self)
        Event = self.env["crm.followup.pool.event"].sudo()
        claiming = len(self.filtered(lambda p: _counts(p.followup_grade_id)))
        if rules.max_held and claiming:
            held = self._followup_held_count(user)
            if held + claiming > rules.max_held:
                raise UserError(
                    self.env._(
                        'Claim refused by the rule "most customers held": a salesperson may '
                        "hold at most %(limit)s customers; you hold %(count)s and are claiming "
                        "%(claiming)s.",
                        limit=rules.max_held,
                        count=held,
                        claiming=claiming,
                    )
                )
        if rules.max_daily:
            claimed = Event.search_count(
                [("user_id", "=", user.id), ("event", "=", "claimed"), ("date", "=", today)]
            )
            if claimed + len(self) > rules.max_daily:
                raise UserError(
                    self.env._(
                        'Claim refused by the rule "most claims per day": a salesperson may '
                        "claim at most %(limit)s customers a day; you claimed %(count)s today "
                        "and are claiming %(claiming)s.",
                        limit=rules.max_daily,
                        count=claimed,
                        claiming=len(self),
                    )
                )
        if rules.cooldown_days:
            self._check_followup_cooldown(user, rules.cooldown_days)

    def _followup_cooldown_events(self):
        """The pool events after which a salesperson waits out the cooldown
        before claiming the customer back."""
        return ("reclaimed", "released")

    def _check_followup_cooldown(self, user, cooldown):
        today = fields.Date.context_today(self)
        recent = (
            self.env["crm.followup.pool.event"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.ids),
                    ("user_id", "=", user.id),
                    ("event", "in", self._followup_cooldown_events()),
                    ("date", ">", today - timedelta(days=cooldown)),
                ],
                order="date desc, id desc",
                limit=1,
            )
        )
        if recent:
            raise UserError(self._followup_cooldown_message(recent, cooldown))

    def _followup_cooldown_message(self, event, cooldown):
        """Why ``event`` keeps its salesperson from claiming the customer back."""
        today = fields.Date.context_today(self)
        return self.env._(
            'Claim refused by the rule "claim cooldown": a customer you lost or '
            "released cannot be claimed back by you within %(limit)s days. "
            "%(customer)s left you %(count)s days ago, on %(date)s; you may claim "
            "it again from %(until)s.",
            limit=cooldown,
            customer=event.partner_id.display_name,
            count=(today - event.date).days,
            date=format_date(self.env, event.date),
            until=format_date(self.env, event.date + timedelta(days=cooldown)),
        )
