from datetime import date

from odoo.tests import BaseCase

from ..referral_rules import (
    attendance_points,
    in_validity_window,
    ledger_differences,
    sales_points,
)


class TestReferralRules(BaseCase):
    def test_sales_points_count_full_steps_only(self):
        self.assertEqual(sales_points(999.99, 1000, 100), 0)
        self.assertEqual(sales_points(1000, 1000, 100), 100)
        self.assertEqual(sales_points(600 + 600, 1000, 100), 100)
        self.assertEqual(sales_points(2999.99, 1000, 100), 200)
        self.assertEqual(sales_points(0.1 * 3 * 10000 / 3, 1000, 100), 100)

    def test_sales_points_of_nothing_or_refunds_is_zero(self):
        self.assertEqual(sales_points(0, 1000, 100), 0)
        self.assertEqual(sales_points(-500, 1000, 100), 0)

    def test_attendance_first_only_or_each(self):
        self.assertEqual(attendance_points(0, 100, True), 0)
        self.assertEqual(attendance_points(3, 100, True), 100)
        self.assertEqual(attendance_points(3, 100, False), 300)

    def test_validity_window_includes_both_ends(self):
        referred = date(2026, 1, 1)
        self.assertTrue(in_validity_window(referred, date(2026, 1, 1), 365))
        self.assertTrue(in_validity_window(referred, date(2027, 1, 1), 365))
        self.assertFalse(in_validity_window(referred, date(2027, 1, 2), 365))
        self.assertFalse(in_validity_window(referred, date(2025, 12, 31), 365))

    def test_ledger_differences_move_and_reverse(self):
        balances = {(1, 7, "sales"): 100.0, (1, 7, "attendance"): 100.0}
        targets = {(2, 7, "sales"): 100.0, (1, 7, "attendance"): 100.0}
        self.assertEqual(
            ledger_differences(balances, targets),
            {(1, 7, "sales"): -100.0, (2, 7, "sales"): 100.0},
        )
        self.assertEqual(ledger_differences(targets, targets), {})
