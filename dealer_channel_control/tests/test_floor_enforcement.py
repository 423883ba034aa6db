"""The price floor holds on confirmed orders too, whatever the client writes."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, new_test_user

from .common import TODAY, DealerEnforcementCase


@freeze_time(TODAY)
class TestFloorOnConfirmedOrders(DealerEnforcementCase):
    def _confirmed(self, lines, partner=None, user=None):
        order = self._order(partner or self.dealer, lines)
        order.with_user(user or self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        return order

    def _violations(self, order):
        return self.env["dealer.price.violation"].search([("sale_order_id", "=", order.id)])

    def _refused(self, order, change, text="Green Tea at"):
        """The change is refused naming the product, price and floor, and the order
        keeps its lines and values (re-read from the database)."""
        before = order.order_line.read(["product_id", "product_uom_qty", "price_unit", "discount"])
        partner = order.partner_id
        with self.assertRefused(UserError, text) as catcher:
            change()
        self.assertIn("floor $\xa080.00", str(catcher.exception))
        self.assertIn("Nothing was changed", str(catcher.exception))
        self.env.invalidate_all()
        after = order.order_line.read(["product_id", "product_uom_qty", "price_unit", "discount"])
        self.assertEqual(after, before)
        self.assertEqual(order.partner_id, partner)
        self.assertFalse(self._violations(order))

    # a salesperson's changes -------------------------------------------------

    def test_lowering_a_line_price_is_refused(self):
        order = self._confirmed([(self.tea, 10, 90, 0)])
        line = order.order_line.with_user(self.salesman)
        self._refused(order, lambda: line.write({"price_unit": 70}), "Green Tea at $\xa070.00")

    def test_no_context_a_client_sends_skips_the_check(self):
        order = self._confirmed([(self.tea, 10, 90, 0)])
        context = {"dealer_floor_check_pending": True, "dealer_floor_check_deferred": True}
        line = order.order_line.with_user(self.salesman).with_context(**context)
        self._refused(order, lambda: line.write({"price_unit": 70}), "Green Tea at $\xa070.00")
        as_rep = order.with_user(self.salesman).with_context(**context)
        self._refused(
            order,
            lambda: as_rep.write({"order_line": [Command.update(line.id, {"discount": 50})]}),
            "Green Tea at $\xa045.00",
        )

    def test_a_stored_subtotal_written_by_hand_is_not_what_is_compared(self):
        order = self._order(self.dealer, [(self.tea, 10, 50, 0)])
        line = order.order_line.with_user(self.salesman)
        # however a forged subtotal got there (a write, where no other addon
        # refuses it; the database itself), the floor does not read it
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order_line SET price_subtotal = 1000 WHERE id = %s", [line.id]
        )
        line.invalidate_recordset()
        self.assertEqual(line.price_subtotal, 1000)
        with self.assertRefused(UserError, "Green Tea at $\xa050.00"):
            order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_raising_a_line_discount_is_refused(self):
        order = self._confirmed([(self.tea, 10, 90, 0)])
        line = order.order_line.with_user(self.salesman)
        self._refused(order, lambda: line.write({"discount": 20}), "Green Tea at $\xa072.00")

    def test_a_new_line_below_the_floor_is_refused_through_the_order_and_directly(self):
        order = self._confirmed([(self.rice, 10, 50, 0)])
        new_line = {"product_id": self.tea.id, "product_uom_qty": 5, "price_unit": 60}
        as_rep = order.with_user(self.salesman)
        self._refused(
            order,
            lambda: as_rep.write({"order_line": [Command.create(new_line)]}),
            "Green Tea at $\xa060.00",
        )
        lines = self.env["sale.order.line"].with_user(self.salesman)
        self._refused(
            order,
            lambda: lines.create({**new_line, "order_id": order.id}),
            "Green Tea at $\xa060.00",
        )

    def test_a_negative_quantity_line_of_the_product_is_netted_in(self):
        # 10 at 90 less 5 at 100: 400 for 5 units
        order = self._order(self.dealer, [(self.tea, 10, 90, 0), (self.tea, -5, 100, 0)])
        # at the floor exactly
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        as_rep = order.with_user(self.salesman)
        self._refused(
            order,
            lambda: as_rep.write(
                {
                    "order_line": [
                        Command.create(
                            {"product_id": self.tea.id, "product_uom_qty": -1, "price_unit": 100}
                        )
                    ]
                }
            ),
            "Green Tea at $\xa075.00",  # 300 for 4 units
        )
        hidden = self._order(self.dealer, [(self.tea, 10, 90, 0), (self.tea, -5, 110, 0)])
        with self.assertRefused(UserError, "Green Tea at $\xa070.00"):
            hidden.with_user(self.salesman).action_confirm()
        self.assertEqual(hidden.state, "draft")

    def test_changing_the_quantity_is_checked(self):
        # 850 less a fixed 40 of order discount over 10 units: 81 a unit
        order = self._confirmed([(self.tea, 10, 85, 0), (self.discount_product, 1, -40, 0)])
        # the price kept as the client sends it: Odoo reprices a line it priced itself
        tea_line = order.order_line.filtered(lambda ln: ln.product_id == self.tea)
        self._refused(
            order,
            lambda: tea_line.with_user(self.salesman).write(
                {"product_uom_qty": 5, "price_unit": 85}
            ),
            "Green Tea at $\xa077.00",  # (425 - 40) / 5
        )

    def test_changing_the_unit_of_measure_is_checked(self):
        order = self._confirmed([(self.tea, 12, 85, 0)])
        line = order.order_line.with_user(self.salesman)
        # 12 dozen at 85 a dozen: 7.08 a unit
        self._refused(
            order,
            lambda: line.write({"product_uom": self.dozen.id, "price_unit": 85}),
            "Green Tea at",
        )

    def test_changing_the_product_is_checked(self):
        # a service line: with sale_stock, Odoo itself refuses to change the
        # product of a line that has a delivery, before the floor is checked
        delivery = self._product("Rice Delivery", price=50.0, floor=0.0, type="service")
        order = self._confirmed([(delivery, 10, 50, 0)])
        line = order.order_line.with_user(self.salesman)
        self._refused(
            order,
            lambda: line.write({"product_id": self.tea.id, "price_unit": 50}),
            "Green Tea at $\xa050.00",
        )

    def test_the_order_discount_wizard_is_checked(self):
        order = self._confirmed([(self.tea, 10, 90, 0), (self.rice, 10, 50, 0)])
        wizard = (
            self.env["sale.order.discount"]
            .with_user(self.salesman)
            .create(
                {
                    "sale_order_id": order.id,
                    "discount_type": "so_discount",
                    "discount_percentage": 0.2,
                }
            )
        )
        lines = order.order_line
        self._refused(order, wizard.action_apply_discount, "Green Tea at $\xa072.00")
        self.assertEqual(order.order_line, lines)
        per_line = (
            self.env["sale.order.discount"]
            .with_user(self.salesman)
            .create(
                {
                    "sale_order_id": order.id,
                    "discount_type": "sol_discount",
                    "discount_percentage": 0.2,
                }
            )
        )
        self._refused(order, per_line.action_apply_discount, "Green Tea at $\xa072.00")

    def test_moving_the_order_to_a_dealer_is_checked(self):
        order = self._confirmed([(self.tea, 10, 50, 0)], partner=self.customer)
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.dealer.id})
        branch = self.env["res.partner"].create(
            {"name": "Fresh Mart North", "is_company": True, "parent_id": self.dealer.id}
        )
        as_rep = order.with_user(self.salesman)
        for partner in (self.dealer, contact, branch):
            with self.subTest(partner=partner.name):
                self._refused(
                    order,
                    lambda p=partner: as_rep.write({"partner_id": p.id}),
                    "Green Tea at $\xa050.00",
                )

    def test_writing_or_creating_a_confirmed_order_is_checked(self):
        order = self._order(self.dealer, [(self.tea, 10, 50, 0)])
        with self.assertRefused(UserError, "Green Tea at $\xa050.00"):
            order.with_user(self.salesman).write({"state": "sale"})
        self.assertEqual(order.state, "draft")
        orders = self.env["sale.order"].with_user(self.salesman)
        with self.assertRefused(UserError, "Green Tea at $\xa050.00"):
            orders.create(
                {
                    "partner_id": self.dealer.id,
                    "state": "sale",
                    "order_line": [
                        Command.create(
                            {"product_id": self.tea.id, "product_uom_qty": 1, "price_unit": 50}
                        )
                    ],
                }
            )
        self.assertFalse(
            orders.search([("partner_id", "=", self.dealer.id), ("state", "=", "sale")])
        )

    def test_writing_the_state_meets_the_overstock_block_too(self):
        self._report(self.dealer, "2026-03-09", [(self.rice, 300, 70)])
        self.company.dealer_overstock_policy = "block"
        order = self._order(self.dealer, [(self.rice, 10, 50, 0)])
        with self.assertRefused(UserError, "Rice Bag: 31.0 days after this order"):
            order.with_user(self.salesman).write({"state": "sale"})
        self.assertEqual(order.state, "draft")
        with self.assertRefused(UserError, "Rice Bag: 31.0 days after this order"):
            self._order(self.dealer, [(self.rice, 10, 50, 0)], state="sale")
        self.assertFalse(
            self.env["sale.order"].search(
                [("partner_id", "=", self.dealer.id), ("state", "=", "sale")]
            )
        )

    def test_changes_at_or_above_the_floor_pass(self):
        order = self._confirmed([(self.tea, 10, 90, 0)])
        order.order_line.with_user(self.salesman).write({"price_unit": 80, "product_uom_qty": 20})
        self.assertEqual(order.order_line.price_unit, 80)
        self.assertFalse(self._violations(order))

    # a dealer manager's changes ----------------------------------------------

    def test_a_dealer_managers_change_records_one_violation_and_updates_it(self):
        order = self._confirmed([(self.tea, 10, 90, 0)])
        line = order.order_line.with_user(self.manager)
        line.write({"price_unit": 70})
        violation = self._violations(order)
        self.assertEqual(len(violation), 1)
        self.assertEqual(violation.dealer_id, self.dealer)
        self.assertEqual((violation.price, violation.qty, violation.shortfall), (70, 10, 100))
        violation.with_user(self.manager).action_confirm()
        line.write({"price_unit": 60})
        self.assertEqual(self._violations(order), violation)
        self.assertEqual((violation.price, violation.shortfall), (60, 200))
        self.assertEqual(violation.state, "draft", "a changed fine is reviewed again")
        order.with_user(self.manager).write(
            {"order_line": [Command.create({"product_id": self.tea.id, "price_unit": 60})]}
        )
        self.assertEqual(self._violations(order), violation)
        self.assertEqual((violation.price, violation.qty), (60, 11))

    def test_an_invoiced_violation_keeps_its_invoice_and_notes_the_change(self):
        order = self._confirmed([(self.tea, 10, 90, 0)])
        line = order.order_line.with_user(self.manager)
        line.write({"price_unit": 70})
        violation = self._violations(order).with_user(self.manager)
        violation.action_confirm()
        violation.action_invoice_penalties()
        invoice = violation.invoice_id
        self.assertEqual(invoice.amount_untaxed, 100)
        line.with_context(tracking_disable=False).write({"price_unit": 60})
        self.assertEqual(self._violations(order), violation, "not duplicated")
        self.assertEqual(
            (violation.state, violation.price, violation.shortfall), ("invoiced", 70, 100)
        )
        self.assertEqual((violation.invoice_id, invoice.amount_untaxed), (invoice, 100))
        note = violation.message_ids[0].body or ""
        self.assertIn("The order was changed after this violation was invoiced", note)
        self.assertIn("60.00", note)

    def test_a_dealer_managers_order_discount_is_recorded_with_the_allocated_price(self):
        order = self._confirmed([(self.tea, 10, 90, 0), (self.rice, 10, 50, 0)])
        wizard = (
            self.env["sale.order.discount"]
            .with_user(self.manager)
            .create(
                {
                    "sale_order_id": order.id,
                    "discount_type": "amount",
                    "discount_amount": 280,  # 20 % of 1400
                }
            )
        )
        wizard.action_apply_discount()
        violation = self._violations(order)
        self.assertEqual((violation.product_id, violation.price, violation.qty), (self.tea, 72, 10))

    def test_an_approved_order_still_takes_a_salespersons_harmless_changes(self):
        order = self._confirmed([(self.tea, 10, 70, 0), (self.rice, 10, 50, 0)], user=self.manager)
        violation = self._violations(order)
        self.assertEqual(violation.price, 70)
        rice = order.order_line.filtered(lambda ln: ln.product_id == self.rice)
        rice.with_user(self.salesman).write({"product_uom_qty": 20})
        tea = order.order_line - rice
        tea.with_user(self.salesman).write({"price_unit": 75})  # better: the fine shrinks
        self.assertEqual((violation.price, violation.shortfall), (75, 50))
        self._refused_keeping(order, lambda: tea.with_user(self.salesman).write({"price_unit": 72}))
        self._refused_keeping(
            order, lambda: tea.with_user(self.salesman).write({"product_uom_qty": 11})
        )
        self.assertEqual((violation.price, violation.qty), (75, 10))

    def _refused_keeping(self, order, change):
        with self.assertRefused(UserError, "Green Tea at"):
            change()
        self.env.invalidate_all()
        self.assertEqual(order.order_line.mapped("price_unit"), [75, 50])

    # query count -------------------------------------------------------------

    def _write_count(self, order):
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        order.order_line[0].with_user(self.salesman).write({"price_unit": 25})
        return self.env.cr.sql_log_count - start

    def _extra_write_queries(self, size):
        """What the check adds to a line change of a confirmed order of `size`
        lines: its count minus the count of the same change on the same order to a
        customer who is no dealer."""
        products = self.env["product.product"].create(
            [{"name": f"Bulk {size} {i}", "dealer_floor_price": 10.0} for i in range(size)]
        )
        lines = [(p, 10, 20, 0) for p in products]
        dealer_order = self._confirmed(lines)
        plain_order = self._confirmed(lines, partner=self.customer)
        return self._write_count(dealer_order) - self._write_count(plain_order)

    def test_the_check_on_a_change_runs_a_constant_number_of_queries(self):
        self.assertEqual(self._extra_write_queries(10), self._extra_write_queries(100))


@freeze_time(TODAY)
class TestWhoIsADealer(DealerEnforcementCase):
    def test_a_salesperson_cannot_stop_a_dealer_being_one(self):
        """The walk-around: unset is_dealer, confirm below the floor, set it back.
        Refused at the first step."""
        with self.assertRefused(AccessError, "Only dealer managers"):
            self.dealer.with_user(self.salesman).write({"is_dealer": False})
        self.env.invalidate_all()
        self.assertTrue(self.dealer.is_dealer)
        order = self._order(self.dealer, [(self.tea, 10, 50, 0)])
        with self.assertRefused(UserError, "Green Tea at $\xa050.00"):
            order.with_user(self.salesman).action_confirm()

    def test_only_dealer_managers_make_dealers_or_change_channels(self):
        partners = self.env["res.partner"]
        for user in (self.salesman, self.plain_rep, self.sales_boss):
            with self.subTest(user=user.login):
                with self.assertRefused(AccessError, "Only dealer managers"):
                    partners.with_user(user).create({"name": "Sneaky", "is_dealer": True})
                with self.assertRefused(AccessError, "Only dealer managers"):
                    partners.with_user(user).with_context(default_is_dealer=True).create(
                        {"name": "Sneaky"}
                    )
                with self.assertRefused(AccessError, "Only dealer managers"):
                    self.customer.with_user(user).write({"is_dealer": True})
                with self.assertRefused(AccessError, "Only dealer managers"):
                    self.dealer.with_user(user).write({"dealer_channel_id": self.wholesale.id})
        self.env.invalidate_all()
        self.assertFalse(partners.search([("name", "=", "Sneaky")]))
        self.assertFalse(self.customer.is_dealer)
        self.assertEqual(self.dealer.dealer_channel_id, self.supermarket)
        manager_partners = partners.with_user(self.manager)
        made = manager_partners.create({"name": "New Dealer", "is_dealer": True})
        self.assertTrue(made.is_dealer)
        self.dealer.with_user(self.manager).dealer_channel_id = self.wholesale
        self.assertEqual(self.dealer.dealer_channel_id, self.wholesale)

    def test_contacts_added_to_a_dealer_from_the_dealers_menu_are_no_dealers(self):
        context = {"default_is_dealer": True, "default_dealer_channel_id": self.supermarket.id}
        self.dealer.with_user(self.salesman).with_context(**context).write(
            {"child_ids": [Command.create({"name": "Buyer"})]}
        )
        buyer = self.dealer.child_ids
        self.assertEqual(buyer.name, "Buyer")
        self.assertFalse(buyer.is_dealer)
        self.assertFalse(buyer.dealer_channel_id)

    def test_unchanged_dealer_values_pass_as_a_form_sends_them(self):
        self.dealer.with_user(self.salesman).write(
            {"is_dealer": True, "dealer_channel_id": self.supermarket.id, "phone": "123"}
        )
        self.assertEqual(self.dealer.phone, "123")
        contact = (
            self.env["res.partner"]
            .with_user(self.plain_rep)
            .create({"name": "Buyer", "is_dealer": False, "dealer_channel_id": False})
        )
        self.assertFalse(contact.is_dealer)

    def test_a_sales_manager_outside_the_dealer_groups_sets_no_floor(self):
        templates = self.env["product.template"].with_user(self.sales_boss)
        with self.assertRefused(AccessError, "Only dealer managers"):
            templates.create({"name": "Cheap Tea", "dealer_floor_price": 50})
        with self.assertRefused(AccessError, "Only dealer managers"):
            self.env["product.product"].with_user(self.sales_boss).create(
                {"name": "Cheap Tea", "dealer_floor_price": 50}
            )
        with self.assertRefused(AccessError, "Only dealer managers"):
            self.tea.with_user(self.sales_boss).write({"dealer_floor_price": 10})
        with self.assertRefused(AccessError, "Only dealer managers"):
            self.tea.product_tmpl_id.with_user(self.sales_boss).write({"dealer_floor_price": 0})
        self.env.invalidate_all()
        self.assertFalse(templates.search([("name", "=", "Cheap Tea")]))
        self.assertEqual(self.tea.dealer_floor_price, 80)
        # a product without a floor, and an unchanged floor, are theirs to save
        plain = templates.create({"name": "Plain Tea", "dealer_floor_price": 0})
        self.tea.product_tmpl_id.with_user(self.sales_boss).write(
            {"dealer_floor_price": 80, "list_price": 120}
        )
        self.assertEqual((plain.dealer_floor_price, self.tea.list_price), (0, 120))
        self.rice.with_user(self.manager).write({"dealer_floor_price": 30})
        self.assertEqual(self.rice.dealer_floor_price, 30)

    def test_duplicates_carry_dealer_values_for_dealer_managers_only(self):
        """Who may not make a dealer or set a floor still duplicates one, without
        those values; a dealer manager's duplicate keeps them."""
        partner = self.dealer.with_user(self.salesman).copy()
        self.assertEqual((partner.is_dealer, partner.dealer_channel_id.id), (False, False))
        product = self.tea.product_tmpl_id.with_user(self.sales_boss).copy()
        self.assertEqual(product.sudo().dealer_floor_price, 0)
        self.env.invalidate_all()
        self.assertTrue(self.dealer.is_dealer)
        self.assertEqual(self.tea.dealer_floor_price, 80)
        self.assertTrue(self.dealer.with_user(self.manager).copy().is_dealer)
        both = new_test_user(
            self.env,
            "both.boss",
            groups="sales_team.group_sale_manager,dealer_channel_control.group_dealer_manager",
        )
        self.assertEqual(self.tea.product_tmpl_id.with_user(both).copy().dealer_floor_price, 80)

    def test_a_branch_of_a_dealer_and_its_contacts_are_checked_as_the_dealer(self):
        branch = self.env["res.partner"].create(
            {"name": "Fresh Mart North", "is_company": True, "parent_id": self.dealer.id}
        )
        buyer = self.env["res.partner"].create({"name": "North Buyer", "parent_id": branch.id})
        for partner in (branch, buyer):
            with self.subTest(partner=partner.name):
                order = self._order(partner, [(self.tea, 10, 50, 0)])
                self.assertTrue(order.is_dealer_order)
                with self.assertRefused(UserError, "Green Tea at $\xa050.00"):
                    order.with_user(self.salesman).action_confirm()
                self.assertEqual(order.state, "draft")
        order = self._order(buyer, [(self.tea, 10, 50, 0)])
        order.with_user(self.manager).action_confirm()
        self.assertEqual(order.dealer_violation_ids.dealer_id, self.dealer)

    def test_a_salesperson_cannot_take_a_contact_or_branch_away_from_its_dealer(self):
        branch = self.env["res.partner"].create(
            {"name": "Fresh Mart North", "is_company": True, "parent_id": self.dealer.id}
        )
        buyer = self.env["res.partner"].create({"name": "North Buyer", "parent_id": branch.id})
        for partner, parent in (
            (buyer, False),
            (branch, self.customer),
            (buyer, self.other_dealer),
        ):
            with (
                self.subTest(partner=partner.name),
                self.assertRefused(AccessError, "move it away from its dealer"),
            ):
                partner.with_user(self.salesman).write({"parent_id": parent and parent.id})
        self.env.invalidate_all()
        self.assertEqual((buyer.parent_id, branch.parent_id), (branch, self.dealer))
        # within the dealer, and by a dealer manager, contacts move freely
        buyer.with_user(self.salesman).write({"parent_id": self.dealer.id})
        buyer.with_user(self.manager).write({"parent_id": False})
        self.assertFalse(buyer.parent_id)

    def test_a_branch_order_shows_the_dealers_stock(self):
        self._report(self.dealer, "2026-03-09", [(self.tea, 100, 70)])
        branch = self.env["res.partner"].create(
            {"name": "Fresh Mart North", "is_company": True, "parent_id": self.dealer.id}
        )
        order = self._order(branch, [(self.tea, 100, 90, 0)])
        self.assertEqual(order.order_line.dealer_projected_days, 20)
