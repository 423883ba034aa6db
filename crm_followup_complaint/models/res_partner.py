"""On the customer: its open complaints, and what a missed complaint deadline
does to it (handed to another team) and to its former salesperson (the claim
cooldown)."""

from collections import defaultdict
from datetime import timedelta

from markupsafe import escape

from odoo import api, fields, models
from odoo.tools import SQL, format_date

from odoo.addons.crm_followup_grading.models.followup_holder import PoolRules

from ..complaint_rules import transfer_target

SALES_GROUP = "sales_team.group_sale_salesman"


class ResPartner(models.Model):
    _inherit = "res.partner"

    complaint_open_count = fields.Integer(
        string="Open Complaints", compute="_compute_complaint_open", groups="base.group_user"
    )
    complaint_next_deadline = fields.Date(
        string="Next Complaint Deadline",
        compute="_compute_complaint_open",
        groups="base.group_user",
        help="The nearest deadline among the customer's open complaints.",
    )

    def _compute_complaint_open(self):
        """What the current user may see of the customer's open complaints."""
        commercial = self.commercial_partner_id
        groups = self.env["helpdesk.ticket"]._read_group(
            [
                ("commercial_partner_id", "in", commercial.ids),
                ("is_complaint", "=", True),
                ("complaint_state", "=", "open"),
            ],
            ["commercial_partner_id"],
            ["__count", "complaint_deadline:min"],
        )
        open_ = {partner: (count, deadline) for partner, count, deadline in groups}
        for partner in self:
            count, deadline = open_.get(partner.commercial_partner_id, (0, False))
            partner.complaint_open_count = count
            partner.complaint_next_deadline = deadline

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_followup_complaint.helpdesk_ticket_action_complaint"
        )
        action["domain"] = [
            ("is_complaint", "=", True),
            ("commercial_partner_id", "=", self.commercial_partner_id.id),
        ]
        action["context"] = {"search_default_complaint_open": 1}
        return action

    # ------------------------------------------------------------------
    # The claim cooldown
    # ------------------------------------------------------------------

    def _followup_cooldown_events(self):
        """A customer taken from a salesperson after a missed complaint deadline
        is not claimed back by them within the cooldown, as a reclaimed one."""
        return (*super()._followup_cooldown_events(), "complaint_transfer")

    def _followup_cooldown_message(self, event, cooldown):
        if event.event != "complaint_transfer":
            return super()._followup_cooldown_message(event, cooldown)
        today = fields.Date.context_today(self)
        return self.env._(
            'Claim refused by the rule "claim cooldown": %(customer)s was handed to '
            "another salesperson after a complaint missed its deadline, %(count)s days "
            "ago on %(date)s; you may claim it again from %(until)s.",
            customer=event.partner_id.display_name,
            count=(today - event.date).days,
            date=format_date(self.env, event.date),
            until=format_date(self.env, event.date + timedelta(days=cooldown)),
        )

    # ------------------------------------------------------------------
    # The transfer after a missed deadline
    # ------------------------------------------------------------------

    @api.model
    def _complaint_transfer(self, losing):
        """Hands each customer of ``losing`` (``{customer: breached ticket}``)
        to a salesperson of another active sales team of its company: the team
        whose members hold the fewest graded customers, then its member holding
        the fewest, among those the pool rules let take it (the cap on customers
        held, their own cooldown on it); nobody, and it goes to the pool. The
        former salesperson's cooldown starts with the pool event. The same few
        queries however many customers."""
        if not losing:
            return
        customers = self.browse([customer.id for customer in losing]).sudo()
        today = fields.Date.context_today(self)
        company_of = {c: c.company_id or losing[c].company_id for c in customers}
        former_of = {c: losing[c].complaint_user_id for c in customers}
        teams, members = self._complaint_teams(set(company_of.values()))
        candidates = self.env["res.users"].browse({u for m in members.values() for u in m})
        salesman = self.env.ref(SALES_GROUP)
        candidates = candidates.sudo().filtered(
            lambda u: u.active and not u.share and salesman in u.groups_id
        )
        if candidates:
            # the same lock a claim takes: a parallel claim counts this transfer
            self.env.cr.execute(
                SQL(
                    "UPDATE res_users SET write_date = write_date WHERE id = ANY(%s)",
                    candidates.ids,
                )
            )
        held = self._complaint_held_counts(candidates, [])
        capped = self._complaint_held_counts(
            candidates, [("followup_grade_id.reclaim_days", ">", 0)]
        )
        lost_on = self._complaint_cooldown_dates(customers, candidates)
        targets = {}
        for customer in customers:
            company, former = company_of[customer], former_of[customer]
            rules = PoolRules(
                company.followup_claim_max_held,
                company.followup_claim_max_daily,
                company.followup_claim_cooldown_days,
            )
            counts = customer.followup_grade_id.reclaim_days > 0

            def can_take(user_id, customer=customer, rules=rules, counts=counts):
                if rules.max_held and counts and capped[user_id] + 1 > rules.max_held:
                    return False
                lost = lost_on.get((customer.id, user_id))
                return not (
                    rules.cooldown_days and lost and lost > today - timedelta(rules.cooldown_days)
                )

            eligible = {
                team.id: [
                    u.id
                    for u in candidates.browse(members[team.id])
                    if u in candidates and company in u.company_ids
                ]
                for team in teams
                if team.company_id in (company, self.env["res.company"])
                and former.id not in members[team.id]
            }
            target = transfer_target(eligible, held, can_take)
            if target:
                targets[customer] = candidates.browse(target)
                held[target] += 1 if customer.followup_grade_id else 0
                capped[target] += 1 if counts else 0
        self._complaint_hand_over(customers, losing, former_of, targets)

    def _complaint_teams(self, companies):
        """The active sales teams of these companies (or of none) and
        ``{team_id: [user_id]}`` their active members, in two queries."""
        teams = (
            self.env["crm.team"]
            .sudo()
            .search([("company_id", "in", [c.id for c in companies] + [False])], order="id")
        )
        members = defaultdict(list)
        for team, user in (
            self.env["crm.team.member"]
            .sudo()
            ._read_group([("crm_team_id", "in", teams.ids)], ["crm_team_id", "user_id"])
        ):
            members[team.id].append(user.id)
        return teams, members

    def _complaint_held_counts(self, users, domain):
        """``{user_id: n}`` graded customers each of ``users`` holds, one query."""
        counts = defaultdict(int)
        for user, count in (
            self.sudo()
            .with_context(active_test=True)
            ._read_group(
                [("user_id", "in", users.ids), ("followup_grade_id", "!=", False), *domain],
                ["user_id"],
                ["__count"],
            )
        ):
            counts[user.id] = count
        return counts

    def _complaint_cooldown_dates(self, customers, users):
        """``{(customer_id, user_id): date}`` the latest day each of ``users``
        lost or released each customer, one query."""
        return {
            (customer.id, user.id): day
            for customer, user, day in self.env["crm.followup.pool.event"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", customers.ids),
                    ("user_id", "in", users.ids),
                    ("event", "in", self._followup_cooldown_events()),
                ],
                ["partner_id", "user_id"],
                ["date:max"],
            )
        }

    def _complaint_hand_over(self, customers, losing, former_of, targets):
        """Moves the customers, with a chatter note for whoever serves them now
        and a pool event in the former salesperson's language."""
        customers._followup_pool_activities().unlink()
        by_user = defaultdict(lambda: self.browse())
        for customer, user in targets.items():
            by_user[user] |= customer
        for user, moved in by_user.items():
            # the chatter note tells; one "you have been assigned" e-mail per
            # customer would make the batch's queries grow with its size
            moved.with_context(mail_notrack=True, mail_auto_subscribe_no_notify=True).write(
                {"user_id": user.id}
            )
        pooled = customers.filtered(lambda c: c not in targets)
        pooled._followup_to_pool()
        notes, reasons = {}, {}
        for customer in customers:
            ticket, former, target = losing[customer], former_of[customer], targets.get(customer)
            reasons[customer.id] = self._complaint_transfer_text(ticket, former, target, former)
            notes[customer.id] = escape(
                self._complaint_transfer_text(ticket, former, target, target or former)
            )
        customers._message_log_batch(notes)
        # the event keeps what happened (its reader reads it in their own
        # language); its note, the former salesperson's text, is what remains
        # if this addon is uninstalled
        self.env["crm.followup.pool.event"]._followup_record(
            "complaint_transfer",
            customers,
            {c.id: former_of[c] for c in customers},
            reasons,
            values={
                c.id: {
                    "complaint_ticket_id": losing[c].id,
                    "complaint_target_id": targets[c].id if c in targets else False,
                }
                for c in customers
            },
        )

    def _complaint_transfer_text(self, ticket, former, target, reader, lang=None):
        env = self.with_context(lang=lang or reader.lang).env
        args = {
            "ticket": ticket.display_name,
            "deadline": format_date(env, ticket.complaint_deadline),
            "former": former.name,
            "target": target.name if target else "",
        }
        if target:
            return env._(
                "Complaint %(ticket)s was not resolved by its deadline, %(deadline)s: the "
                "customer goes from %(former)s to %(target)s.",
                **args,
            )
        return env._(
            "Complaint %(ticket)s was not resolved by its deadline, %(deadline)s: the customer "
            "leaves %(former)s for the customer pool, no salesperson of another team being "
            "able to take it.",
            **args,
        )
