from contextlib import contextmanager

from psycopg2 import IntegrityError

from odoo import Command
from odoo.service.model import _as_validation_error
from odoo.tests import TransactionCase, freeze_time, new_test_user
from odoo.tools import mute_logger

TODAY = "2026-03-16"


@freeze_time(TODAY)
class DealerCase(TransactionCase):
    """Dealers, products with floors and the people who work with them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.manager = new_test_user(
            cls.env,
            "dealer.boss",
            groups="dealer_channel_control.group_dealer_manager,"
            "sales_team.group_sale_salesman_all_leads",
            name="Dealer Boss",
        )
        cls.salesman = new_test_user(
            cls.env,
            "dealer.rep",
            groups="dealer_channel_control.group_dealer_user",
            name="Dealer Rep",
        )
        cls.supermarket = cls.env.ref("dealer_channel_control.channel_supermarket")
        cls.wholesale = cls.env.ref("dealer_channel_control.channel_wholesale")
        cls.dealer = cls.env["res.partner"].create(
            {
                "name": "Fresh Mart Dealer",
                "is_company": True,
                "is_dealer": True,
                "dealer_channel_id": cls.supermarket.id,
                "user_id": cls.salesman.id,
            }
        )
        cls.other_dealer = cls.env["res.partner"].create(
            {
                "name": "Bulk Wholesale Dealer",
                "is_company": True,
                "is_dealer": True,
                "dealer_channel_id": cls.wholesale.id,
                "user_id": cls.manager.id,
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "Plain Customer"})
        cls.unit = cls.env.ref("uom.product_uom_unit")
        cls.dozen = cls.env.ref("uom.product_uom_dozen")
        cls.tea = cls._product("Green Tea", price=100.0, floor=80.0)
        cls.rice = cls._product("Rice Bag", price=50.0, floor=0.0)

    @classmethod
    def _product(cls, name, price, floor, **vals):
        return cls.env["product.product"].create(
            {
                "name": name,
                "list_price": price,
                "dealer_floor_price": floor,
                "taxes_id": [Command.clear()],
                **vals,
            }
        )

    @contextmanager
    def assertRefused(self, exception, text):
        """The error is raised with a message saying why, and (through the savepoint
        of assertRaises, as a request's rollback would) nothing is written."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertIn(text, str(catcher.exception))

    def assertRefusedByDatabase(self, change, text):
        """A rule the database holds (an SQL constraint, which holds under two
        users at once) refuses the change with its message, as a request would
        show it, and nothing is written."""
        with (
            self.assertRaises(IntegrityError) as catcher,
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            change()
            self.env.flush_all()
        self.env.invalidate_all()
        self.assertIn(text, str(_as_validation_error(self.env, catcher.exception)))

    def _report(self, dealer, date, lines, state="done", **vals):
        """lines: [(product, on hand, sold in the period)]"""
        return (
            self.env["dealer.stock.report"]
            .with_user(self.salesman if dealer == self.dealer else self.manager)
            .create(
                {
                    "dealer_id": dealer.id,
                    "date": date,
                    "state": state,
                    "line_ids": [
                        Command.create(
                            {"product_id": product.id, "qty_on_hand": on_hand, "qty_sold": sold}
                        )
                        for product, on_hand, sold in lines
                    ],
                    **vals,
                }
            )
        )

    def _order(self, partner, lines, user=None, **vals):
        """lines: [(product, qty, price_unit, discount)]"""
        return (
            self.env["sale.order"]
            .with_user(user or self.salesman)
            .create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": qty,
                                "price_unit": price,
                                "discount": discount,
                                "tax_id": [Command.clear()],
                            }
                        )
                        for product, qty, price, discount in lines
                    ],
                    **vals,
                }
            )
        )


@freeze_time(TODAY)
class DealerEnforcementCase(DealerCase):
    """Who tries the rules through plain RPC calls, and the dealers they try them
    on: a colleague with dealers of their own, a salesperson outside the dealer
    groups, a sales manager, a dealer without salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_rep = new_test_user(
            cls.env,
            "dealer.rep2",
            groups="dealer_channel_control.group_dealer_user",
            name="Other Dealer Rep",
        )
        cls.plain_rep = new_test_user(
            cls.env, "plain.rep", groups="sales_team.group_sale_salesman", name="Plain Rep"
        )
        cls.sales_boss = new_test_user(
            cls.env, "sales.boss", groups="sales_team.group_sale_manager", name="Sales Boss"
        )
        cls.rival = cls.env["res.partner"].create(
            {"name": "Rival Dealer", "is_company": True, "is_dealer": True}
        )
        cls.rival.user_id = cls.other_rep
        cls.orphan = cls.env["res.partner"].create(
            {"name": "Unassigned Dealer", "is_company": True, "is_dealer": True}
        )
        cls.third_dealer = cls.env["res.partner"].create(
            {
                "name": "Corner Shop Dealer",
                "is_company": True,
                "is_dealer": True,
                "dealer_channel_id": cls.supermarket.id,
                "user_id": cls.other_rep.id,
            }
        )
        cls.salt = cls._product("Salt", price=5.0, floor=0.0)
        cls.discount_product = cls.env["product.product"].create(
            {"name": "Order Discount", "type": "service", "taxes_id": [Command.clear()]}
        )
        cls.company.sale_discount_product_id = cls.discount_product
