"""The warning before a customer returns to the pool, and the countdown and
cadence across China's Spring Festival 2026 with the statutory calendar."""

from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time

from .common import FollowupCase

TODAY = date(2026, 3, 4)


class TestReclaimWarning(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.followup_reclaim_warning_days = 7
        cls.warning_type = cls.env.ref("crm_followup_grading.mail_activity_type_reclaim_warning")
        # grade B: reclaimed the 91st day after the last follow-up
        cls.soon = cls._customer(
            "Soon", cls.grade_b, cls.salesman, graded_on=date(2025, 11, 1), last=date(2025, 12, 8)
        )
        cls.edge = cls._customer(
            "Edge", cls.grade_b, cls.other_salesman, graded_on=date(2025, 11, 1),
            last=date(2025, 12, 10),
        )  # fmt: skip
        cls.far = cls._customer(
            "Far", cls.grade_b, cls.salesman, graded_on=date(2025, 11, 1), last=date(2025, 12, 11)
        )
        cls.dead = cls._customer("Dead", cls.grade_e, cls.salesman, graded_on=date(2024, 1, 1))
        cls.customers = cls.soon | cls.edge | cls.far | cls.dead

    def _warnings(self, partners):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                ("activity_type_id", "=", self.warning_type.id),
            ]
        )

    def _run(self):
        self.env["res.partner"]._cron_followup_reclaim_warnings()

    def test_one_warning_that_many_days_before(self):
        self.assertEqual(self.soon.followup_reclaim_date, date(2026, 3, 9))
        self.assertEqual(self.edge.followup_reclaim_date, date(2026, 3, 11))
        self.assertEqual(self.far.followup_reclaim_date, date(2026, 3, 12))
        self._run()
        warnings = self._warnings(self.customers)
        self.assertEqual(
            {(w.res_id, w.user_id, w.date_deadline, w.summary) for w in warnings},
            {
                (
                    self.soon.id,
                    self.salesman,
                    date(2026, 3, 8),
                    "Customer returns to the pool on 03/09/2026",
                ),
                (
                    self.edge.id,
                    self.other_salesman,
                    date(2026, 3, 10),
                    "Customer returns to the pool on 03/11/2026",
                ),
            },
        )
        self.assertIn(self.salesman.partner_id, self.soon.message_partner_ids)
        with freeze_time("2026-03-05 09:00:00"):
            self._run()
        self.assertEqual(len(self._warnings(self.far)), 1, "the next day, the next customer")

    def test_never_two(self):
        self._run()
        first = self._warnings(self.customers)
        self._run()
        self.assertEqual(self._warnings(self.customers), first)
        # the salesperson dismisses it: it does not come back for the same date
        first.filtered(lambda w: w.res_id == self.soon.id).with_user(self.salesman).action_feedback(
            "noted"
        )
        self.assertEqual(len(self.soon.followup_log_ids), 1, "a warning is no follow-up")
        with freeze_time("2026-03-06 09:00:00"):
            self._run()
        self.assertFalse(self._warnings(self.soon))

    def test_a_followup_removes_it(self):
        self._run()
        self.assertTrue(self._warnings(self.soon))
        self.env["crm.followup.log"].with_user(self.salesman).create(
            {"partner_id": self.soon.id, "summary": "Visited"}
        )
        self.assertFalse(self._warnings(self.soon))
        self.assertEqual(self.soon.followup_reclaim_date, date(2026, 6, 3))
        # 90 days later the new reclaim date is warned about again
        with freeze_time("2026-05-28 09:00:00"):
            self._run()
        self.assertEqual(len(self._warnings(self.soon)), 1)

    def test_reclaiming_takes_it_away(self):
        self._run()
        with freeze_time("2026-03-09 09:00:00"):
            self.env["res.partner"]._cron_reclaim_neglected()
        self.assertFalse(self.soon.user_id)
        self.assertFalse(self._warnings(self.soon))

    def test_no_warning_when_the_setting_is_zero(self):
        self.company.followup_reclaim_warning_days = 0
        self._run()
        self.assertFalse(self._warnings(self.customers))


class TestReclaimWarningQueries(FollowupCase):
    def _near(self, count):
        # assigned and graded on 4 Dec 2025: reclaimed on 5 March 2026, tomorrow
        return self.env["res.partner"].create(
            [
                {
                    "name": f"Near {n}",
                    "user_id": (self.salesman | self.other_salesman)[n % 2].id,
                    "followup_grade_id": self.grade_b.id,
                    "followup_grade_date": date(2025, 12, 4),
                    "followup_assigned_date": date(2025, 12, 4),
                }
                for n in range(count)
            ]
        )

    def _queries(self, count):
        self._near(2)
        self.env["res.partner"]._cron_followup_reclaim_warnings()
        customers = self._near(count)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.env["res.partner"]._cron_followup_reclaim_warnings()
        self.env.flush_all()
        warning_type = self.env.ref("crm_followup_grading.mail_activity_type_reclaim_warning")
        self.assertEqual(
            len(customers.activity_ids.filtered(lambda a: a.activity_type_id == warning_type)),
            count,
        )
        return self.env.cr.sql_log_count - before

    def test_10_or_100_customers_take_as_many_queries(self):
        with self.env.cr.savepoint() as savepoint:
            self._queries(10)  # warms the registry caches a rollback keeps
            savepoint.rollback()
        with self.env.cr.savepoint() as savepoint:
            small = self._queries(10)
            savepoint.rollback()
        self.assertEqual(self._queries(100), small)

    def test_query_count_of_a_batch(self):
        self._near(2)
        self.env["res.partner"]._cron_followup_reclaim_warnings()
        self._near(100)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=14):
            self.env["res.partner"]._cron_followup_reclaim_warnings()
            self.env.flush_all()


