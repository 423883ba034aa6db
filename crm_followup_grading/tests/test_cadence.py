from datetime import date, datetime

from odoo.tests import Form, freeze_time

from .common import FollowupCase
from .domains import search_filter_domain


class TestCadence(FollowupCase):
    def test_next_date_from_grading_then_from_last_followup(self):
        customer = self._customer("Acme", self.grade_b, self.salesman, graded_on=date(2026, 3, 1))
        self.assertEqual(customer.followup_next_date, date(2026, 3, 8))
        self.env["crm.followup.log"].with_user(self.salesman).create({"partner_id": customer.id})
        self.assertEqual(customer.followup_next_date, date(2026, 3, 11))

    def test_manager_grades_in_the_form_and_the_cadence_starts_today(self):
        customer = self._customer("Acme", user=self.salesman)
        self.assertEqual(customer.followup_state, "none")
        self.assertFalse(customer.followup_next_date)
        self._flush_tracking()
        with Form(customer.with_user(self.manager)) as form:
            form.followup_grade_id = self.grade_c
        self.assertEqual(customer.followup_grade_date, date(2026, 3, 4))
        self.assertEqual(customer.followup_next_date, date(2026, 3, 19))
        self.assertEqual(customer.followup_state, "scheduled")
        self._flush_tracking()
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "res.partner"),
                ("mail_message_id.res_id", "=", customer.id),
                ("field_id.name", "=", "followup_grade_id"),
            ]
        )
        self.assertTrue(tracked, "the grade change is tracked in the chatter")

    def test_a_direct_regrade_moves_or_removes_the_open_reminder(self):
        # graded B on 20 Feb: due since 27 Feb, reminded by the cron
        slipping = self._customer(
            "Slipping", self.grade_b, self.salesman, graded_on=date(2026, 2, 20)
        )
        cooling = self._customer(
            "Cooling", self.grade_b, self.salesman, graded_on=date(2026, 2, 20)
        )
        self.env["res.partner"]._cron_schedule_followups()
        self.assertEqual(
            self._reminders(slipping | cooling).mapped("date_deadline"), [date(2026, 2, 27)] * 2
        )

        with Form(slipping.with_user(self.manager)) as form:
            form.followup_grade_id = self.grade_a
        with Form(cooling.with_user(self.manager)) as form:
            form.followup_grade_id = self.grade_d

        # regraded today: A is due tomorrow, D in a month; neither is due today
        self.assertFalse(self._reminders(slipping | cooling))
        with freeze_time("2026-03-05 09:00:00"):
            self.env["res.partner"]._cron_schedule_followups()
            self.assertEqual(self._reminders(slipping).date_deadline, date(2026, 3, 5))
            self.assertFalse(self._reminders(cooling))

    def test_a_regrade_that_leaves_the_customer_due_moves_the_reminder(self):
        customer = self._customer(
            "Late", self.grade_d, self.salesman, graded_on=date(2026, 1, 1), last=date(2026, 1, 20)
        )  # due since 19 Feb
        self.env["res.partner"]._cron_schedule_followups()
        with Form(customer.with_user(self.manager)) as form:
            form.followup_grade_id = self.grade_c  # 15 days: due since 4 Feb
        reminder = self._reminders(customer)
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.date_deadline, date(2026, 2, 4))

    def test_changing_a_grade_interval_moves_its_customers(self):
        customer = self._customer("Acme", self.grade_b, self.salesman, graded_on=date(2026, 3, 1))
        self.grade_b.with_user(self.manager).interval_days = 10
        self.assertEqual(customer.followup_next_date, date(2026, 3, 11))

    def test_states_and_their_filters(self):
        partners = self.env["res.partner"]
        overdue = self._customer("Late", self.grade_a, self.salesman, graded_on=date(2026, 3, 1))
        due = self._customer("Today", self.grade_a, self.salesman, graded_on=date(2026, 3, 3))
        scheduled = self._customer("Later", self.grade_b, self.salesman, graded_on=date(2026, 3, 3))
        ungraded = self._customer("Ungraded", user=self.salesman)
        mine = overdue | due | scheduled | ungraded
        self.assertEqual(mine.mapped("followup_state"), ["overdue", "due", "scheduled", "none"])
        search = partners.with_user(self.salesman).search

        def found(domain):
            return search([("id", "in", mine.ids), *domain])

        self.assertEqual(found([("followup_state", "=", "overdue")]), overdue)
        self.assertEqual(found([("followup_state", "=", "due")]), due)
        self.assertEqual(found([("followup_state", "=", "scheduled")]), scheduled)
        self.assertEqual(found([("followup_state", "=", "none")]), ungraded)
        self.assertEqual(found([("followup_state", "in", ["due", "overdue"])]), overdue | due)
        self.assertEqual(found([("followup_state", "!=", "none")]), overdue | due | scheduled)
        self.assertEqual(
            found([("followup_state", "not in", ["scheduled", "none"])]), overdue | due
        )

    def test_the_list_filters_of_the_search_view(self):
        overdue = self._customer("Late", self.grade_a, self.salesman, graded_on=date(2026, 3, 1))
        due = self._customer("Today", self.grade_a, self.salesman, graded_on=date(2026, 3, 3))
        later = self._customer("Later", self.grade_b, self.salesman, graded_on=date(2026, 3, 3))
        Partner = self.env["res.partner"].with_user(self.salesman)
        mine = overdue | due | later

        def listed(name):
            domain = search_filter_domain(Partner, name)
            return Partner.search([("id", "in", mine.ids), *domain])

        self.assertEqual(listed("followup_overdue"), overdue)
        self.assertEqual(listed("followup_due"), due)
        self.assertEqual(listed("followup_graded"), mine)


