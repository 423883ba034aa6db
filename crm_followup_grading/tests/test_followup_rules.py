"""The cadence arithmetic, tested without a database."""

import unittest
from datetime import date, timedelta

from odoo.addons.crm_followup_grading.followup_rules import (
    followup_state,
    next_followup_date,
    reclaim_cutoff,
    suggested_grade_code,
    working_window,
)

HORIZONS = [(30, "A"), (90, "B"), (180, "C")]


def weekdays(start, end, holidays=()):
    days = (start + timedelta(days=n) for n in range((end - start).days + 1))
    return [d for d in days if d.weekday() < 5 and d not in holidays]


class TestNextFollowupDate(unittest.TestCase):
    def test_calendar_days(self):
        self.assertEqual(next_followup_date(date(2026, 1, 31), 1), date(2026, 2, 1))
        self.assertEqual(next_followup_date(date(2026, 1, 31), 30), date(2026, 3, 2))
        self.assertEqual(next_followup_date(date(2026, 12, 31), 365), date(2027, 12, 31))

    def test_working_days_skip_the_weekend(self):
        friday = date(2026, 3, 6)
        days = weekdays(friday, friday + timedelta(days=30))
        self.assertEqual(next_followup_date(friday, 1, days), date(2026, 3, 9))
        self.assertEqual(next_followup_date(friday, 7, days), date(2026, 3, 17))

    def test_working_days_skip_holidays(self):
        thursday = date(2026, 4, 30)
        labour_day = date(2026, 5, 1)
        days = weekdays(thursday, thursday + timedelta(days=30), {labour_day})
        self.assertEqual(next_followup_date(thursday, 1, days), date(2026, 5, 4))

    def test_base_on_a_weekend(self):
        saturday = date(2026, 3, 7)
        days = weekdays(saturday, saturday + timedelta(days=30))
        self.assertEqual(next_followup_date(saturday, 1, days), date(2026, 3, 9))

    def test_too_short_a_window_says_so(self):
        friday = date(2026, 3, 6)
        self.assertIsNone(next_followup_date(friday, 15, weekdays(friday, date(2026, 3, 13))))

    def test_the_window_is_long_enough_for_a_year_of_working_days(self):
        base = date(2026, 1, 1)
        start, end = working_window(base, 365)
        days = weekdays(start, end, {start + timedelta(days=n) for n in range(0, 365, 20)})
        self.assertIsNotNone(next_followup_date(base, 365, days))


class TestSuggestedGrade(unittest.TestCase):
    today = date(2026, 3, 1)

    def grade(self, days_ahead):
        close = None if days_ahead is None else self.today + timedelta(days=days_ahead)
        return suggested_grade_code(close, self.today, HORIZONS, "D")

    def test_horizons(self):
        self.assertEqual(self.grade(0), "A")
        self.assertEqual(self.grade(30), "A")
        self.assertEqual(self.grade(31), "B")
        self.assertEqual(self.grade(90), "B")
        self.assertEqual(self.grade(91), "C")
        self.assertEqual(self.grade(180), "C")
        self.assertEqual(self.grade(181), "D")

    def test_late_deal_is_imminent_and_unknown_date_is_latent(self):
        self.assertEqual(self.grade(-10), "A")
        self.assertEqual(self.grade(None), "D")


class TestStateAndPool(unittest.TestCase):
    def test_state(self):
        today = date(2026, 3, 1)
        self.assertEqual(followup_state(False, today), "none")
        self.assertEqual(followup_state(date(2026, 3, 2), today), "scheduled")
        self.assertEqual(followup_state(today, today), "due")
        self.assertEqual(followup_state(date(2026, 2, 28), today), "overdue")

    def test_reclaim_cutoff(self):
        self.assertEqual(reclaim_cutoff(date(2026, 3, 31), 90), date(2025, 12, 31))
