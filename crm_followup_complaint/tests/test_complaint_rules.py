from datetime import date

from odoo.tests import BaseCase

from ..complaint_rules import complaint_deadline, state_on_close, transfer_target


class TestComplaintRules(BaseCase):
    def test_deadline_in_calendar_days(self):
        self.assertEqual(complaint_deadline(date(2026, 3, 4), 3), date(2026, 3, 7))

    def test_deadline_in_working_days(self):
        working = [date(2026, 3, d) for d in (5, 6, 9, 10, 11)]
        self.assertEqual(complaint_deadline(date(2026, 3, 4), 3, working), date(2026, 3, 9))
        # a complaint opened on a Saturday counts from the Monday
        self.assertEqual(complaint_deadline(date(2026, 3, 7), 1, working), date(2026, 3, 9))

    def test_state_on_close(self):
        deadline = date(2026, 3, 7)
        self.assertEqual(state_on_close(deadline, date(2026, 3, 7)), "resolved")
        self.assertEqual(state_on_close(deadline, date(2026, 3, 4)), "resolved")
        self.assertEqual(state_on_close(deadline, date(2026, 3, 8)), "breached")

    def test_transfer_target_fewest_team_then_fewest_member(self):
        teams = {1: [10, 11], 2: [20, 21]}
        held = {10: 1, 11: 1, 20: 3, 21: 0}
        self.assertEqual(transfer_target(teams, held, lambda u: True), 10)
        self.assertEqual(transfer_target(teams, held, lambda u: u != 10), 11)
        self.assertEqual(transfer_target(teams, held, lambda u: u in (20, 21)), 21)
        self.assertIsNone(transfer_target(teams, held, lambda u: False))
        self.assertIsNone(transfer_target({}, held, lambda u: True))
