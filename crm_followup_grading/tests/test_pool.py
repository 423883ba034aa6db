from datetime import date

from odoo.exceptions import UserError
from odoo.tests import Form, freeze_time

from .common import FollowupCase


class TestCustomerPool(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # reclaim period 90 days: neglected since before 4 December 2025
        cls.neglected = cls._customer(
            "Neglected",
            cls.grade_b,
            cls.salesman,
            graded_on=date(2025, 9, 1),
            last=date(2025, 12, 1),
        )
        cls.served = cls._customer(
            "Served", cls.grade_b, cls.salesman, graded_on=date(2025, 9, 1), last=date(2026, 1, 10)
        )
        cls.never_served = cls._customer(
            "Never", cls.grade_c, cls.other_salesman, graded_on=date(2025, 11, 1)
        )
        cls.dead = cls._customer("Dead", cls.grade_e, cls.salesman, graded_on=date(2024, 1, 1))
        cls.customers = cls.neglected | cls.served | cls.never_served | cls.dead

    def _reclaim(self):
        self.env["res.partner"]._cron_reclaim_neglected()

    def test_neglected_customers_return_to_the_pool(self):
        self.env["res.partner"]._cron_schedule_followups()
        self._reclaim()
        pooled = self.customers.filtered("followup_pool_date")
        self.assertEqual(pooled, self.neglected | self.never_served)
        self.assertFalse(pooled.user_id)
        self.assertEqual(set(pooled.mapped("followup_pool_date")), {date(2026, 3, 4)})
        self.assertEqual(self.served.user_id, self.salesman)
        self.assertEqual(self.dead.user_id, self.salesman, "grade E is never reclaimed")
        self.assertFalse(self._reminders(pooled), "their reminders are gone")
        note = self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", self.neglected.id),
                ("body", "ilike", "customer pool"),
            ]
        )
        self.assertEqual(len(note), 1)
        self.assertIn("Returned to the customer pool", note.body)
        self.assertIn("Sam Sales", note.body)
        self.assertIn("90 days", note.body)

    def test_the_customer_pool_menu_lists_them(self):
        self._reclaim()
        action = self.env.ref("crm_followup_grading.res_partner_action_followup_pool")
        menu = self.env.ref("crm_followup_grading.res_partner_menu_followup_pool")
        self.assertEqual(menu.action, action)
        pool_domain = [("followup_pool_date", "!=", False), ("user_id", "=", False)]
        self.assertEqual(action.domain, str(pool_domain))
        pool = (
            self.env["res.partner"]
            .with_user(self.other_salesman)
            .search([*pool_domain, ("id", "in", self.customers.ids)])
        )
        self.assertEqual(pool, self.neglected | self.never_served)
        self.assertEqual(
            self.env["res.partner"].search(
                [("followup_pool_date", "!=", False), ("id", "in", self.customers.ids)]
            ),
            pool,
        )

    def test_a_salesperson_claims_a_customer(self):
        self._reclaim()
        self.neglected.with_user(self.other_salesman).action_followup_claim()
        self.assertEqual(self.neglected.user_id, self.other_salesman)
        self.assertFalse(self.neglected.followup_pool_date)
        self.assertEqual(self.neglected.followup_assigned_date, date(2026, 3, 4))
        self._reclaim()
        self.assertEqual(self.neglected.user_id, self.other_salesman, "claiming restarts the clock")
        self.env["res.partner"]._cron_schedule_followups()
        self.assertEqual(self._reminders(self.neglected).user_id, self.other_salesman)
        with freeze_time("2026-06-03"):
            self._reclaim()
        self.assertFalse(self.neglected.user_id, "unserved again for 91 days")

    def test_a_manager_assigning_a_salesperson_takes_it_out_of_the_pool(self):
        self._reclaim()
        with Form(self.never_served.with_user(self.manager)) as form:
            form.user_id = self.salesman
        self.assertFalse(self.never_served.followup_pool_date)

    def test_claiming_a_customer_that_is_not_in_the_pool(self):
        self._reclaim()
        with self.assertRaises(UserError) as error:
            (self.neglected | self.served).with_user(self.other_salesman).action_followup_claim()
        self.assertIn("Served", str(error.exception))
        self.assertEqual(self.neglected.followup_pool_date, date(2026, 3, 4))
        self.assertFalse(self.neglected.user_id)
        self.assertEqual(self.served.user_id, self.salesman)

    def test_the_setting_switches_it_off(self):
        settings = self.env["res.config.settings"].with_user(self.env.ref("base.user_admin"))
        with Form(settings.create({})) as form:
            self.assertTrue(form.followup_reclaim_enabled, "on by default")
            form.followup_reclaim_enabled = False
        self._reclaim()
        self.assertFalse(self.customers.filtered("followup_pool_date"))
        self.assertEqual(self.neglected.user_id, self.salesman)

    def test_a_followup_keeps_the_customer(self):
        self.env["crm.followup.log"].with_user(self.salesman).create(
            {"partner_id": self.neglected.id, "summary": "still alive"}
        )
        self._reclaim()
        self.assertEqual(self.neglected.user_id, self.salesman)


class TestReclaimQueries(FollowupCase):
    def _neglected(self, count):
        return self.env["res.partner"].create(
            [
                {
                    "name": f"Neglected {i}",
                    "user_id": (self.salesman | self.other_salesman)[i % 2].id,
                    "followup_grade_id": self.grade_b.id,
                    "followup_grade_date": date(2025, 6, 1),
                    "followup_assigned_date": date(2025, 6, 1),
                }
                for i in range(count)
            ]
        )

    def _reclaim_queries(self, count):
        # a first run warms the caches and reclaims the demo's neglected customers
        self._neglected(2)
        self.env["res.partner"]._cron_reclaim_neglected()
        customers = self._neglected(count)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.env["res.partner"]._cron_reclaim_neglected()
        self.env.flush_all()
        self.assertFalse(customers.user_id)
        return self.env.cr.sql_log_count - before

    def test_10_or_100_neglected_customers_take_as_many_queries(self):
        with self.env.cr.savepoint() as savepoint:
            small = self._reclaim_queries(10)
            savepoint.rollback()
        self.assertEqual(self._reclaim_queries(100), small)

    def test_query_count_of_a_batch(self):
        self._neglected(2)
        self.env["res.partner"]._cron_reclaim_neglected()
        self._neglected(100)
        self.env.flush_all()
        self.env.invalidate_all()
        # 20 with this addon alone; the others installed add their own computes
        with self.assertQueryCount(__system__=24):
            self.env["res.partner"]._cron_reclaim_neglected()
            self.env.flush_all()
