import uuid

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.channel_suite_base.tests.race import CONTEXT, run_at_once


class TestOrderConcurrency(TransactionCase):
    """Two salespeople confirm the two halves of an order that would overstock a
    dealer at the same moment, each in its own transaction, as two web requests
    would: the company blocks overstock, so exactly one half is confirmed."""

    def setUp(self):
        super().setUp()
        tag = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, dict(CONTEXT))
            self.company = env.company.id
            self.policy = env.company.dealer_overstock_policy
            env.company.dealer_overstock_policy = "block"
            # a service: with sale_stock a goods order's confirmation creates a
            # delivery, whose moves would keep the cleanup from deleting it
            product = env["product.product"].create({"name": f"Race Tile {tag}", "type": "service"})
            self.product = product.id
            self.users = [
                new_test_user(
                    env,
                    f"race.seller.{tag}.{i}",
                    groups="dealer_channel_control.group_dealer_user",
                    context=CONTEXT,
                ).id
                for i in range(2)
            ]
            dealer = env["res.partner"].create(
                {"name": f"Race Dealer {tag}", "is_company": True, "is_dealer": True}
            )
            self.dealer = dealer.id
            # 100 on hand, 10 a day: 10 days; the band's maximum is 25
            report = env["dealer.stock.report"].create(
                {
                    "dealer_id": dealer.id,
                    "state": "done",
                    "line_ids": [
                        Command.create(
                            {"product_id": product.id, "qty_on_hand": 100, "qty_sold": 70}
                        )
                    ],
                }
            )
            self.report = report.id
            # 80 each: 18 days alone, 26 together
            self.orders = [
                env["sale.order"]
                .with_user(user)
                .create(
                    {
                        "partner_id": dealer.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "product_uom_qty": 80,
                                    "price_unit": 10,
                                    "tax_id": False,
                                }
                            )
                        ],
                    }
                )
                .id
                for user in self.users
            ]
        self.addCleanup(self._delete_committed_data)

    def _delete_committed_data(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, dict(CONTEXT))
            env.company.browse(self.company).dealer_overstock_policy = self.policy
            orders = env["sale.order"].browse(self.orders)
            orders.activity_ids.unlink()
            orders._action_cancel()
            orders.unlink()
            report = env["dealer.stock.report"].browse(self.report)
            report.action_draft()
            report.unlink()
            users = env["res.users"].browse(self.users)
            partners = users.partner_id
            users.unlink()
            (partners | env["res.partner"].browse(self.dealer)).unlink()
            env["product.product"].browse(self.product).product_tmpl_id.unlink()

    def test_two_halves_confirmed_at_once_are_counted_together(self):
        def confirm(order_id):
            return lambda env: env["sale.order"].browse(order_id).action_confirm()

        calls = [(user, confirm(oid)) for oid, user in zip(self.orders, self.users, strict=True)]
        outcomes = dict(
            zip(self.orders, run_at_once(self.registry, calls, context=CONTEXT), strict=True)
        )
        confirmed = [oid for oid, outcome in outcomes.items() if outcome == "done"]
        self.assertEqual(len(confirmed), 1, outcomes)
        [(refused, error)] = [(oid, e) for oid, e in outcomes.items() if oid not in confirmed]
        self.assertIsInstance(error, UserError, outcomes)
        self.assertIn("26.0 days after this order", str(error))
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.assertEqual(env["sale.order"].browse(confirmed).state, "sale")
            self.assertEqual(env["sale.order"].browse(refused).state, "draft")
