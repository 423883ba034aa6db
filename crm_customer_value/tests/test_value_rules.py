from datetime import date

from odoo.tests import TransactionCase

from ..value_rules import classify, sales_fall, vip_progress


class TestValueRules(TransactionCase):
    def test_eighty_twenty(self):
        values = [50000, 20000, 10000, 8000, 5000, 3000, 2000, 1000, 500, 500]
        result = classify(values)
        self.assertEqual([c for _s, c in result], list("aaabbbbbcc"))
        self.assertEqual([s for s, _c in result][:4], [50.0, 70.0, 80.0, 88.0])
        self.assertEqual(result[-1][0], 100.0)

    def test_the_customer_crossing_eighty_is_a(self):
        self.assertEqual([c for _s, c in classify([70, 20, 10])], ["a", "a", "b"])

    def test_c_is_rounded_down(self):
        # four customers: 20 % of four is 0.8, no C
        self.assertEqual([c for _s, c in classify([97, 1, 1, 1])], ["a", "b", "b", "b"])
        self.assertEqual([c for _s, c in classify([96, 1, 1, 1, 1])], ["a", "b", "b", "b", "c"])

    def test_equal_customers(self):
        self.assertEqual([c for _s, c in classify([1] * 10)], list("aaaaaaaacc"))

    def test_empty_and_zero(self):
        self.assertEqual(classify([]), [])
        self.assertEqual(classify([0.0]), [(100.0, "b")])

    def test_sales_fall(self):
        self.assertEqual(sales_fall(70, 100), 30.0)
        self.assertEqual(sales_fall(120, 100), 0.0)
        self.assertEqual(sales_fall(50, 0), 0.0)

    def test_vip_progress(self):
        march, april = date(2026, 3, 1), date(2026, 4, 1)
        rows = [(1, march, 8000.0), (2, march, 9000.0), (3, april, 12000.0), (4, march, 3000.0)]
        progress = vip_progress(rows, 10000.0, 20000.0)
        self.assertEqual(progress["basis"], "single_order")
        self.assertEqual(progress["single_order_ids"], [3])
        self.assertEqual(progress["month"], 20000.0)
        self.assertEqual(progress["month_order_ids"], [1, 2, 4])
        progress = vip_progress(rows, 15000.0, 20000.0)
        self.assertEqual(progress["basis"], "month_total")
        self.assertEqual(progress["month_start"], march)
        self.assertIsNone(vip_progress(rows, 15000.0, 25000.0)["basis"])
