from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user

from .common import ComplaintCase


class TestReports(ComplaintCase):
    """What a manager reads: complaints by cause and salesperson, the share
    resolved in time, deductions by person and month."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.b_customer = cls._customer("B's Customer", cls.b_one)

    def _setup_complaints(self):
        in_time = self._complaint()
        with freeze_time("2026-03-05 09:00:00"):
            in_time.with_user(self.agent).stage_id = self.stage_done
        self._complaint(complaint_cause="price")
        self._complaint(self.b_customer, complaint_cause="price")
        self._breach_cron("2026-03-08 10:00:00")

    def test_complaints_by_cause_and_salesperson(self):
        self._setup_complaints()
        Ticket = self.env["helpdesk.ticket"].with_user(self.manager)
        groups = Ticket._read_group(
            [("is_complaint", "=", True), ("complaint_user_id", "!=", False)],
            ["complaint_cause", "complaint_user_id"],
            ["__count"],
        )
        counts = {(cause, user.login): n for cause, user, n in groups}
        self.assertEqual(counts.get(("product", "cp_salesman")), 1)
        self.assertEqual(counts.get(("price", "cp_salesman")), 1)
        self.assertEqual(counts.get(("price", "cp_b_one")), 1)

    def test_sales_managers_count_every_complaint_without_a_helpdesk_group(self):
        self._setup_complaints()
        other_ticket = self.env["helpdesk.ticket"].create(
            {"name": "Invoice copy", "description": "<p>Please resend.</p>"}
        )
        boss = new_test_user(self.env, "cp_boss", groups="sales_team.group_sale_manager")
        all_leads = new_test_user(
            self.env, "cp_all", groups="sales_team.group_sale_salesman_all_leads"
        )
        complaints = self.env["helpdesk.ticket"].search([("is_complaint", "=", True)])
        expected = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("is_complaint", "=", True)], ["complaint_cause"], ["__count"]
            )
        )
        for user in (boss, all_leads):
            with self.subTest(user=user.login):
                Ticket = self.env["helpdesk.ticket"].with_user(user)
                self.assertEqual(Ticket.search([("is_complaint", "=", True)]), complaints)
                self.assertFalse(Ticket.search([("id", "=", other_ticket.id)]))
                by_cause = Ticket._read_group([], ["complaint_cause"], ["__count"])
                self.assertEqual(dict(by_cause), expected)
                # reading is all: what they may change is helpdesk_mgmt's to say
                with self.assertRaises(AccessError):
                    complaints[0].with_user(user).write({"name": "Renamed"})
        # a plain salesperson still reads only the complaints they answer for
        self.assertFalse(
            self.env["helpdesk.ticket"].with_user(self.c_one).search([("is_complaint", "=", True)])
        )

    def test_share_resolved_within_the_deadline(self):
        self._setup_complaints()
        action = self.env.ref("crm_followup_complaint.helpdesk_ticket_action_complaint_on_time")
        domain = [("is_complaint", "=", True), ("complaint_state", "in", ("resolved", "breached"))]
        self.assertIn("complaint_state", action.domain)
        groups = dict(
            self.env["helpdesk.ticket"]
            .with_user(self.manager)
            ._read_group(domain, ["complaint_user_id"], ["complaint_on_time:avg"])
        )
        self.assertAlmostEqual(groups[self.salesman], 50.0)
        self.assertAlmostEqual(groups[self.b_one], 0.0)

    def test_deductions_by_person_and_month(self):
        self._setup_complaints()
        groups = (
            self.env["crm.complaint.deduction"]
            .with_user(self.manager)
            ._read_group(
                [("id", "not in", self.earlier_deductions.ids)],
                ["user_id", "date:month"],
                ["amount:sum"],
            )
        )
        totals = {(user.login, month): amount for user, month, amount in groups}
        march = date(2026, 3, 1)
        # salesman: 2 complaints (200) and one breach (500); leader: one breach
        self.assertEqual(totals[("cp_salesman", march)], 700.0)
        self.assertEqual(totals[("cp_leader", march)], 500.0)
        self.assertEqual(totals[("cp_b_one", march)], 100.0 + 500.0)

    def test_screens_open_for_each_sales_group(self):
        for user in (self.salesman, self.manager, self.b_one):
            with self.subTest(user=user.login):
                self.env["res.partner"].with_user(user).get_views([(False, "form")])
                for model, kinds in (
                    ("helpdesk.ticket", ("form",)),
                    ("crm.complaint.deduction", ("list", "form", "pivot", "graph", "search")),
                ):
                    self.env[model].with_user(user).get_views([(False, k) for k in kinds])
