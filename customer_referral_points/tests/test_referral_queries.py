from odoo.tests import freeze_time

from .common import ReferralCase


@freeze_time("2026-03-01 09:00:00")
class TestReferralQueries(ReferralCase):
    """A confirmation's sync reads the referred customer's documents and the
    referrer's card, never the referrer's other customers."""

    def _referrer_with(self, count):
        referrer = self.env["res.partner"].create({"name": f"Referrer of {count}"})
        customers = self.env["res.partner"].create(
            [{"name": f"Customer {i} of {count}"} for i in range(count)]
        )
        customers.with_user(self.salesman).referred_by_id = referrer
        for customer in customers[:3]:
            self.make_order(customer, 1000)
        return referrer, customers[-1]

    def _queries(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_confirmation_costs_the_same_for_1_or_100_referred_customers(self):
        small_referrer, small_customer = self._referrer_with(1)
        large_referrer, large_customer = self._referrer_with(100)
        small_order = self.make_order(small_customer, 1000, confirm=False)
        large_order = self.make_order(large_customer, 1000, confirm=False)
        self.env.invalidate_all()
        warm_up = self.make_order(small_customer, 1000, confirm=False)
        self._queries(warm_up.with_user(self.salesman).action_confirm)
        small = self._queries(small_order.with_user(self.salesman).action_confirm)
        large = self._queries(large_order.with_user(self.salesman).action_confirm)
        self.assertEqual(small, large)
        self.assertEqual(small_referrer.referral_points, 300)
        self.assertEqual(large_referrer.referral_points, 400)

    def test_sync_query_count_is_constant(self):
        for count in (1, 100):
            with self.subTest(referred=count):
                _referrer, customer = self._referrer_with(count)
                order = self.make_order(customer, 1000)
                self.env.flush_all()
                self.env.invalidate_all()
                with self.assertQueryCount(9):
                    customer._referral_sync(sources=order)
                    self.env.flush_all()

    def test_ledger_check_query_count_does_not_grow_with_customers(self):
        Partner = self.env["res.partner"].with_user(self.manager)
        _referrer, _customer = self._referrer_with(1)
        self._queries(Partner.referral_ledger_check)  # warm-up: the registry's caches
        small = self._queries(Partner.referral_ledger_check)
        _referrer, _customer = self._referrer_with(100)
        large = self._queries(Partner.referral_ledger_check)
        self.assertEqual(small, large)
        self.assertEqual(Partner.referral_ledger_check(), {"ledger": [], "cards": []})
