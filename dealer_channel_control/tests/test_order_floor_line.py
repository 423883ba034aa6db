from odoo import Command
from odoo.tests import Form, freeze_time, new_test_user

from .common import TODAY, DealerCase


@freeze_time(TODAY)
class TestOrderFloorLine(DealerCase):
    """The floor on the order line, before Confirm."""

    def test_the_line_shows_the_floor_and_marks_a_price_below_it_as_typed(self):
        self.salesman.groups_id += self.env.ref("sale.group_discount_per_so_line")
        with Form(self.env["sale.order"].with_user(self.salesman)) as form:
            form.partner_id = self.dealer
            with form.order_line.new() as line:
                line.product_id = self.tea
                line.tax_id.clear()
                self.assertEqual(line.dealer_floor_price, 80)
                self.assertFalse(line.dealer_below_floor)
                line.price_unit = 79
                self.assertTrue(line.dealer_below_floor)
                line.price_unit = 100
                line.discount = 25  # 75 net
                self.assertTrue(line.dealer_below_floor)
                line.discount = 20  # 80 net: at the floor
                self.assertFalse(line.dealer_below_floor)
            with form.order_line.new() as line:
                line.product_id = self.rice  # no floor
                line.price_unit = 1
                self.assertEqual(line.dealer_floor_price, 0)
                self.assertFalse(line.dealer_below_floor)

    def test_the_floor_is_shown_in_the_lines_unit(self):
        order = self._order(self.dealer, [(self.tea, 1, 950, 0)])
        order.order_line.write({"product_uom": self.dozen.id, "price_unit": 950})
        self.assertEqual(order.order_line.dealer_floor_price, 960)
        self.assertTrue(order.order_line.dealer_below_floor)
        order.order_line.price_unit = 960
        self.assertFalse(order.order_line.dealer_below_floor)

    def test_orders_to_plain_customers_show_no_floor(self):
        order = self._order(self.customer, [(self.tea, 1, 10, 0)])
        self.assertEqual(order.order_line.dealer_floor_price, 0)
        self.assertFalse(order.order_line.dealer_below_floor)

    def test_the_order_form_shows_the_floor_column_for_dealers(self):
        arch = self.env["sale.order"].with_user(self.salesman).get_views([(False, "form")])
        view = arch["views"]["form"]["arch"]
        self.assertIn('name="dealer_floor_price"', view)
        self.assertIn('decoration-danger="dealer_below_floor"', view)

    def _lines_queries(self, count):
        products = self.env["product.product"].create(
            [{"name": f"Floored {count}-{i}", "dealer_floor_price": 10.0 + i} for i in range(count)]
        )
        order = self._order(self.dealer, [(product, 1, 5, 0) for product in products])
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        lines = order.with_user(self.salesman).order_line
        below = lines.mapped("dealer_below_floor")
        self.assertEqual(below, [True] * count)
        return self.cr.sql_log_count - before

    def test_the_floor_of_many_lines_is_computed_in_constant_queries(self):
        few = self._lines_queries(3)
        many = self._lines_queries(30)
        self.assertEqual(few, many)
        order = self._order(
            self.dealer,
            [(self.tea, 1, 70, 0)] * 40,
        )
        self.env.invalidate_all()
        lines = order.with_user(self.salesman).order_line
        with self.assertQueryCount(few):
            lines.mapped("dealer_below_floor")

    def test_a_foreign_currency_order_shows_the_floor_converted(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["res.currency.rate"].create(
            {"currency_id": eur.id, "rate": 0.5, "name": "2026-01-01", "company_id": False}
        )
        pricelist = self.env["product.pricelist"].create({"name": "EUR", "currency_id": eur.id})
        order = self._order(self.dealer, [], pricelist_id=pricelist.id)
        order.order_line = [
            Command.create(
                {"product_id": self.tea.id, "price_unit": 39, "tax_id": [Command.clear()]}
            )
        ]
        rate = self.env["res.currency"]._get_conversion_rate(
            self.company.currency_id, eur, self.company, order.date_order
        )
        self.assertNotEqual(rate, 1.0)
        self.assertAlmostEqual(order.order_line.dealer_floor_price, 80 * rate, places=2)
        self.assertEqual(order.order_line.dealer_below_floor, 80 * rate > 39)

    def test_a_salesperson_outside_the_dealer_groups_sees_the_mark_not_the_floor(self):
        plain = new_test_user(self.env, "plain.floor", groups="sales_team.group_sale_salesman")
        order = self._order(self.dealer, [(self.tea, 1, 70, 0)], user=plain, user_id=plain.id)
        line = order.order_line.with_user(plain)
        self.assertTrue(line.dealer_below_floor)
        values = line.read()[0]
        self.assertNotIn("dealer_floor_price", values)
