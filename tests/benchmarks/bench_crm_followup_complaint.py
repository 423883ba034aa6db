"""CRM follow-up complaints at scale: the breach cron over 10,000 open
complaints, 1,000 of them past their deadline.

The customers (graded, held by the salespeople of one sales team) and their
complaints are written in SQL, as an import of open complaints would put them.
Timed:

- the breach cron (``_cron_complaint_breach``, batches of 500): each of the
  1,000 breached complaints gets its deductions (salesperson and team
  leader), a chatter note, and its customer goes to a salesperson of another
  team, with a pool event and a note; its queries per batch must not grow with
  the batch (the report's growth column compares the two scales);
- its second run, when nothing is left to breach (the fastest of three: it
  writes nothing).
"""

from datetime import timedelta

from odoo import Command
from odoo.tests import new_test_user

from tools.bulk_data import insert_partners

from .common import BenchCase, crons_today, measure, measure_best, record, scaled

ADDON = "crm_followup_complaint"
SALESPEOPLE = 10


class BenchCrmFollowupComplaint(BenchCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.n_open = scaled(10000)
        cls.n_breached = scaled(1000)
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        env = cls.env
        env.company.write(
            {
                "followup_claim_max_held": 0,
                "followup_claim_max_daily": 0,
                "followup_claim_cooldown_days": 30,
                "complaint_breach_amount": 500,
            }
        )
        users = {}
        for team in ("old", "new"):
            users[team] = env["res.users"]
            for n in range(SALESPEOPLE):
                users[team] |= new_test_user(
                    env, f"bench.complaint.{team}.{n}", groups="sales_team.group_sale_salesman"
                )
        # only these two teams take part in the transfers
        env["crm.team"].search([]).action_archive()
        env["crm.team"].create(
            [
                {
                    "name": f"Bench team {team}",
                    "user_id": members[0].id,
                    "crm_team_member_ids": [Command.create({"user_id": u.id}) for u in members],
                }
                for team, members in users.items()
            ]
        )
        cls.holders = users["old"]
        cls.today = crons_today(env)
        env.flush_all()
        cls._insert_complaints()

    @classmethod
    def _insert_complaints(cls):
        """One customer per complaint, held by a salesperson of the old team;
        every (open / breached)-th complaint was opened ten days ago (its
        deadline is past), the others today."""
        cr = cls.env.cr
        params = {
            "every": cls.n_open // cls.n_breached,
            "users": cls.holders.ids,
            "n_users": len(cls.holders),
            "grade": cls.env.ref("crm_followup_grading.grade_b").id,
            "company": cls.env.company.id,
            "stage": cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new").id,
            "today": cls.today,
            "past": cls.today - timedelta(days=10),
            "resolve_days": cls.env.company.complaint_resolve_days,
        }
        params["partner_ids"] = insert_partners(
            cr,
            "Bench complainer",
            cls.n_open,
            params,
            is_company="true",
            user_id="(%(users)s::int[])[i %% %(n_users)s + 1]",
            followup_grade_id="%(grade)s",
            followup_grade_date="%(today)s::date - 30",
            followup_last_date="%(today)s::date - 1",
            followup_next_date="%(today)s::date + 30",
            followup_assigned_date="%(today)s::date - 30",
        )
        cr.execute(
            """
            INSERT INTO helpdesk_ticket (number, name, description, partner_id,
                                         commercial_partner_id, company_id, stage_id, active,
                                         is_complaint, complaint_cause, complaint_state,
                                         complaint_opened_date, complaint_deadline,
                                         complaint_user_id, complaint_on_time,
                                         create_uid, write_uid, create_date, write_date)
            SELECT 'BENCH-' || i, 'Bench complaint ' || i, '<p>Late.</p>', p, p, %(company)s,
                   %(stage)s, true, true, 'delivery', 'open', o, o + %(resolve_days)s,
                   (SELECT user_id FROM res_partner WHERE id = p), 0, 1, 1, now(), now()
              FROM unnest(%(partner_ids)s::int[]) WITH ORDINALITY AS c(p, i),
                   LATERAL (SELECT CASE WHEN i %% %(every)s = 0 THEN %(past)s::date
                                        ELSE %(today)s::date END AS o) d
            """,
            params,
        )
        cr.execute("ANALYZE res_partner")
        cr.execute("ANALYZE helpdesk_ticket")
        cls.env.invalidate_all()

    def _breached(self):
        return self.env["helpdesk.ticket"].search_count(
            [("number", "=like", "BENCH-%"), ("complaint_breach_date", "=", self.today)]
        )

    def test_breach_cron(self):
        Ticket = self.env["helpdesk.ticket"]
        self.env.invalidate_all()
        with measure(self.env.cr) as cron:
            Ticket._cron_complaint_breach()
            self.env.flush_all()
        breached = self._breached()
        self.assertEqual(breached, self.n_breached)
        moved = self.env["res.partner"].search_count(
            [("name", "like", "Bench complainer"), ("user_id", "not in", self.holders.ids)]
        )
        self.assertEqual(moved, breached, "each breached complaint's customer changed hands")
        again = measure_best(self.env, Ticket._cron_complaint_breach)
        self.assertEqual(self._breached(), breached, "the second run breaches nothing more")
        size = f"{self.n_open} open complaints, {breached} breached"
        record(
            ADDON,
            "breach cron: deductions, notes and customers handed on",
            size,
            cron.seconds,
            queries=cron.queries,
            note=f"batches of 500; {cron.queries / max(1, -(-breached // 500)):.0f} "
            "queries per batch",
            units=breached,
        )
        record(
            ADDON,
            "breach cron: second run, nothing to do",
            size,
            again.seconds,
            queries=again.queries,
            units=breached,
        )
        self.assertLess(cron.seconds, 120)
