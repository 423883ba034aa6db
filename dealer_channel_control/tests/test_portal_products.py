from odoo.tests import BaseCase, freeze_time

from ..portal_products import match_products, order_quantity
from ..portal_rows import PortalRowsError
from .common import TODAY
from .test_portal import PortalDealerCase


@freeze_time(TODAY)
class TestPortalProductLookup(PortalDealerCase):
    """A dealer names a product by its code or by the name it sees; the portal looks
    up only what was typed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.jasmine = cls._product("Jasmine Tea", price=90.0, floor=70.0, default_code="JT_01")
        cls.jasmine.with_context(lang="zh_CN").name = "茉莉花茶"
        cls.portal.lang = "zh_CN"

    def parse(self, *products, user=None):
        Report = self.env["dealer.stock.report"].with_user(user or self.portal)
        return Report._portal_parse_rows(
            self.dealer, self._rows(*((product, 10, 7) for product in products))
        )

    def refused(self, *products):
        with self.assertRaises(PortalRowsError) as catcher:
            self.parse(*products)
        return catcher.exception.errors

    def test_code_or_the_name_in_the_dealers_language(self):
        Report = self.env["dealer.stock.report"].with_context(lang="zh_CN")
        for typed in ("JT_01", "jt_01", " 茉莉花茶 ", "[JT_01] 茉莉花茶", "[jt_01] Jasmine Tea"):
            with self.subTest(typed=typed):
                reports = Report.with_user(self.portal)._portal_parse_rows(
                    self.dealer, self._rows((typed, 10, 7))
                )
                (report,) = reports.values()
                self.assertEqual(report["lines"][0]["product_id"], self.jasmine.id)

    def test_like_wildcards_are_no_wildcards(self):
        errors = self.refused("JT%", "J__01")
        self.assertEqual(errors, ["Row 2: unknown product JT%.", "Row 3: unknown product J__01."])

    def test_a_name_of_two_products_is_refused_and_nothing_saved(self):
        self._product("Jasmine Tea", price=90.0, floor=70.0, default_code="JT-02")
        before = self.env["dealer.stock.report"].search_count([])
        with self.assertRaises(PortalRowsError) as catcher:
            self.env["dealer.stock.report"].with_user(self.portal)._portal_submit(
                self.dealer, self._rows(("Jasmine Tea", 10, 7), (self.tea, 1, 1))
            )
        self.assertEqual(
            catcher.exception.errors,
            ["Row 2: Jasmine Tea names several products (JT-02, JT_01): give the product's code."],
        )
        self.assertEqual(self.env["dealer.stock.report"].search_count([]), before)
        # the code still picks one
        (report,) = self.parse("JT-02").values()
        self.assertNotEqual(report["lines"][0]["product_id"], self.jasmine.id)

    def test_unsold_and_archived_products_are_unknown(self):
        self.jasmine.sale_ok = False
        self.rice.active = False
        self.assertEqual(
            self.refused("JT_01", "Rice Bag", self.jasmine),
            [
                "Row 2: unknown product JT_01.",
                "Row 3: unknown product Rice Bag.",
                "Row 4: unknown product [JT_01] Jasmine Tea.",
            ],
        )

    def test_one_query_whatever_the_catalogue(self):
        """The rows' products are looked up in the same queries with 3 or 303
        saleable products in the catalogue."""
        typed = ("JT_01", "Green Tea", "Rice Bag")
        self.parse(*typed)  # warm the caches
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        self.parse(*typed)
        queries = self.env.cr.sql_log_count - start
        self.env["product.product"].create(
            [{"name": f"Catalogue {i}", "default_code": f"CAT-{i:03d}"} for i in range(300)]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(queries):
            self.parse(*typed)
        self.env.invalidate_all()
        with self.assertQueryCount(queries):
            match_products(self.env, self.dealer, ["CAT-001"])


class TestOrderQuantity(BaseCase):
    """The rounding of a suggested quantity, a pure function: no database."""

    def test_whole_units_up(self):
        self.assertEqual(order_quantity(40.72), 41)
        self.assertEqual(order_quantity(41), 41)
        self.assertEqual(order_quantity(0.01), 1)
        self.assertEqual(order_quantity(0), 0)
        self.assertEqual(order_quantity(-3), 0)

    def test_unit_rounding_and_float_noise(self):
        self.assertEqual(order_quantity(40.72, unit_rounding=0.01), 41)
        self.assertEqual(order_quantity(7, unit_rounding=5), 10)
        self.assertEqual(order_quantity(0.1 + 0.2, pack_size=0.3), 0.3)
        self.assertEqual(order_quantity(36.000000001, pack_size=12), 36)

    def test_packs_up(self):
        self.assertEqual(order_quantity(40.72, pack_size=12), 48)
        self.assertEqual(order_quantity(48, pack_size=12), 48)
        self.assertEqual(order_quantity(1, pack_size=12), 12)
        self.assertEqual(order_quantity(40.72, pack_size=0), 41)
