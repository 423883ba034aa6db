from odoo.exceptions import UserError
from odoo.tests import Form, freeze_time, new_test_user

from .common import TODAY, DealerCase


@freeze_time(TODAY)
class TestSaleOrder(DealerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_order_user = cls.manager

    def setUp(self):
        super().setUp()
        # tea: 100 on hand, 10 a day (10 days); rice: 300 on hand, 10 a day (30 days)
        self._report(self.dealer, "2026-03-09", [(self.tea, 100, 70), (self.rice, 300, 70)])

    def _violations(self, order):
        return self.env["dealer.price.violation"].search([("sale_order_id", "=", order.id)])

    def test_order_lines_show_the_dealers_stock(self):
        with Form(self.env["sale.order"].with_user(self.salesman)) as form:
            form.partner_id = self.dealer
            with form.order_line.new() as line:
                line.product_id = self.tea
                line.product_uom_qty = 100
                self.assertEqual(line.dealer_inventory_days, 10)
                self.assertEqual(line.dealer_projected_days, 20)
                self.assertEqual(line.dealer_suggested_qty, 125)
                self.assertEqual(line.dealer_stock_state, "under")
        self.assertTrue(form.record.is_dealer_order)

    def test_projected_days_count_the_ordered_unit_of_measure(self):
        order = self._order(self.dealer, [(self.tea, 10, 1200, 0)])
        order.order_line.product_uom = self.dozen
        self.assertEqual(order.order_line.dealer_projected_days, 22)  # 100 + 120 units

    def test_lines_of_one_product_add_up(self):
        self.company.dealer_overstock_policy = "block"
        order = self._order(self.dealer, [(self.tea, 100, 90, 0), (self.tea, 60, 90, 0)])
        self.assertEqual(order.order_line.mapped("dealer_projected_days"), [26, 26])
        with self.assertRefused(UserError, "Green Tea: 26.0 days after this order"):
            order.with_user(self.salesman).action_confirm()

    def test_an_order_within_the_band_and_above_the_floor_confirms_quietly(self):
        order = self._order(self.dealer, [(self.tea, 120, 90, 0)])
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(self._violations(order))
        self.assertFalse(order.activity_ids)

    def test_overstock_warns_by_default(self):
        order = self._order(self.dealer, [(self.rice, 10, 50, 0), (self.tea, 50, 90, 0)])
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertTrue(
            order.order_line.filtered(lambda ln: ln.product_id == self.rice).dealer_overstock
        )
        notes = order.message_ids.filtered(lambda m: "overstocks the dealer" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        self.assertIn("Rice Bag", notes.body)
        self.assertNotIn("Green Tea", notes.body)
        activity = order.activity_ids
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("dealer_channel_control.mail_activity_dealer_overstock"),
        )
        self.assertEqual(activity.user_id, order.team_id.user_id or order.user_id)

    def test_overstock_blocks_a_salesperson_when_the_company_says_so(self):
        self.company.dealer_overstock_policy = "block"
        order = self._order(self.dealer, [(self.rice, 10, 50, 0)])
        with self.assertRefused(UserError, "Rice Bag: 31.0 days after this order, band maximum 25"):
            order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.activity_ids)

    def test_a_dealer_manager_confirms_a_blocked_overstock_with_a_warning(self):
        self.company.dealer_overstock_policy = "block"
        order = self._order(self.dealer, [(self.rice, 10, 50, 0)])
        order.with_user(self.manager).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(len(order.activity_ids), 1)

    def test_a_product_that_does_not_sell_is_overstocked_by_any_order(self):
        self._report(self.dealer, "2026-03-16", [(self.rice, 5, 0)])
        self.company.dealer_overstock_policy = "block"
        order = self._order(self.dealer, [(self.rice, 1, 50, 0)])
        with self.assertRefused(UserError, "no sales"):
            order.with_user(self.salesman).action_confirm()

    def test_below_floor_lines_are_refused_naming_product_price_and_floor(self):
        # tea is compared over the whole order: (750 + 790) / 20 = 77
        order = self._order(
            self.dealer,
            [(self.tea, 10, 100, 25), (self.tea, 10, 79, 0), (self.rice, 10, 1, 0)],
        )
        with self.assertRefused(UserError, "Green Tea at $\xa077.00, floor $\xa080.00") as catcher:
            order.with_user(self.salesman).action_confirm()
        self.assertEqual(str(catcher.exception).count("Green Tea"), 1)
        self.assertNotIn("Rice", str(catcher.exception))  # no floor on rice
        self.assertEqual(order.state, "draft")
        self.assertFalse(self._violations(order))

    def test_the_floor_compares_the_untaxed_price(self):
        tax = self.env["account.tax"].create(
            {"name": "VAT 25% incl.", "amount": 25, "price_include_override": "tax_included"}
        )
        order = self._order(self.dealer, [(self.tea, 10, 90, 0)])
        order.order_line.tax_id = tax  # 90 incl. = 72 untaxed
        with self.assertRefused(UserError, "Green Tea at $\xa072.00"):
            order.with_user(self.salesman).action_confirm()

    def test_the_untaxed_amount_is_the_tax_engines_whatever_the_taxes(self):
        """The short way for taxes on top of the price gives what Odoo's tax
        computation gives, which the other taxes still go through."""
        Tax = self.env["account.tax"]
        taxes = [
            Tax,
            Tax.create({"name": "VAT 13%", "amount": 13}),
            Tax.create({"name": "Eco 2", "amount": 2, "amount_type": "fixed"}),
            Tax.create(
                {"name": "VAT 13% incl.", "amount": 13, "price_include_override": "tax_included"}
            ),
            Tax.create({"name": "Division 5%", "amount": 5, "amount_type": "division"}),
        ]
        order = self._order(self.dealer, [(self.tea, 3.333, 87.77, 7.5) for _tax in taxes])
        for line, tax in zip(order.order_line, taxes, strict=True):
            line.tax_id = tax
        for method in ("round_per_line", "round_globally"):
            self.company.tax_calculation_rounding_method = method
            for line, tax in zip(order.order_line, taxes, strict=True):
                with self.subTest(method=method, tax=tax.name or "none"):
                    base_line = line._prepare_base_line_for_taxes_computation()
                    Tax._add_tax_details_in_base_line(base_line, line.company_id)
                    expected = base_line["tax_details"]["raw_total_excluded_currency"]
                    self.assertAlmostEqual(line._dealer_untaxed_amount(), expected, places=9)

    def test_the_floor_compares_in_company_currency_at_the_order_date(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["res.currency.rate"].create(
            [
                {"name": "2026-01-01", "rate": 0.5, "currency_id": eur.id},  # 1 EUR = 2 USD
                {"name": "2026-03-10", "rate": 1.0, "currency_id": eur.id},
            ]
        )
        pricelist = self.env["product.pricelist"].create({"name": "EUR", "currency_id": eur.id})
        order = self._order(
            self.dealer,
            [(self.tea, 10, 45, 0)],
            pricelist_id=pricelist.id,
            date_order="2026-02-01 10:00:00",
        )
        order.with_user(self.salesman).action_confirm()  # 45 EUR = 90 USD in February
        self.assertEqual(order.state, "sale")
        march = self._order(
            self.dealer,
            [(self.tea, 10, 45, 0)],
            pricelist_id=pricelist.id,
            date_order="2026-03-12 10:00:00",
        )
        with self.assertRefused(UserError, "Green Tea at $\xa045.00"):
            march.with_user(self.salesman).action_confirm()

    def test_a_dealer_manager_confirms_below_floor_and_a_violation_is_recorded(self):
        # one violation for the product: (750 + 800) / 20 = 77.5 a unit, 20 units
        order = self._order(self.dealer, [(self.tea, 10, 100, 25), (self.tea, 10, 80, 0)])
        order.with_user(self.manager).action_confirm()
        self.assertEqual(order.state, "sale")
        violation = self._violations(order)
        self.assertEqual(len(violation), 1)
        self.assertEqual(violation.dealer_id, self.dealer)
        self.assertEqual(violation.source, "sale_order")
        self.assertEqual(violation.source_ref, order.name)
        self.assertEqual((violation.floor_price, violation.price, violation.qty), (80, 77.5, 20))
        self.assertEqual(violation.shortfall, 50)
        self.assertEqual(violation.penalty_amount, 50)
        self.assertEqual(violation.state, "draft")

    def test_orders_to_ordinary_customers_are_not_checked(self):
        order = self._order(self.customer, [(self.tea, 1000, 1, 0)])
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.order_line.dealer_stock_state)
        self.assertFalse(self._violations(order))

    def test_an_order_to_a_dealers_contact_is_checked_for_the_dealer(self):
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.dealer.id})
        order = self._order(contact, [(self.tea, 10, 50, 0)])
        with self.assertRefused(UserError, "Green Tea at $\xa050.00"):
            order.with_user(self.salesman).action_confirm()

    def _orders(self, size, price):
        """The same order of `size` lines to a new dealer and to a plain customer."""
        dealer = self.dealer.copy({"name": f"Dealer {size}"})
        products = self.env["product.product"].create(
            [{"name": f"Bulk {size} {i}", "dealer_floor_price": 10.0} for i in range(size)]
        )
        self._report(dealer, "2026-03-09", [(p, 100, 70) for p in products])
        order = self._order(dealer, [(p, 100, price, 0) for p in products])
        # the customer's addresses too: an order invoiced or delivered to a
        # dealer is an order to that dealer
        customer = self.customer.id
        twin = order.copy(
            {
                "partner_id": customer,
                "partner_invoice_id": customer,
                "partner_shipping_id": customer,
            }
        )
        return order, twin

    def _count(self, order):
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        order.with_user(self.manager).action_confirm()
        return self.env.cr.sql_log_count - start

    def _assert_constant_extra_queries(self, price):
        """The checks add as many queries to a 200-line order as to a 20-line one:
        the extra of each is its count minus the count of the same order to a
        customer who is no dealer (sale's own work grows with the lines)."""
        small, small_twin = self._orders(20, price)
        large, large_twin = self._orders(200, price)
        extra = self._count(small) - self._count(small_twin)
        plain = self._count(large_twin)
        self.env.invalidate_all()
        with self.assertQueryCount(plain + extra):
            large.with_user(self.manager).action_confirm()
        self.assertEqual((small | large).mapped("state"), ["sale", "sale"])
        return small | large

    def test_confirmation_checks_run_a_constant_number_of_queries(self):
        self._assert_constant_extra_queries(price=20)

    def test_recording_violations_runs_a_constant_number_of_queries(self):
        orders = self._assert_constant_extra_queries(price=5)
        self.assertEqual(len(orders.dealer_violation_ids), 220)

    def test_a_salesperson_outside_the_dealer_groups_still_sells(self):
        """The addon must not get in the way of salespeople who never deal with
        dealers: they open, save and confirm quotations as before."""
        plain = new_test_user(self.env, "plain.rep", groups="sales_team.group_sale_salesman")
        with Form(self.env["sale.order"].with_user(plain)) as form:
            form.partner_id = self.customer
            with form.order_line.new() as line:
                line.product_id = self.tea
                line.price_unit = 50  # below the floor, but no dealer is involved
        order = form.record
        order.with_user(plain).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(self._violations(order))