class TestWorkingDays(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.followup_working_days = True
        calendar = cls.company.resource_calendar_id
        # Qingming festival: Friday 3 April 2026, a public holiday
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Qingming Festival",
                "calendar_id": calendar.id,
                "company_id": cls.company.id,
                "date_from": datetime(2026, 4, 2, 16, 0),
                "date_to": datetime(2026, 4, 3, 16, 0),
            }
        )
        cls.company.resource_calendar_id.tz = "Asia/Shanghai"

    def test_a_daily_customer_is_not_due_on_the_weekend(self):
        customer = self._customer(
            "Acme", self.grade_a, self.salesman, graded_on=date(2026, 3, 6)
        )  # a Friday
        self.assertEqual(customer.followup_next_date, date(2026, 3, 9))

    def test_across_a_public_holiday(self):
        customer = self._customer(
            "Acme", self.grade_a, self.salesman, graded_on=date(2026, 4, 2)
        )  # Thursday before the festival
        self.assertEqual(customer.followup_next_date, date(2026, 4, 6))
        weekly = self._customer("Beta", self.grade_b, self.salesman, graded_on=date(2026, 3, 30))
        # 7 working days from Monday 30 March, without Friday 3 April
        self.assertEqual(weekly.followup_next_date, date(2026, 4, 9))

    def test_a_holiday_declared_later_moves_the_next_followup(self):
        customer = self._customer("Acme", self.grade_a, self.salesman, graded_on=date(2026, 3, 6))
        self.assertEqual(customer.followup_next_date, date(2026, 3, 9))
        holiday = self.env["resource.calendar.leaves"].create(
            {
                "name": "Company day off",
                "calendar_id": self.company.resource_calendar_id.id,
                "company_id": self.company.id,
                "date_from": datetime(2026, 3, 8, 16, 0),
                "date_to": datetime(2026, 3, 9, 16, 0),
            }
        )
        self.assertEqual(customer.followup_next_date, date(2026, 3, 10))
        holiday.unlink()
        self.assertEqual(customer.followup_next_date, date(2026, 3, 9))

    def test_switching_the_setting_off_counts_calendar_days_again(self):
        customer = self._customer("Acme", self.grade_a, self.salesman, graded_on=date(2026, 3, 6))
        settings = self.env["res.config.settings"].with_user(self.env.ref("base.user_admin"))
        with Form(settings.create({})) as form:
            form.followup_working_days = False
        self.assertFalse(self.company.followup_working_days)
        self.assertEqual(customer.followup_next_date, date(2026, 3, 7))

    @freeze_time("2026-04-03 09:00:00")
    def test_many_customers_in_one_batch(self):
        customers = (
            self.env["res.partner"]
            .with_user(self.manager)
            .create(
                [
                    {
                        "name": f"Customer {n}",
                        "followup_grade_id": grade.id,
                        "user_id": self.salesman.id,
                    }
                    for n, grade in enumerate([self.grade_a, self.grade_b, self.grade_e] * 5)
                ]
            )
        )
        self.assertEqual(set(customers.mapped("followup_grade_date")), {date(2026, 4, 3)})
        by_grade = {c.followup_grade_id: c.followup_next_date for c in customers}
        self.assertEqual(by_grade[self.grade_a], date(2026, 4, 6))
        self.assertEqual(by_grade[self.grade_b], date(2026, 4, 14))
        self.assertGreater(by_grade[self.grade_e], date(2027, 8, 1))
