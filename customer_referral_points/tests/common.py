from contextlib import contextmanager
from datetime import datetime

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class ReferralCase(TransactionCase):
    """Users in the real sales groups, a referrer, new customers and an event."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.program = cls.env.ref("customer_referral_points.referral_program")
        cls.salesman = new_test_user(
            cls.env, "ref_salesman", groups="sales_team.group_sale_salesman", name="Sam Sales"
        )
        cls.manager = new_test_user(
            cls.env, "ref_manager", groups="sales_team.group_sale_manager", name="Mia Manager"
        )
        cls.event_user = new_test_user(
            cls.env, "ref_event_user", groups="event.group_event_user", name="Eve Events"
        )
        cls.referrer = cls.env["res.partner"].create({"name": "Old Customer Wang"})
        cls.other_referrer = cls.env["res.partner"].create({"name": "Old Customer Li"})
        cls.customer = cls.env["res.partner"].create({"name": "New Customer Zhao"})
        cls.customer2 = cls.env["res.partner"].create({"name": "New Customer Qian"})
        cls.product = cls.env["product.product"].create(
            {"name": "Referral Test Widget", "list_price": 100.0, "taxes_id": [Command.clear()]}
        )
        cls.event = cls.env["event.event"].create(
            {
                "name": "Customer Gala",
                "date_begin": datetime(2026, 3, 10, 10, 0),
                "date_end": datetime(2026, 3, 10, 18, 0),
            }
        )
        cls.event2 = cls.event.copy(
            {"date_begin": datetime(2026, 4, 10, 10, 0), "date_end": datetime(2026, 4, 10, 18, 0)}
        )

    @contextmanager
    def assertRefused(self, exception, text):
        """assertRaises (which rolls back to a savepoint, unlike
        assertRaisesRegex) and a check that the message says why."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(text, str(caught.exception))

    def refer(self, customer, referrer=None, user=None):
        customer.with_user(user or self.salesman).referred_by_id = referrer or self.referrer
        # the end of the user's request: the referral date is stored today
        self.env.flush_all()

    def make_order(self, customer, amount, confirm=True, currency=None, user=None):
        order = (
            self.env["sale.order"]
            .with_user(user or self.salesman)
            .create(
                {
                    "partner_id": customer.id,
                    "pricelist_id": self._pricelist(currency).id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": 1,
                                "price_unit": amount,
                            }
                        )
                    ],
                }
            )
        )
        if confirm:
            order.action_confirm()
        return order

    def _pricelist(self, currency):
        currency = currency or self.env.company.currency_id
        return self.env["product.pricelist"].create(
            {"name": f"Referral {currency.name}", "currency_id": currency.id}
        )

    def attend(self, customer, event=None):
        registration = (
            self.env["event.registration"]
            .with_user(self.event_user)
            .create({"event_id": (event or self.event).id, "partner_id": customer.id})
        )
        registration.action_set_done()
        return registration

    def card(self, partners):
        return self.env["loyalty.card"].search(
            [("program_id", "=", self.program.id), ("partner_id", "in", partners.ids)]
        )

    def ledger(self, customer, rule=None):
        domain = [("referred_partner_id", "=", customer.id)]
        if rule:
            domain.append(("referral_rule", "=", rule))
        return self.env["loyalty.history"].search(domain)

    def assertBalanced(self, *partners):
        """The card's points equal the sum of its ledger ."""
        self.env.invalidate_all()
        for card in self.card(self.env["res.partner"].concat(*partners)):
            total = sum(card.history_ids.mapped("issued")) - sum(card.history_ids.mapped("used"))
            self.assertAlmostEqual(card.points, total, msg=f"card of {card.partner_id.name}")
