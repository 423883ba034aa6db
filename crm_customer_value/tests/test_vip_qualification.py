from odoo import Command
from odoo.exceptions import UserError

from .common import ValueCase


class TestVipQualification(ValueCase):
    """A confirmation that qualifies proposes an application to a sales manager."""

    def test_single_order_reaching_the_threshold_proposes_an_application(self):
        order = self._order(self.customer, [(self.sofa, 2, 5000.0, 0.0)])
        application = self._applications()
        self.assertEqual(len(application), 1)
        self.assertEqual(application.state, "submitted")
        self.assertEqual(application.basis, "single_order")
        self.assertEqual(application.qualifying_amount, 10000.0)
        self.assertEqual(application.qualifying_order_ids, order)
        self.assertEqual(application.company_id, self.company)
        activity = application.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertTrue(activity.user_id.has_group("sales_team.group_sale_manager"))
        self.assertEqual(self.customer.vip_state, "none")

    def test_below_the_threshold_proposes_nothing(self):
        # 2 x 5000 less 1 %: 9,900, and the cheap range does not count
        self._order(self.customer, [(self.sofa, 2, 5000.0, 1.0), (self.stool, 50, 100.0, 0.0)])
        self.assertFalse(self._applications())

    def test_child_categories_count(self):
        self._order(self.customer, [(self.sofa, 1, 5000.0, 0.0), (self.lamp, 5, 1000.0, 0.0)])
        self.assertEqual(self._applications().qualifying_amount, 10000.0)

    def test_empty_range_counts_every_product(self):
        self.company.vip_category_ids = [Command.clear()]
        self._order(self.customer, [(self.stool, 100, 100.0, 0.0)])
        self.assertEqual(self._applications().qualifying_amount, 10000.0)

    def test_month_total_qualifies(self):
        first = self._order(self.customer, [(self.sofa, 1, 8000.0, 0.0)], day="2026-03-02")
        second = self._order(self.customer, [(self.sofa, 1, 7000.0, 0.0)], day="2026-03-09")
        self.assertFalse(self._applications())
        third = self._order(self.customer, [(self.sofa, 1, 5000.0, 0.0)], day="2026-03-16")
        application = self._applications()
        self.assertEqual(application.basis, "month_total")
        self.assertEqual(application.qualifying_amount, 20000.0)
        self.assertEqual(application.qualifying_order_ids, first | second | third)

    def test_orders_of_another_month_do_not_add_up(self):
        self._order(self.customer, [(self.sofa, 1, 9000.0, 0.0)], day="2026-02-27")
        self._order(self.customer, [(self.sofa, 1, 9000.0, 0.0)], day="2026-02-28")
        self._order(self.customer, [(self.sofa, 1, 9000.0, 0.0)], day="2026-03-02")
        self.assertFalse(self._applications())

    def test_a_contact_orders_for_its_company(self):
        buyer = self.env["res.partner"].create(
            {"name": "Buyer Li", "parent_id": self.customer.id, "type": "contact"}
        )
        self._order(buyer, [(self.sofa, 2, 5000.0, 0.0)])
        self.assertEqual(self._applications().partner_id, self.customer)

    def test_no_second_proposal_while_one_is_submitted_or_the_customer_is_vip(self):
        self._order(self.customer, [(self.sofa, 2, 5000.0, 0.0)])
        self._order(self.customer, [(self.sofa, 3, 5000.0, 0.0)])
        self.assertEqual(len(self._applications()), 1)
        self._applications().with_user(self.manager).action_approve()
        self._order(self.customer, [(self.sofa, 3, 5000.0, 0.0)])
        self.assertEqual(len(self._applications()), 1)

    def test_foreign_currency_at_the_rate_of_the_order_date(self):
        usd = self.env.ref("base.USD")
        if usd == self.currency:
            usd = self.env.ref("base.EUR")
        usd.active = True
        self.env["res.currency.rate"].search([("currency_id", "=", usd.id)]).unlink()
        self.env["res.currency.rate"].create(
            [
                # 1 company unit = 0.2 usd, i.e. 1 usd = 5 company units, in March
                {"currency_id": usd.id, "name": "2026-03-01", "rate": 0.2},
                {"currency_id": usd.id, "name": "2026-03-20", "rate": 0.1},
            ]
        )
        pricelist = self.env["product.pricelist"].create({"name": "USD", "currency_id": usd.id})
        self._order(self.customer, [(self.sofa, 1, 1900.0, 0.0)], pricelist_id=pricelist.id)
        self.assertFalse(self._applications())  # 9,500
        self._order(self.customer, [(self.sofa, 1, 2000.0, 0.0)], pricelist_id=pricelist.id)
        self.assertEqual(self._applications().qualifying_amount, 10000.0)

    def test_price_included_tax_is_taken_out(self):
        tax = self.env["account.tax"].create(
            {
                "name": "VAT 13 % included",
                "amount": 13.0,
                "price_include_override": "tax_included",
                "type_tax_use": "sale",
            }
        )
        order = self._order(self.customer, [(self.sofa, 1, 11300.0, 0.0)], confirm=False)
        order.order_line.tax_id = tax
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(self._applications().qualifying_amount, 10000.0)


