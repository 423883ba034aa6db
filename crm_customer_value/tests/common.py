from contextlib import contextmanager
from datetime import datetime

from odoo import Command
from odoo.tests import TransactionCase, freeze_time, new_test_user

TODAY = "2026-03-16"


@freeze_time(TODAY)
class ValueCase(TransactionCase):
    """Sales users of each level, a portal customer, products of a VIP range and
    of a cheap range, and a VIP pricelist. Today is Monday 16 March 2026."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.currency = cls.company.currency_id
        cls.manager = new_test_user(
            cls.env,
            "value.boss",
            groups="sales_team.group_sale_manager,base.group_partner_manager",
            name="Value Boss",
        )
        cls.salesman = new_test_user(
            cls.env,
            "value.rep",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
            name="Value Rep",
        )
        cls.other_salesman = new_test_user(
            cls.env,
            "value.other",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
            name="Other Rep",
        )
        cls.high_end = cls.env["product.category"].create({"name": "High End"})
        cls.premium = cls.env["product.category"].create(
            {"name": "Premium", "parent_id": cls.high_end.id}
        )
        cls.cheap = cls.env["product.category"].create({"name": "Cheap"})
        cls.sofa = cls._product("Leather Sofa", 5000.0, cls.high_end)
        cls.lamp = cls._product("Crystal Lamp", 1000.0, cls.premium)
        cls.stool = cls._product("Plastic Stool", 100.0, cls.cheap)
        cls.base_pricelist = cls.env["product.pricelist"].create({"name": "Retail"})
        cls.vip_pricelist = cls.env["product.pricelist"].create({"name": "VIP Prices"})
        cls.company.write(
            {
                "vip_single_order_amount": 10000.0,
                "vip_month_amount": 20000.0,
                "vip_category_ids": [Command.set(cls.high_end.ids)],
                "vip_validity_months": 12,
                "vip_pricelist_id": cls.vip_pricelist.id,
                "value_period_months": 12,
                "value_basis": "sales",
                "value_overdue_days": 30,
            }
        )
        cls.customer = cls._customer("Golden Home Furnishing")
        # the database's own orders (Odoo's demo data, dated around its install)
        # are no part of these customers' business
        cls.env.cr.execute("UPDATE sale_order SET state = 'cancel' WHERE state = 'sale'")
        cls.env.invalidate_all()

    @classmethod
    def _product(cls, name, price, categ, cost=0.0):
        return cls.env["product.product"].create(
            {
                "name": name,
                "list_price": price,
                "standard_price": cost,
                "categ_id": categ.id,
                "taxes_id": [Command.clear()],
            }
        )

    @classmethod
    def _customer(cls, name, user=None):
        partner = cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "user_id": (user or cls.salesman).id,
            }
        )
        partner.with_company(cls.company).property_product_pricelist = cls.base_pricelist
        return partner

    def _order(self, partner, lines, day=TODAY, user=None, confirm=True, **vals):
        """An order to ``partner`` on ``day`` by ``user`` (the salesman):
        lines: [(product, qty, price, discount)]."""
        user = user or self.salesman
        with freeze_time(datetime.fromisoformat(f"{day} 10:00:00")):
            order = (
                self.env["sale.order"]
                .with_user(user)
                .create(
                    {
                        "partner_id": partner.id,
                        "pricelist_id": self.base_pricelist.id,
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
            if confirm:
                order.action_confirm()
        return order

    @contextmanager
    def assertRefused(self, exception, text):
        """The error is raised with a message saying why, and (through the savepoint
        of assertRaises, as a request's rollback would) nothing is written."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertIn(text, str(catcher.exception))

    def _applications(self, partner=None):
        return self.env["customer.vip.application"].search(
            [("partner_id", "=", (partner or self.customer).id)]
        )
