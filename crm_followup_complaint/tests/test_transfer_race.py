import time
from datetime import timedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.channel_suite_base.tests.race import run_at_once

SALES = "sales_team.group_sale_salesman"
RULES = ("followup_claim_max_held", "followup_claim_max_daily", "followup_claim_cooldown_days")


class TestTransferRace(TransactionCase):
    """The breach cron hands a customer to the only salesperson of another team
    while that salesperson claims a customer from the pool, each in a
    transaction of its own, at the same moment; the salesperson may hold one
    customer. Whichever comes first wins, the other counts it (the claim is
    refused, the cron's batch retried), and nothing is done by halves."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            company = env.company
            self.company = company.id
            self.rules_before = {fname: company[fname] for fname in RULES}
            company.write({"followup_claim_max_held": 1, **dict.fromkeys(RULES[1:], 0)})
            # only our two teams may take the customer
            self.teams_archived = env["crm.team"].search([]).ids
            env["crm.team"].browse(self.teams_archived).action_archive()
            users = env["res.users"]
            for login in ("cp_race_former", "cp_race_leader", "cp_race_taker"):
                users |= new_test_user(env, login, groups=SALES)
            former, leader, taker = users
            self.users, self.taker = users.ids, taker.id
            self.former, self.leader = former.id, leader.id
            teams = env["crm.team"].create(
                [
                    {
                        "name": "Race Team Old",
                        "user_id": leader.id,
                        "crm_team_member_ids": [Command.create({"user_id": former.id})],
                    },
                    {
                        "name": "Race Team New",
                        "crm_team_member_ids": [Command.create({"user_id": taker.id})],
                    },
                ]
            )
            self.teams = teams.ids
            grade = env.ref("crm_followup_grading.grade_b")
            customer, pooled = env["res.partner"].create(
                [
                    {
                        "name": "Race Complainer",
                        "user_id": former.id,
                        "followup_grade_id": grade.id,
                    },
                    {"name": "Race Pooled", "followup_grade_id": grade.id},
                ]
            )
            pooled._followup_to_pool()
            self.customer, self.pooled = customer.id, pooled.id
            self.partners = (customer | pooled | users.partner_id).ids
            today = fields.Date.context_today(customer)
            ticket = env["helpdesk.ticket"].create(
                {
                    "name": "Race complaint",
                    "description": "<p>Late again.</p>",
                    "partner_id": customer.id,
                    "is_complaint": True,
                    "complaint_cause": "delivery",
                    "complaint_opened_date": today - timedelta(days=10),
                }
            )
            self.ticket = ticket.id
            self.assertLess(ticket.complaint_deadline, today)
        self.addCleanup(self._delete_committed_data)

    def _delete_committed_data(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env.company.browse(self.company).write(self.rules_before)
            partners, users = tuple(self.partners), tuple(self.users)
            cr.execute("DELETE FROM crm_complaint_deduction WHERE ticket_id = %s", [self.ticket])
            cr.execute("DELETE FROM crm_followup_pool_event WHERE partner_id IN %s", [partners])
            for model, ids in (("helpdesk.ticket", (self.ticket,)), ("res.partner", partners)):
                cr.execute(
                    "DELETE FROM mail_message WHERE model = %s AND res_id IN %s", [model, ids]
                )
                cr.execute(
                    "DELETE FROM mail_activity WHERE res_model = %s AND res_id IN %s", [model, ids]
                )
                cr.execute(
                    "DELETE FROM mail_followers WHERE res_model = %s AND res_id IN %s", [model, ids]
                )
            cr.execute("DELETE FROM helpdesk_ticket WHERE id = %s", [self.ticket])
            cr.execute("DELETE FROM crm_team WHERE id IN %s", [tuple(self.teams)])
            cr.execute("DELETE FROM res_users WHERE id IN %s", [users])
            cr.execute("DELETE FROM res_partner WHERE id IN %s", [partners])
            env["crm.team"].browse(self.teams_archived).action_unarchive()

    def _at_once(self, late=None):
        """The cron as the scheduler runs it, and the taker's claim as a request
        would run it (retried on a serialisation failure). ``late`` ("cron" or
        "claim") acts a moment after the other, on the snapshot it took with
        the other (a retry waits again, on a fresh snapshot: the other has
        long committed by then): left alone, the claim is the quicker."""

        def cron(env):
            if late == "cron":
                time.sleep(2)
            env["helpdesk.ticket"]._cron_complaint_breach()

        def claim(env):
            if late == "claim":
                time.sleep(2)
            env["res.partner"].browse(self.pooled).action_followup_claim()

        outcomes = run_at_once(self.registry, [(SUPERUSER_ID, cron), (self.taker, claim)])
        return dict(zip(("cron", "claim"), outcomes, strict=True))

    def _state(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            Partner = env["res.partner"]
            customer, pooled = Partner.browse(self.customer), Partner.browse(self.pooled)
            events = env["crm.followup.pool.event"].search(
                [
                    ("partner_id", "in", self.partners),
                    ("event", "in", ("claimed", "complaint_transfer")),
                ],
                order="id",
            )
            deductions = env["crm.complaint.deduction"].search(
                [("ticket_id", "=", self.ticket), ("kind", "=", "breach")]
            )
            return {
                "customer": customer.user_id.id,
                "customer_pooled": bool(customer.followup_pool_date),
                "pooled": pooled.user_id.id,
                "events": [(e.partner_id.id, e.event, e.user_id.id) for e in events],
                "deductions": sorted(deductions.user_id.ids),
                "ticket": env["helpdesk.ticket"].browse(self.ticket).complaint_state,
                "held": Partner.search_count([("user_id", "=", self.taker)]),
            }

    def _assert_nothing_by_halves(self, outcomes, state):
        self.assertEqual(outcomes["cron"], "done", outcomes)
        # the breach, its deductions and its event once
        self.assertEqual(state["ticket"], "breached")
        self.assertEqual(state["deductions"], sorted([self.former, self.leader]))
        self.assertEqual(state["held"], 1, "the cap holds: the taker holds one customer")

    def test_claim_first_then_the_transfer(self):
        outcomes = self._at_once(late="cron")
        state = self._state()
        self._assert_nothing_by_halves(outcomes, state)
        self.assertEqual(outcomes["claim"], "done", outcomes)
        # the cron's batch, retried on a fresh snapshot, found the taker full
        self.assertEqual(state["pooled"], self.taker)
        self.assertEqual((state["customer"], state["customer_pooled"]), (False, True))
        self.assertCountEqual(
            state["events"],
            [
                (self.pooled, "claimed", self.taker),
                (self.customer, "complaint_transfer", self.former),
            ],
        )

    def test_transfer_first_then_the_claim(self):
        outcomes = self._at_once(late="claim")
        state = self._state()
        self._assert_nothing_by_halves(outcomes, state)
        self.assertIsInstance(outcomes["claim"], UserError, outcomes)
        self.assertIn("most customers held", str(outcomes["claim"]))
        self.assertEqual(state["customer"], self.taker)
        self.assertFalse(state["pooled"])
        self.assertEqual(state["events"], [(self.customer, "complaint_transfer", self.former)])
