from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, freeze_time, new_test_user

SALES = "sales_team.group_sale_salesman,base.group_partner_manager"


class ComplaintCase(TransactionCase):
    """Three sales teams, a helpdesk agent who records complaints, and graded
    customers of our own. Today is Wednesday 4 March 2026."""

    freeze_time = "2026-03-04 09:00:00"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "followup_working_days": False,
                "followup_claim_max_held": 0,
                "followup_claim_max_daily": 0,
                "followup_claim_cooldown_days": 30,
                "complaint_resolve_days": 3,
                "complaint_found_amount": 100,
                "complaint_escalated_amount": 100,
                "complaint_breach_amount": 500,
            }
        )
        cls.manager = new_test_user(
            cls.env,
            "cp_manager",
            groups="sales_team.group_sale_manager,base.group_partner_manager,"
            "helpdesk_mgmt.group_helpdesk_user",
            name="Mia Manager",
        )
        cls.agent = new_test_user(
            cls.env, "cp_agent", groups="helpdesk_mgmt.group_helpdesk_user", name="Hana Helpdesk"
        )
        # the weakest who could try: a salesperson who also handles own tickets
        cls.salesman = new_test_user(
            cls.env,
            "cp_salesman",
            groups=SALES + ",helpdesk_mgmt.group_helpdesk_user_own",
            name="Sam Sales",
        )
        cls.leader = new_test_user(cls.env, "cp_leader", groups=SALES, name="Lee Leader")
        cls.b_one = new_test_user(cls.env, "cp_b_one", groups=SALES, name="Bo One")
        cls.b_two = new_test_user(cls.env, "cp_b_two", groups=SALES, name="Bea Two")
        cls.c_one = new_test_user(cls.env, "cp_c_one", groups=SALES, name="Cai One")
        Team = cls.env["crm.team"]
        cls.team_a = Team.create(cls._team("Team A", cls.leader, cls.salesman | cls.leader))
        cls.team_b = Team.create(cls._team("Team B", cls.b_one, cls.b_one | cls.b_two))
        cls.team_c = Team.create(cls._team("Team C", cls.c_one, cls.c_one))
        # Odoo's own teams would take part in the transfers: only ours here
        (Team.search([]) - cls.team_a - cls.team_b - cls.team_c).action_archive()
        cls.grade_b = cls.env.ref("crm_followup_grading.grade_b")
        cls.grade_e = cls.env.ref("crm_followup_grading.grade_e")
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.customer = cls._customer("Hangzhou Tea House", cls.salesman)
        # the demo data's, when installed with it
        cls.earlier_deductions = cls.env["crm.complaint.deduction"].search([])

    @classmethod
    def _team(cls, name, leader, members):
        return {
            "name": name,
            "user_id": leader.id,
            "crm_team_member_ids": [Command.create({"user_id": u.id}) for u in members],
        }

    @classmethod
    def _customer(cls, name, user, grade=None):
        return (
            cls.env["res.partner"]
            .with_user(cls.manager)
            .create(
                {
                    "name": name,
                    "is_company": True,
                    "user_id": user.id if user else False,
                    "followup_grade_id": (grade or cls.grade_b).id,
                }
            )
        )

    def _complaint(self, customer=None, on=None, user=None, **vals):
        """A complaint the helpdesk agent records on ``on`` (a date)."""
        with freeze_time(on or date(2026, 3, 4)):
            return (
                self.env["helpdesk.ticket"]
                .with_user(user or self.agent)
                .create(
                    {
                        "name": "Broken teapot",
                        "description": "<p>It leaks.</p>",
                        "partner_id": (customer or self.customer).id,
                        "is_complaint": True,
                        "complaint_cause": "product",
                        **vals,
                    }
                )
            )

    def _deductions(self, tickets=None):
        domain = [("id", "not in", self.earlier_deductions.ids)]
        if tickets:
            domain.append(("ticket_id", "in", tickets.ids))
        return self.env["crm.complaint.deduction"].search(domain, order="id")

    def _breach_cron(self, on):
        with freeze_time(on):
            self.env["helpdesk.ticket"]._cron_complaint_breach()
