from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase

from odoo.addons.channel_suite_base.tests.race import run_at_once


class TestReferralConcurrency(TransactionCase):
    """Two users confirm two orders of the same referred customer at the same
    moment, each in its own transaction, as two web requests would."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            self.referrer = env["res.partner"].create({"name": "Concurrent Referrer"}).id
            customer = env["res.partner"].create({"name": "Concurrent Customer"})
            customer.referred_by_id = self.referrer
            # a service: with sale_stock a goods order's confirmation creates a
            # delivery, whose moves would keep the cleanup from deleting it
            product = env["product.product"].create(
                {"name": "Concurrent Widget", "type": "service"}
            )
            self.product = product.id
            # 600 each: neither order alone reaches a step, both together do
            self.orders = [
                env["sale.order"]
                .create(
                    {
                        "partner_id": customer.id,
                        "order_line": [
                            Command.create(
                                {"product_id": product.id, "price_unit": 600, "tax_id": False}
                            )
                        ],
                    }
                )
                .id
                for _i in range(2)
            ]
            self.customer = customer.id
        self.addCleanup(self._delete_committed_data)

    def _delete_committed_data(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "DELETE FROM loyalty_history WHERE referred_partner_id = %s", [self.customer]
            )
            cr.execute("DELETE FROM loyalty_card WHERE partner_id = %s", [self.referrer])
            cr.execute("DELETE FROM sale_order WHERE id IN %s", [tuple(self.orders)])
            cr.execute(
                "DELETE FROM mail_message WHERE (model = 'sale.order' AND res_id IN %s)"
                " OR (model = 'res.partner' AND res_id IN %s)",
                [tuple(self.orders), (self.customer, self.referrer)],
            )
            cr.execute("DELETE FROM product_product WHERE id = %s", [self.product])
            cr.execute("DELETE FROM res_partner WHERE id IN %s", [(self.customer, self.referrer)])

    def test_two_concurrent_confirmations_award_exactly_once(self):
        self._confirm_both_at_once()
        self._assert_points(100)

    def test_two_concurrent_first_syncs_create_one_card(self):
        # e.g. the program was activated after the referral: no card yet
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM loyalty_card WHERE partner_id = %s", [self.referrer])
        self._confirm_both_at_once()
        self._assert_points(100)
        with self.registry.cursor() as cr:
            cr.execute("SELECT count(*) FROM loyalty_card WHERE partner_id = %s", [self.referrer])
            self.assertEqual(cr.fetchone()[0], 1)

    def _confirm_both_at_once(self):
        def confirm(order_id):
            return lambda env: env["sale.order"].browse(order_id).action_confirm()

        calls = [(SUPERUSER_ID, confirm(order_id)) for order_id in self.orders]
        self.assertEqual(run_at_once(self.registry, calls), ["done", "done"])

    def _assert_points(self, points):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(self.orders)
            self.assertEqual(orders.mapped("state"), ["sale", "sale"])
            referrer = env["res.partner"].browse(self.referrer)
            self.assertEqual(referrer.referral_points, points)
            lines = env["loyalty.history"].search([("referred_partner_id", "=", self.customer)])
            self.assertEqual(sum(lines.mapped("issued")), points)
