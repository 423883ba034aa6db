"""Orders to dealers at the seams: a dealer behind an invoice or delivery address,
an order split in two against the stock band, a dealer shared by two companies,
the date of a confirmed order, a dealer deleted or an order copied."""

from odoo.exceptions import UserError
from odoo.tests import freeze_time, new_test_user

from .common import TODAY, DealerCase


@freeze_time(TODAY)
class TestOrderSeams(DealerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.steel = cls._product("Steel Beam", price=120.0, floor=100.0)
        cls.company.dealer_overstock_policy = "block"

    def setUp(self):
        super().setUp()
        # tea: 100 on hand, 10 a day (10 days); the supermarket band is 20-25 days
        self._report(self.dealer, "2026-03-09", [(self.tea, 100, 70)])

    def _violations(self, order):
        return self.env["dealer.price.violation"].search([("sale_order_id", "=", order.id)])

    def _throwaway(self, user=None):
        """A customer who is no dealer, made on the spot by the salesperson."""
        return self.env["res.partner"].with_user(user or self.salesman).create({"name": "Walk-in"})

    def _assert_draft_without_trace(self, order):
        self.env.invalidate_all()
        self.assertEqual(order.state, "draft")
        self.assertFalse(self._violations(order))
        self.assertFalse(order.activity_ids)

    # a dealer behind the invoice or delivery address ------------------------

    def test_a_dealer_behind_the_invoice_and_delivery_addresses_gets_the_floor(self):
        order = self._order(
            self._throwaway(),
            [(self.steel, 5, 10, 0)],
            partner_invoice_id=self.dealer.id,
            partner_shipping_id=self.dealer.id,
        )
        self.assertEqual(order.dealer_partner_id, self.dealer)
        self.assertTrue(order.is_dealer_order)
        with self.assertRefused(UserError, "Steel Beam at $\xa010.00, floor $\xa0100.00"):
            order.with_user(self.salesman).action_confirm()
        self._assert_draft_without_trace(order)

    def test_each_address_alone_and_a_branch_of_the_dealer_make_an_order_to_the_dealer(self):
        contact = self.env["res.partner"].create({"name": "Store", "parent_id": self.dealer.id})
        branch = self.env["res.partner"].create(
            {"name": "Branch Co", "is_company": True, "parent_id": self.dealer.id}
        )
        for field, address in (
            ("partner_invoice_id", self.dealer),
            ("partner_shipping_id", contact),
            ("partner_shipping_id", branch),
        ):
            with self.subTest(field=field, address=address.name):
                order = self._order(
                    self._throwaway(), [(self.steel, 5, 10, 0)], **{field: address.id}
                )
                self.assertEqual(order.dealer_partner_id, self.dealer)
                with self.assertRefused(UserError, "Steel Beam at $\xa010.00"):
                    order.with_user(self.salesman).action_confirm()
                self._assert_draft_without_trace(order)

    def test_a_dealer_managers_order_through_an_address_records_the_dealers_violation(self):
        order = self._order(
            self._throwaway(self.manager),
            [(self.steel, 5, 10, 0)],
            user=self.manager,
            partner_shipping_id=self.dealer.id,
        )
        order.with_user(self.manager).action_confirm()
        violation = self._violations(order)
        self.assertEqual(violation.dealer_id, self.dealer)
        self.assertEqual((violation.price, violation.qty), (10, 5))

    def test_moving_a_confirmed_orders_delivery_to_a_dealer_is_checked(self):
        order = self._order(self._throwaway(), [(self.steel, 5, 10, 0)])
        order.with_user(self.salesman).action_confirm()  # no dealer involved
        self.assertFalse(order.is_dealer_order)
        shipping = order.partner_shipping_id
        with self.assertRefused(UserError, "Steel Beam at $\xa010.00"):
            order.with_user(self.salesman).write({"partner_shipping_id": self.dealer.id})
        self.env.invalidate_all()
        self.assertEqual(order.partner_shipping_id, shipping)
        self.assertFalse(self._violations(order))

    def test_the_stock_band_and_the_line_figures_follow_the_delivery_address(self):
        order = self._order(
            self._throwaway(), [(self.tea, 200, 90, 0)], partner_shipping_id=self.dealer.id
        )
        line = order.order_line
        self.assertEqual((line.dealer_inventory_days, line.dealer_projected_days), (10, 30))
        self.assertTrue(line.dealer_overstock)
        with self.assertRefused(UserError, "Green Tea: 30.0 days after this order"):
            order.with_user(self.salesman).action_confirm()
        self._assert_draft_without_trace(order)

    # the orders confirmed since the report count ----------------------------

    def test_an_order_split_in_two_is_still_blocked(self):
        whole = self._order(self.dealer, [(self.tea, 160, 90, 0)])
        with self.assertRefused(UserError, "Green Tea: 26.0 days after this order"):
            whole.with_user(self.salesman).action_confirm()
        first = self._order(self.dealer, [(self.tea, 80, 90, 0)])
        first.with_user(self.salesman).action_confirm()  # 18 days
        self.assertEqual(first.state, "sale")
        second = self._order(self.dealer, [(self.tea, 80, 90, 0)])
        self.assertEqual(second.order_line.dealer_projected_days, 26)
        self.assertEqual(second.order_line.dealer_suggested_qty, 45)  # 125 - 80 on the way
        with self.assertRefused(UserError, "Green Tea: 26.0 days after this order"):
            second.with_user(self.salesman).action_confirm()
        self._assert_draft_without_trace(second)
        self.assertEqual(first.state, "sale")

    def test_the_split_is_counted_whatever_address_the_first_half_went_through(self):
        first = self._order(
            self._throwaway(), [(self.tea, 80, 90, 0)], partner_shipping_id=self.dealer.id
        )
        first.with_user(self.salesman).action_confirm()
        # sold by another salesperson: counted although this one cannot see it
        first.user_id = self.manager
        second = self._order(self.dealer, [(self.tea, 80, 90, 0)])
        self.env.invalidate_all()
        with self.assertRefused(UserError, "Green Tea: 26.0 days after this order"):
            second.with_user(self.salesman).action_confirm()
        self._assert_draft_without_trace(second)

    def test_only_this_dealers_orders_of_this_company_since_the_report_count(self):
        older = self._order(self.dealer, [(self.tea, 80, 90, 0)])
        older.with_user(self.salesman).action_confirm()
        older.sudo().date_order = "2026-03-08 10:00:00"  # made before the report
        other = self._order(self.other_dealer, [(self.tea, 80, 90, 0)], user=self.manager)
        other.with_user(self.manager).action_confirm()
        cancelled = self._order(self.dealer, [(self.tea, 80, 90, 0)])
        cancelled.with_user(self.salesman).action_confirm()
        cancelled.with_user(self.salesman)._action_cancel()
        order = self._order(self.dealer, [(self.tea, 80, 90, 0)])
        self.assertEqual(order.order_line.dealer_projected_days, 18)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_the_orders_since_the_report_are_counted_in_constant_queries(self):
        def confirmed_orders(count):
            orders = self.env["sale.order"].union(
                *(self._order(self.dealer, [(self.tea, 1, 90, 0)]) for _i in range(count))
            )
            orders.with_user(self.manager).action_confirm()

        def count_queries():
            order = self._order(self.dealer, [(self.tea, 1, 90, 0)])
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            order.with_user(self.salesman).action_confirm()
            return self.env.cr.sql_log_count - start

        confirmed_orders(2)
        expected = count_queries()
        confirmed_orders(20)
        self.env.invalidate_all()
        order = self._order(self.dealer, [(self.tea, 1, 90, 0)])
        self.env.invalidate_all()
        with self.assertQueryCount(expected):
            order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.order_line.dealer_projected_days, 12.4)  # 100 + 23 + 1

    # the date of a confirmed order ------------------------------------------

    def test_a_salesperson_cannot_backdate_a_confirmed_order_out_of_the_projection(self):
        first = self._order(self.dealer, [(self.tea, 80, 90, 0)])
        first.with_user(self.salesman).action_confirm()
        date = first.date_order
        with self.assertRefused(UserError, "only dealer managers change it"):
            first.with_user(self.salesman).write({"date_order": "2026-03-01 10:00:00"})
        self.env.invalidate_all()
        self.assertEqual(first.date_order, date)
        # the same value is no change; a draft's date is free
        first.with_user(self.salesman).write({"date_order": date})
        draft = self._order(self.dealer, [(self.tea, 1, 90, 0)])
        draft.with_user(self.salesman).write({"date_order": "2026-03-01 10:00:00"})

    # each company its own figures -------------------------------------------

    def _second_company_report(self):
        """The dealer is shared; the second company's later report says 500 days."""
        company2 = self.env["res.company"].create({"name": "Second Company"})
        self.env["dealer.stock.report"].with_company(company2).create(
            {
                "dealer_id": self.dealer.id,
                "company_id": company2.id,
                "date": "2026-03-15",
                "state": "done",
                "line_ids": [
                    (0, 0, {"product_id": self.tea.id, "qty_on_hand": 5000, "qty_sold": 70})
                ],
            }
        )
        return company2

    def test_each_company_sees_its_own_stock_figures(self):
        company2 = self._second_company_report()
        self.env.invalidate_all()
        dealer = self.dealer.with_user(self.salesman)
        self.assertEqual(dealer.dealer_inventory_days, 10)
        self.assertEqual(dealer.dealer_inventory_state, "under")
        self.assertEqual(dealer.dealer_turnover_days, 10)
        both = new_test_user(
            self.env,
            "dealer.both",
            groups="dealer_channel_control.group_dealer_manager",
            company_ids=[(6, 0, (self.company | company2).ids)],
        )
        self.assertEqual(self.dealer.with_user(both).dealer_inventory_days, 10)
        in_company2 = self.dealer.with_user(both).with_company(company2)
        self.assertEqual(in_company2.dealer_inventory_days, 500)
        self.assertEqual(in_company2.dealer_turnover_days, 500)

    def test_an_order_is_checked_against_its_own_companys_report(self):
        self._second_company_report()
        order = self._order(self.dealer, [(self.tea, 140, 90, 0)])
        self.assertEqual(order.order_line.dealer_inventory_days, 10)
        self.assertEqual(order.order_line.dealer_projected_days, 24)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_the_penalty_total_counts_the_current_companys_violations(self):
        company2 = self._second_company_report()
        Violation = self.env["dealer.price.violation"]
        for company, qty in ((self.company, 3), (company2, 70)):
            Violation.create(
                {
                    "dealer_id": self.dealer.id,
                    "product_id": self.tea.id,
                    "company_id": company.id,
                    "floor_price": 100,
                    "price": 90,
                    "qty": qty,
                    "state": "confirmed",
                }
            )
        self.env.invalidate_all()
        self.assertEqual(self.dealer.with_user(self.manager).dealer_penalty_total, 30)
        self.assertEqual(self.dealer.with_company(company2).dealer_penalty_total, 700)

    # deleting, archiving, copying ------------------------------------------

    def test_a_dealers_violations_outlive_it(self):
        order = self._order(self.dealer, [(self.steel, 5, 10, 0)], user=self.manager)
        order.with_user(self.manager).action_confirm()
        violation = self._violations(order)
        self.assertTrue(violation)
        # not even the administrator deletes it
        with self.assertRefused(UserError, "archive it instead of deleting it"):
            self.dealer.unlink()
        self.assertTrue(self.dealer.exists())
        self.dealer.action_archive()
        self.assertEqual(violation.dealer_id, self.dealer)
        self.assertEqual(
            self.dealer.with_context(active_test=False).dealer_violation_ids, violation
        )

    def test_a_dealers_done_stock_reports_outlive_it(self):
        dealer = self.env["res.partner"].create({"name": "Reporting Dealer", "is_dealer": True})
        report = self._report(dealer, "2026-03-09", [(self.tea, 100, 70)])
        with self.assertRefused(UserError, "archive it instead of deleting it"):
            dealer.unlink()
        self.assertTrue(report.exists())
        # a draft report does not keep the dealer
        report.with_user(self.manager).action_draft()
        dealer.unlink()
        self.assertFalse(report.exists())

    def test_a_copied_confirmed_order_is_a_draft_without_violations(self):
        order = self._order(self.dealer, [(self.steel, 5, 10, 0)])
        order.with_user(self.manager).action_confirm()
        copy = order.with_user(self.salesman).copy()
        self.assertEqual(copy.state, "draft")
        self.assertFalse(self._violations(copy))
        self.assertEqual(copy.dealer_partner_id, self.dealer)
        with self.assertRefused(UserError, "Steel Beam at $\xa010.00"):
            copy.with_user(self.salesman).action_confirm()
        self._assert_draft_without_trace(copy)
