from odoo.tests import freeze_time

from .common import StockDealerCase


@freeze_time("2026-03-16")
class TestMonitorMode(StockDealerCase):
    """A company may record resale prices without proposing penalties for them."""

    def _below_floor_check(self, dealer=None, lot_name=False):
        vals = {"product_id": self.tea.id, "price": 60.0, "qty": 2}
        if dealer:
            vals["dealer_id"] = dealer.id
        if lot_name:
            vals.update(lot_name=lot_name, place_state_id=self.zhejiang.id)
        return self.env["dealer.price.check"].with_user(self.salesman).create(vals)

    def test_penalize_is_the_default_and_proposes_a_penalty(self):
        self.assertEqual(self.env.company.dealer_market_check_mode, "penalize")
        check = self._below_floor_check(self.dealer)
        self.assertTrue(check.below_floor)
        self.assertEqual(check.sudo().violation_id.shortfall, 40.0)

    def test_monitor_records_and_reports_without_a_penalty(self):
        self.env.company.dealer_market_check_mode = "monitor"
        violations = self.env["dealer.price.violation"].search_count([])
        check = self._below_floor_check(self.dealer)
        self.assertTrue(check.below_floor)
        self.assertFalse(check.violation_id)
        self.assertEqual(self.env["dealer.price.violation"].search_count([]), violations)
        reported = self.env["dealer.price.check"].search([("below_floor", "=", True)])
        self.assertIn(check, reported)

    def test_a_shop_that_is_no_dealer_is_traced_but_never_price_checked(self):
        violations = self.env["dealer.price.violation"].search_count([])
        check = self._below_floor_check(lot_name="NOT-DELIVERED")
        self.assertFalse(check.dealer_id)
        self.assertTrue(check.below_floor)
        self.assertEqual(check.trace_result, "unknown_lot")
        self.assertEqual(self.env["dealer.price.violation"].search_count([]), violations)

    def test_below_floor_is_not_the_clients_to_write(self):
        check = self._below_floor_check(self.dealer)
        with self.assertRefused(Exception, "computed"):
            check.with_user(self.manager).write({"below_floor": False})
        self.assertTrue(check.below_floor)
