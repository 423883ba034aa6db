from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, new_test_user

from .common import SALES, ComplaintCase


class TestBreach(ComplaintCase):
    """The deadline check, on Sunday 8 March 2026 for complaints recorded on
    Wednesday 4 March (deadline Saturday 7 March)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # graded customers held: team B's members 3 in all, team C's 1
        for name, user in (("B1", cls.b_one), ("B2", cls.b_one), ("B3", cls.b_two)):
            cls._customer(name, user)
        cls._customer("C1", cls.c_one)

    def _events(self, customer=None):
        return self.env["crm.followup.pool.event"].search(
            [("partner_id", "=", (customer or self.customer).id)], order="id"
        )

    def test_breach_deducts_transfers_and_records_the_event(self):
        ticket = self._complaint()
        self._breach_cron("2026-03-07 10:00:00")
        self.assertEqual(ticket.complaint_state, "open")  # the deadline day is not over
        self._breach_cron("2026-03-08 10:00:00")
        self.assertEqual(ticket.complaint_state, "breached")
        self.assertEqual(ticket.complaint_breach_date, date(2026, 3, 8))
        breach = self._deductions(ticket).filtered(lambda d: d.kind == "breach")
        self.assertEqual(
            sorted((d.user_id.login, d.amount) for d in breach),
            [("cp_leader", 500.0), ("cp_salesman", 500.0)],
        )
        # team C's members hold the fewest graded customers
        self.assertEqual(self.customer.user_id, self.c_one)
        self.assertRecordValues(
            self._events(),
            [
                {
                    "event": "complaint_transfer",
                    "user_id": self.salesman.id,
                    "date": date(2026, 3, 8),
                }
            ],
        )
        self.assertFalse(ticket._complaint_activities())

    def test_twice_through_the_cron_changes_nothing_more(self):
        ticket = self._complaint()
        self._breach_cron("2026-03-08 10:00:00")
        deductions, events = self._deductions(), self._events()
        self._breach_cron("2026-03-08 11:00:00")
        self._breach_cron("2026-03-09 10:00:00")
        self.assertEqual(self._deductions(), deductions)
        self.assertEqual(self._events(), events)
        self.assertEqual(self.customer.user_id, self.c_one)
        self.assertEqual(ticket.complaint_state, "breached")

    def test_reopened_ticket_keeps_its_breach(self):
        ticket = self._complaint()
        self._breach_cron("2026-03-08 10:00:00")
        with freeze_time("2026-03-09 10:00:00"):
            ticket.with_user(self.agent).stage_id = self.stage_done
            ticket.with_user(self.agent).stage_id = self.stage_new
            ticket.with_user(self.agent).stage_id = self.stage_done
        self.assertEqual(ticket.complaint_state, "breached")
        deductions = self._deductions()
        self._breach_cron("2026-03-10 10:00:00")
        self.assertEqual(ticket.complaint_state, "breached")
        self.assertEqual(self._deductions(), deductions)

    def test_archived_complaint_is_breached_too(self):
        ticket = self._complaint()
        ticket.with_user(self.manager).action_archive()
        self._breach_cron("2026-03-08 10:00:00")
        self.assertEqual(ticket.complaint_state, "breached")

    def test_breach_amount_zero_records_none_but_transfers(self):
        self.company.complaint_breach_amount = 0
        ticket = self._complaint()
        self._breach_cron("2026-03-08 10:00:00")
        self.assertEqual(self._deductions(ticket).mapped("kind"), ["found"])
        self.assertEqual(self.customer.user_id, self.c_one)

    def test_customer_already_moved_stays_with_its_new_salesperson(self):
        ticket = self._complaint()
        self.customer.with_user(self.manager).user_id = self.b_two
        self._breach_cron("2026-03-08 10:00:00")
        self.assertEqual(ticket.complaint_state, "breached")
        self.assertEqual(self.customer.user_id, self.b_two)
        self.assertNotIn("complaint_transfer", self._events().mapped("event"))

    def test_transfer_respects_the_cap_on_customers_held(self):
        self.company.followup_claim_max_held = 2
        # c_one holds 1: the customer makes 2, within the cap
        self._complaint()
        self._breach_cron("2026-03-08 10:00:00")
        self.assertEqual(self.customer.user_id, self.c_one)

    def test_transfer_skips_who_is_full_and_goes_to_the_next_team(self):
        self.company.followup_claim_max_held = 1  # c_one, b_one are full; b_two too
        self.env["res.partner"].search([("user_id", "=", self.b_two.id)]).with_user(
            self.manager
        ).write({"user_id": self.b_one.id})
        self._complaint()
        self._breach_cron("2026-03-08 10:00:00")
        self.assertEqual(self.customer.user_id, self.b_two)

    def test_nobody_able_to_take_it_sends_it_to_the_pool(self):
        self.company.followup_claim_max_held = 1
        members = (self.team_a | self.team_b | self.team_c).crm_team_member_ids.user_id
        self.assertEqual(
            members, self.salesman | self.leader | self.b_one | self.b_two | self.c_one
        )
        self._complaint()
        self._breach_cron("2026-03-08 10:00:00")
        self.assertFalse(self.customer.user_id)
        self.assertEqual(self.customer.followup_pool_date, date(2026, 3, 8))
        self.assertEqual(self._events().event, "complaint_transfer")

    def test_transfer_skips_who_lost_the_customer_within_the_cooldown(self):
        self.env["crm.followup.pool.event"]._followup_record(
            "released", self.customer, {self.customer.id: self.c_one}
        )
        self._complaint()
        self._breach_cron("2026-03-08 10:00:00")
        self.assertEqual(self.customer.user_id, self.b_two)

    def test_former_salesperson_cannot_claim_it_back_within_the_cooldown(self):
        self._complaint()
        self._breach_cron("2026-03-08 10:00:00")
        with freeze_time("2026-03-09 10:00:00"):
            self.customer.with_user(self.c_one)._followup_release("Not my region")
            with self.assertRaisesRegex(UserError, "claim cooldown"):
                self.customer.with_user(self.salesman).action_followup_claim()
        self.assertFalse(self.customer.user_id)
        with freeze_time("2026-04-08 10:00:00"):
            self.customer.with_user(self.salesman).action_followup_claim()
        self.assertEqual(self.customer.user_id, self.salesman)

    def test_queries_per_batch_do_not_grow_with_complaints(self):
        for i in range(6):  # all the customers go to team C
            self._customer(f"More B {i}", self.b_two)
        self._complaint()
        with freeze_time("2026-03-08 10:00:00"):
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            self.env["helpdesk.ticket"]._cron_complaint_breach()
            self.env.flush_all()
            one = self.env.cr.sql_log_count - before
        customers = [self._customer(f"Many {i}", self.salesman) for i in range(4)]
        for customer in customers:
            self._complaint(customer, on=date(2026, 3, 10))
        with freeze_time("2026-03-14 10:00:00"), self.assertQueryCount(one):
            self.env["helpdesk.ticket"]._cron_complaint_breach()
            self.env.flush_all()
        self.assertEqual({c.user_id for c in customers}, {self.c_one})


class TestBreachMultiCompany(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_2 = cls.env["res.company"].create({"name": "Shanghai Branch"})
        cls.company_2.complaint_breach_amount = 300
        cls.salesman.company_ids |= cls.company_2
        cls.d_one = new_test_user(
            cls.env,
            "cp_d_one",
            groups=SALES,
            name="Du One",
            company_id=cls.company_2.id,
            company_ids=[Command.set(cls.company_2.ids)],
        )
        cls.team_d = cls.env["crm.team"].create(
            {**cls._team("Team D", cls.d_one, cls.d_one), "company_id": cls.company_2.id}
        )
        cls.customer_2 = cls.env["res.partner"].create(
            {
                "name": "Shanghai Noodles",
                "is_company": True,
                "company_id": cls.company_2.id,
                "user_id": cls.salesman.id,
                "followup_grade_id": cls.grade_b.id,
            }
        )

    def test_complaint_on_another_companys_customer_stays_there(self):
        ticket = self._complaint(self.customer_2, user=self.env.user, company_id=self.company_2.id)
        self._breach_cron("2026-03-08 10:00:00")
        deductions = self._deductions(ticket)
        self.assertEqual(deductions.company_id, self.company_2)
        self.assertEqual(
            deductions.filtered(lambda d: d.kind == "breach").mapped("amount"), [300.0, 300.0]
        )
        self.assertEqual(self.customer_2.user_id, self.d_one)
        event = self.env["crm.followup.pool.event"].search(
            [("partner_id", "=", self.customer_2.id)]
        )
        self.assertEqual(event.company_id, self.company_2)
        seen = self.env["crm.complaint.deduction"].with_user(self.manager).search([])
        self.assertNotIn(self.company_2, seen.company_id)

    def test_complaint_cannot_be_recorded_in_the_wrong_company(self):
        with self.assertRaises(ValidationError):
            self._complaint(self.customer_2, user=self.env.user, company_id=self.company.id)
        self.assertFalse(self._deductions())
