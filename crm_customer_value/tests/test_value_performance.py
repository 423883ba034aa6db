from odoo import Command

from .common import ValueCase


class TestValueQueryCount(ValueCase):
    """The classification reads the period's sales in one query, then costs the
    same number of queries per batch whatever the batch holds: 50,000 customers
    are 50 batches of 1,000 of these."""

    def _sell_to(self, count, start=0):
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"Bulk Customer {start + i}",
                    "is_company": True,
                    "user_id": self.salesman.id,
                }
                for i in range(count)
            ]
        )
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "date_order": "2026-02-10 10:00:00",
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.stool.id,
                                "product_uom_qty": 1 + i,
                                "price_unit": 100.0,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                }
                for i, partner in enumerate(partners)
            ]
        )
        orders.action_confirm()
        return partners

    def _run(self, batch_size):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        self.env["res.partner"]._value_classify_company(self.company, batch_size=batch_size)
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_queries_per_batch_are_constant(self):
        self._sell_to(4)
        self._run(100)  # warm-up: the registry's first lookups
        small = self._run(100)
        self._sell_to(16, start=4)
        with self.assertQueryCount(small):
            self.env["res.partner"]._value_classify_company(self.company, batch_size=100)
            self.env.flush_all()
        self.env.invalidate_all()
        one_batch = self._run(20)
        two_batches = self._run(10)
        four_batches = self._run(5)
        per_batch = two_batches - one_batch
        self.assertEqual(four_batches - two_batches, 2 * per_batch)
        self.assertLessEqual(per_batch, 12)

    def test_confirmation_queries_do_not_grow_with_the_customers_history(self):
        self._sell_to(2)
        customer = self._customer("History Co")
        self._order(customer, [(self.stool, 1, 100.0, 0.0)], day="2026-03-02")
        self.env.flush_all()
        self.env.invalidate_all()
        first = self._order(customer, [(self.stool, 1, 100.0, 0.0)], confirm=False)
        before = self.cr.sql_log_count
        first.with_user(self.salesman).action_confirm()
        self.env.flush_all()
        count = self.cr.sql_log_count - before
        for day in ("2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"):
            self._order(customer, [(self.stool, 1, 100.0, 0.0)], day=day)
        self.env.flush_all()
        self.env.invalidate_all()
        second = self._order(customer, [(self.stool, 1, 100.0, 0.0)], confirm=False)
        with self.assertQueryCount(count):
            second.with_user(self.salesman).action_confirm()
            self.env.flush_all()