class TestStatutoryCalendar(FollowupCase):
    """Spring Festival 2026: Saturday 14 February worked, 15 to 23 February
    off, Saturday 28 February worked (State Council schedule)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.resource_calendar_id.tz = "Asia/Shanghai"
        cls.company.write({"followup_working_days": True, "followup_calendar_cn": True})

    def test_the_issues_example(self):
        customer = self._customer(
            "Acme", self.grade_b, self.salesman, graded_on=date(2026, 1, 5), last=date(2026, 2, 13)
        )
        self.assertEqual(customer.followup_next_date, date(2026, 3, 2))
        self.company.followup_calendar_cn = False
        self.assertEqual(customer.followup_next_date, date(2026, 2, 24), "weekly schedule alone")

    def test_a_daily_customer_is_due_on_a_makeup_saturday(self):
        customer = self._customer("Acme", self.grade_a, self.salesman, graded_on=date(2026, 2, 13))
        self.assertEqual(customer.followup_next_date, date(2026, 2, 14))
        holiday = self._customer("Beta", self.grade_a, self.salesman, graded_on=date(2026, 2, 14))
        self.assertEqual(holiday.followup_next_date, date(2026, 2, 24), "after the festival")

    def test_the_reminder_is_due_on_that_day(self):
        customer = self._customer(
            "Acme", self.grade_b, self.salesman, graded_on=date(2026, 1, 5), last=date(2026, 2, 13)
        )
        with freeze_time("2026-03-02 09:00:00"):
            self.env["res.partner"]._cron_schedule_followups()
        self.assertEqual(self._reminders(customer).date_deadline, date(2026, 3, 2))

    def test_the_reclaim_date_skips_the_festival(self):
        # 91 days after 18 Nov 2025: Tuesday 17 Feb 2026, in the festival
        customer = self._customer("Acme", self.grade_b, self.salesman, graded_on=date(2025, 11, 18))
        self.assertEqual(customer.followup_reclaim_date, date(2026, 2, 24))
        # 91 days after 15 Nov 2025: Saturday 14 Feb 2026, a worked Saturday
        makeup = self._customer("Beta", self.grade_b, self.salesman, graded_on=date(2025, 11, 15))
        self.assertEqual(makeup.followup_reclaim_date, date(2026, 2, 14))
        self.company.followup_calendar_cn = False
        self.assertEqual(customer.followup_reclaim_date, date(2026, 2, 17))
        self.assertEqual(makeup.followup_reclaim_date, date(2026, 2, 16), "Monday")
        self.company.followup_working_days = False
        self.assertEqual(makeup.followup_reclaim_date, date(2026, 2, 14), "calendar days")

    def test_the_warning_counts_working_days_across_the_festival(self):
        # reclaimed Monday 2 March: 7 working days after Friday 13 February
        customer = self._customer("Acme", self.grade_b, self.salesman, graded_on=date(2025, 12, 1))
        self.assertEqual(customer.followup_reclaim_date, date(2026, 3, 2))
        warning_type = self.env.ref("crm_followup_grading.mail_activity_type_reclaim_warning")
        with freeze_time("2026-02-12 09:00:00"):
            self.env["res.partner"]._cron_followup_reclaim_warnings()
        self.assertFalse(customer.activity_ids, "8 working days before: not yet")
        with freeze_time("2026-02-13 09:00:00"):
            self.env["res.partner"]._cron_followup_reclaim_warnings()
        self.assertEqual(customer.activity_ids.activity_type_id, warning_type)
        with freeze_time("2026-02-20 09:00:00"):
            self.env["res.partner"]._cron_reclaim_neglected()
        self.assertEqual(customer.user_id, self.salesman, "not taken during the festival")
        with freeze_time("2026-03-02 09:00:00"):
            self.env["res.partner"]._cron_reclaim_neglected()
        self.assertFalse(customer.user_id)

    def test_a_year_the_library_does_not_cover_is_refused(self):
        self.company.followup_calendar_cn = False
        with freeze_time("2027-01-05 09:00:00"), self.assertRaises(ValidationError) as error:
            self.company.followup_calendar_cn = True
        message = str(error.exception)
        self.assertIn("2027", message)
        self.assertIn("2004–2026", message)
        self.assertIn("pip install -U chinesecalendar", message)
        self.company.invalidate_recordset()
        self.assertFalse(self.company.followup_calendar_cn)

    def test_the_manager_is_told_before_the_dates_reach_it(self):
        self.manager.company_ids = self.company
        with freeze_time("2026-11-20 09:00:00"):
            self.env["res.partner"]._cron_followup_reclaim_warnings()
            self.env["res.partner"]._cron_followup_reclaim_warnings()
        told = self.company.partner_id.activity_ids.filtered(
            lambda a: a.user_id == self.manager and "2027" in a.summary
        )
        self.assertEqual(len(told), 1, "once")
        self.assertIn("statutory holidays of 2027 are not known yet", told.summary)
        self.assertIn("working schedule alone", str(told.note))
        # the dates of 2027 count on the weekly schedule meanwhile
        customer = self._customer("Acme", self.grade_a, self.salesman, graded_on=date(2026, 12, 31))
        self.assertEqual(customer.followup_next_date, date(2027, 1, 1))
