import json

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time

from .common import TODAY, ValueCase

VALUES = [50000, 20000, 10000, 8000, 5000, 3000, 2000, 1000, 500, 500]


class TestValueClassify(ValueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls.env["res.partner"]
        for index, _value in enumerate(VALUES):
            cls.customers |= cls._customer(
                f"Customer {index:02d}", user=cls.salesman if index % 2 else cls.other_salesman
            )

    def _sell(self, customers=None, values=None, day="2026-01-15"):
        values = VALUES if values is None else values
        for customer, value in zip(customers or self.customers, values, strict=True):
            self._order(customer, [(self.stool, 1, value, 0.0)], day=day, user=self.manager)

    def _classify(self):
        self.env["res.partner"]._cron_value_classify()

    def _latest(self):
        return self.env["customer.value.snapshot"].search(
            [
                ("is_latest", "=", True),
                ("company_id", "=", self.company.id),
                ("partner_id", "in", self.customers.ids),
            ]
        )

    def test_classes_shares_and_snapshot(self):
        self._sell()
        outsider = self._customer("No Sales Co")
        self._order(outsider, [(self.stool, 1, 99999.0, 0.0)], day="2025-03-16")  # too old
        self._classify()
        customers = self.customers.with_company(self.company)
        self.assertEqual("".join(customers.mapped("value_class")), "aaabbbbbcc")
        self.assertEqual(customers[0].value_amount, 50000.0)
        self.assertEqual(customers[0].value_share, 50.0)
        self.assertEqual(customers[2].value_share, 80.0)
        self.assertEqual(customers[-1].value_share, 100.0)
        self.assertFalse(outsider.with_company(self.company).value_class)
        snapshots = self._latest()
        self.assertEqual(len(snapshots), 10)
        first = snapshots.filtered(lambda s: s.partner_id == customers[0])
        self.assertEqual(
            (first.value_class, first.sales_share, str(first.date)), ("a", 50.0, TODAY)
        )
        self.assertEqual(first.user_id, self.other_salesman)

    def test_grouped_lists_sum_the_business_not_the_running_share(self):
        # a group's row in a list sums what fields_get says may be summed; a
        # cumulative share summed over customers (185 %) means nothing
        fields = (
            self.env["res.partner"]
            .with_user(self.manager)
            .fields_get(["value_amount", "value_share"], ["aggregator"])
        )
        self.assertEqual(fields["value_amount"].get("aggregator"), "sum")
        self.assertFalse(fields["value_share"].get("aggregator"))

    def test_each_run_keeps_the_trend_and_drops_customers_without_sales(self):
        self._sell()
        self._classify()
        with freeze_time("2027-01-20"):
            self._sell(self.customers[:3], [100, 200, 300], day="2027-01-18")
            self._classify()
        snapshots = self.env["customer.value.snapshot"].search(
            [("partner_id", "in", self.customers.ids)]
        )
        self.assertEqual(len(snapshots), 13)
        self.assertEqual(len(snapshots.filtered("is_latest")), 3)
        customers = self.customers.with_company(self.company)
        self.assertEqual(customers[2].value_class, "a")
        self.assertFalse(customers[5].value_class)
        self.assertFalse(customers[5].value_amount)

    def test_margin_basis(self):
        self.company.value_basis = "margin"
        cheap_margin = self._product("Thin Margin Sofa", 1000.0, self.high_end, cost=900.0)
        fat_margin = self._product("Fat Margin Lamp", 1000.0, self.high_end, cost=100.0)
        big, small = self.customers[:2]
        # margins: 1,000 and 1,800
        self._order(big, [(cheap_margin, 10, 1000.0, 0.0)], day="2026-02-01", user=self.manager)
        self._order(small, [(fat_margin, 2, 1000.0, 0.0)], day="2026-02-01", user=self.manager)
        self._classify()
        self.assertEqual(small.with_company(self.company).value_amount, 1800.0)
        self.assertEqual(big.with_company(self.company).value_amount, 1000.0)
        self.assertEqual(small.with_company(self.company).value_class, "a")

    def test_credit_notes_are_netted(self):
        big, small = self.customers[:2]
        order = self._order(
            big, [(self.stool, 10, 100.0, 0.0)], day="2026-02-01", user=self.manager
        )
        self._order(small, [(self.stool, 1, 600.0, 0.0)], day="2026-02-01", user=self.manager)
        order.order_line.qty_delivered = 10
        invoice = order._create_invoices()
        invoice.action_post()
        refund = invoice._reverse_moves()
        refund.invoice_line_ids.quantity = 5
        refund.action_post()
        self._classify()
        self.assertEqual(big.with_company(self.company).value_amount, 500.0)
        self.assertEqual(small.with_company(self.company).value_class, "a")

    def test_risk_signals_with_their_reason(self):
        late, falling, indebted, safe = self.customers[:4]
        self._sell(self.customers[:4], [5000, 5000, 5000, 5000])
        self._sell([falling], [20000], day="2025-01-10")  # the period before: 20,000
        self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": late.id,
                "invoice_date": "2026-01-20",
                "invoice_date_due": "2026-01-20",
                "invoice_line_ids": [
                    Command.create({"name": "Old sofa", "quantity": 1, "price_unit": 300.0})
                ],
            }
        ).action_post()
        indebted.with_company(self.company).credit_limit = 1000.0
        self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": indebted.id,
                "invoice_date": "2026-03-15",
                "invoice_date_due": "2026-04-15",
                "invoice_line_ids": [
                    Command.create({"name": "Sofas", "quantity": 1, "price_unit": 1500.0})
                ],
            }
        ).action_post()
        self._classify()
        late, falling, indebted, safe = (p.with_company(self.company) for p in self.customers[:4])
        self.assertTrue(late.value_risk)
        self.assertEqual(json.loads(late.value_risk_signals), {"overdue": 55})
        self.assertIn("overdue by 55 days", late.value_risk_reason)
        self.assertTrue(falling.value_risk)
        self.assertIn("down 75.0%", falling.value_risk_reason)
        self.assertTrue(indebted.value_risk)
        self.assertIn("beyond its limit", indebted.value_risk_reason)
        self.assertFalse(safe.value_risk)
        self.assertFalse(safe.value_risk_reason)
        snapshot = self._latest().filtered(lambda s: s.partner_id == late)
        self.assertTrue(snapshot.value_risk)
        self.assertIn("overdue", snapshot.value_risk_reason)
        # the reason is written in the reader's language
        self.env["res.lang"]._activate_lang("zh_CN")
        self.assertNotIn("overdue", late.with_context(lang="zh_CN").value_risk_reason)

    def test_overdue_within_the_grace_is_no_risk(self):
        self._sell(self.customers[:1], [5000])
        self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customers[0].id,
                "invoice_date": "2026-02-20",
                "invoice_date_due": "2026-02-20",
                "invoice_line_ids": [
                    Command.create({"name": "Stool", "quantity": 1, "price_unit": 10.0})
                ],
            }
        ).action_post()
        self._classify()
        self.assertFalse(self.customers[0].with_company(self.company).value_risk)

    def test_class_and_risk_cannot_be_forged(self):
        self._sell()
        self._classify()
        customer = self.customers[-1].with_company(self.company)
        for user in (self.salesman, self.manager):
            for vals in ({"value_class": "a"}, {"value_risk": True}, {"value_amount": 1e9}):
                with (
                    self.subTest(user=user.name, vals=vals),
                    self.assertRefused(UserError, "set by the classification only"),
                ):
                    customer.with_user(user).write(vals)
        self.assertEqual(customer.value_class, "c")
        self.assertEqual(customer.value_amount, 500.0)
        self.assertFalse(customer.value_risk)
        # written back unchanged, as a form or a merge does, it is no forgery
        customer.with_user(self.salesman).write({"value_class": "c", "value_risk": False})
        with self.assertRaises(AccessError):
            self.env["customer.value.snapshot"].with_user(self.manager).create(
                {"partner_id": customer.id, "date": TODAY, "company_id": self.company.id}
            )

    def test_the_classify_button_is_for_managers(self):
        self._sell()
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.salesman).action_value_classify()
        self.assertFalse(self._latest())
        self.env["res.partner"].with_user(self.manager).action_value_classify()
        self.assertEqual(len(self._latest()), 10)

    def test_salespeople_see_their_own_customers_share(self):
        self._sell()
        self._classify()
        Snapshot = self.env["customer.value.snapshot"]
        own = Snapshot.with_user(self.salesman).search([("is_latest", "=", True)])
        self.assertEqual(
            own.partner_id, self.customers.filtered(lambda c: c.user_id == self.salesman)
        )
        groups = Snapshot.with_user(self.manager)._read_group(
            [("is_latest", "=", True), ("value_class", "=", "a")],
            ["user_id"],
            ["sales_share:sum"],
        )
        shares = dict(groups)
        # customers 0 and 2 (other rep): 50 % + 10 %; customer 1 (rep): 20 %
        self.assertAlmostEqual(shares[self.other_salesman], 60.0)
        self.assertAlmostEqual(shares[self.salesman], 20.0)
