from datetime import date
from unittest.mock import patch

from .common import FollowupCase


class TestScheduleCron(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.overdue = cls._customer("Late", cls.grade_a, cls.salesman, graded_on=date(2026, 3, 1))
        cls.due = cls._customer(
            "Today", cls.grade_b, cls.other_salesman, graded_on=date(2026, 2, 25)
        )
        cls.later = cls._customer("Later", cls.grade_c, cls.salesman, graded_on=date(2026, 3, 1))
        cls.orphan = cls._customer("Nobody's", cls.grade_a, graded_on=date(2026, 3, 1))
        cls.ungraded = cls._customer("Ungraded", user=cls.salesman)
        cls.customers = cls.overdue | cls.due | cls.later | cls.orphan | cls.ungraded

    def _run(self):
        self.env["res.partner"]._cron_schedule_followups()

    def test_one_reminder_per_due_customer_for_its_salesperson(self):
        self._run()
        reminders = self._reminders(self.customers)
        self.assertEqual(
            {(r.res_id, r.user_id, r.date_deadline) for r in reminders},
            {
                (self.overdue.id, self.salesman, date(2026, 3, 2)),
                (self.due.id, self.other_salesman, date(2026, 3, 4)),
            },
        )
        self.assertEqual(self.overdue.activity_state, "overdue")
        self.assertEqual(self.due.activity_state, "today")
        reminder = self._reminders(self.overdue)
        self.assertEqual(reminder.summary, "Follow up (grade A)")
        self.assertEqual(reminder.res_name, "Late")
        self.assertEqual(reminder.activity_type_id, self.reminder_type)
        self.assertIn(self.salesman.partner_id, self.overdue.message_partner_ids)
        self.assertEqual(self.overdue.activity_ids, reminder)

    def test_running_twice_changes_nothing(self):
        self._run()
        first = self._reminders(self.customers)
        self._run()
        self.assertEqual(self._reminders(self.customers), first)

    def test_it_never_adds_a_second_reminder(self):
        self.overdue.activity_schedule(
            activity_type_id=self.reminder_type.id, user_id=self.salesman.id, summary="by hand"
        )
        self._run()
        self.assertEqual(self._reminders(self.overdue).summary, "by hand")

    def test_the_salesperson_sees_it_in_the_activity_menu(self):
        self._run()
        groups = self.env["res.users"].with_user(self.salesman).sudo(False)._get_activity_groups()
        partner_group = [g for g in groups if g.get("model") == "res.partner"]
        self.assertEqual(partner_group[0]["overdue_count"], 1)

    def test_a_failing_customer_is_logged_and_skipped(self):
        Partner = type(self.env["res.partner"])
        original = Partner._followup_schedule_batch
        broken = self.overdue

        def schedule(partners):
            if broken in partners:
                raise ValueError("broken customer")
            return original(partners)

        with (
            patch.object(Partner, "_followup_schedule_batch", schedule),
            self.assertLogs("odoo.addons.channel_suite_base.cron_batches", "ERROR") as logs,
        ):
            self._run()
        self.assertIn(f"skipped {broken}", logs.output[0])
        self.assertFalse(self._reminders(broken))
        self.assertEqual(len(self._reminders(self.due)), 1, "the others go on")

    def test_progress_is_reported_per_batch(self):
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": self.env.ref("crm_followup_grading.ir_cron_followup_schedule").id}
        )
        self.env["res.partner"].with_context(
            ir_cron_progress_id=progress.id
        )._cron_schedule_followups(batch_size=1)
        self.assertEqual(progress.remaining, 0)
        self.assertGreaterEqual(progress.done, 2)


class TestScheduleCronQueries(FollowupCase):
    def _due_customers(self, count):
        users = self.salesman | self.other_salesman
        return self.env["res.partner"].create(
            [
                {
                    "name": f"Due {n}",
                    "user_id": users[n % 2].id,
                    "followup_grade_id": self.grade_a.id,
                    "followup_grade_date": date(2026, 3, 1),
                }
                for n in range(count)
            ]
        )

    def _assert_batch_queries(self, count, expected):
        # a first run warms the caches (activity types, subtypes, defaults)
        self._due_customers(2)
        self.env["res.partner"]._cron_schedule_followups()
        customers = self._due_customers(count)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        with self.assertQueryCount(__system__=expected):
            self.env["res.partner"]._cron_schedule_followups()
            self.env.flush_all()
        queries = self.env.cr.sql_log_count - before
        self.assertEqual(len(self._reminders(customers)), count)
        return queries

    def test_a_batch_of_10_or_100_due_customers_takes_7_queries(self):
        with self.env.cr.savepoint() as savepoint:
            small = self._assert_batch_queries(10, 7)
            savepoint.rollback()
        self.assertEqual(self._assert_batch_queries(100, 7), small)