class TestVipAmountsAreFacts(ValueCase):
    """What a client can write on a confirmed order does not make a VIP."""

    def test_forged_stored_totals_are_not_read(self):
        order = self._order(self.customer, [(self.sofa, 1, 5000.0, 0.0)], confirm=False)
        # however forged totals got there (a write, where no other addon refuses
        # it; the database itself), the VIP rules do not read them
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET amount_untaxed = 50000, currency_rate = 0.01 WHERE id = %s",
            [order.id],
        )
        self.env.cr.execute(
            "UPDATE sale_order_line SET price_subtotal = 50000 WHERE order_id = %s", [order.id]
        )
        self.env.invalidate_all()
        order.with_user(self.salesman).action_confirm()
        self.assertFalse(self._applications())
        self.assertFalse(
            self.customer._vip_progress(self.company, order.date_order.date())["basis"]
        )

    def test_salesperson_cannot_move_a_confirmed_order_to_another_month(self):
        order = self._order(self.customer, [(self.sofa, 1, 9000.0, 0.0)], day="2026-02-27")
        with self.assertRefused(UserError, "only sales managers change it"):
            order.with_user(self.salesman).write({"date_order": "2026-03-10 10:00:00"})
        self.assertEqual(str(order.date_order.date()), "2026-02-27")

    def test_credit_notes_on_the_orders_are_netted(self):
        order = self._order(self.customer, [(self.sofa, 2, 5000.0, 0.0)])
        application = self._applications()
        application.with_user(self.manager).action_refuse()
        order.order_line.qty_delivered = 2
        invoice = order._create_invoices()
        invoice.action_post()
        reversal = invoice._reverse_moves()
        reversal.invoice_line_ids.quantity = 0.5
        reversal.action_post()
        progress = self.customer._vip_progress(self.company, order.date_order.date())
        self.assertAlmostEqual(progress["single"], 7500.0)
        self.assertFalse(progress["basis"])

    def test_vip_pricelist_on_an_order_needs_a_vip(self):
        with self.assertRefused(UserError, "is not a VIP customer"):
            self._order(
                self.customer, [(self.sofa, 1, 100.0, 0.0)], pricelist_id=self.vip_pricelist.id
            )
        self.assertFalse(self.env["sale.order"].search([("partner_id", "=", self.customer.id)]))

    def test_a_customer_without_a_pricelist_never_falls_back_on_the_vip_one(self):
        # the VIP pricelist first in order, and the only one of the company left
        self.vip_pricelist.sequence = 0
        self.base_pricelist.active = False
        walk_in = self.env["res.partner"].create({"name": "Walk-in"})
        pricelist = walk_in.with_company(self.company).property_product_pricelist
        self.assertNotEqual(pricelist, self.vip_pricelist)
        order = self.env["sale.order"].with_user(self.salesman).create({"partner_id": walk_in.id})
        self.assertNotEqual(order.pricelist_id, self.vip_pricelist)
        self.assertTrue(self.vip_pricelist.active, "still the VIPs' pricelist")
