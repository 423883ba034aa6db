from lxml import etree

from odoo import Command
from odoo.tests import freeze_time
from odoo.tools.safe_eval import safe_eval

from .common import TODAY, DealerCase

WEEK = [("date", ">=", "2026-03-09"), ("date", "<=", "2026-03-15")]


@freeze_time(TODAY)
class TestDashboard(DealerCase):
    """Inventory Days: dealers side by side, never added up; what sold nothing
    left out; the band coloured."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.third = cls.env["res.partner"].create(
            {
                "name": "Quiet Dealer",
                "is_company": True,
                "is_dealer": True,
                "dealer_channel_id": cls.supermarket.id,
                "user_id": cls.manager.id,
            }
        )

    def _week_average(self, model="dealer.stock.report", user=None):
        groups = (
            self.env[model]
            .with_user(user or self.manager)
            .read_group(WEEK, ["inventory_days:avg"], ["date:week"], lazy=False)
        )
        self.assertEqual(len(groups), 1)
        return groups[0]["inventory_days"]

    def _arch(self, model, view_type, user=None):
        views = self.env[model].with_user(user or self.manager).get_views([(False, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def test_two_dealers_in_a_week_are_averaged_not_added(self):
        self._report(self.dealer, "2026-03-09", [(self.tea, 100, 70)])  # 10 days
        self._report(self.other_dealer, "2026-03-10", [(self.tea, 300, 70)])  # 30 days
        self.assertEqual(self._week_average(), 20)
        graph = self._arch("dealer.stock.report", "graph")
        self.assertEqual(graph.get("stacked"), "0")
        self.assertEqual(
            [f.get("name") for f in graph.iter("field") if f.get("type") == "measure"],
            ["inventory_days"],
        )

    def test_the_pivot_keeps_its_columns_to_the_band_and_the_days(self):
        pivot = self._arch("dealer.stock.report", "pivot")
        self.assertFalse([f for f in pivot.iter("field") if f.get("type") == "col"])
        self.assertEqual(
            [f.get("name") for f in pivot.iter("field") if f.get("type") == "measure"],
            ["inventory_min_days", "inventory_days", "inventory_max_days"],
        )

    def test_a_report_without_sales_does_not_lower_the_average(self):
        self._report(self.dealer, "2026-03-09", [(self.tea, 100, 70)])  # 10 days
        self._report(self.other_dealer, "2026-03-10", [(self.tea, 300, 70)])  # 30 days
        quiet = self._report(self.third, "2026-03-11", [(self.tea, 50, 0)])
        self.assertEqual(quiet.inventory_state, "no_sales")
        self.assertEqual(self._week_average(), 20)
        self.assertEqual(self._week_average(user=self.salesman), 10, "own dealers only")
        groups = self.env["dealer.stock.report"].read_group(
            WEEK, ["inventory_days:min"], ["date:week"], lazy=False
        )
        self.assertEqual(groups[0]["inventory_days"], 10)

    def test_a_product_without_sales_does_not_lower_the_average_of_products(self):
        self._report(self.dealer, "2026-03-09", [(self.tea, 100, 70), (self.rice, 40, 0)])
        self.assertEqual(self._week_average("dealer.stock.report.line"), 10)
        # a dealer whose every product sold nothing has no average at all
        self._report(self.third, "2026-03-10", [(self.rice, 40, 0)])
        groups = self.env["dealer.stock.report.line"].read_group(
            WEEK, ["inventory_days:avg"], ["dealer_id"], lazy=False
        )
        by_dealer = {g["dealer_id"][0]: g["inventory_days"] for g in groups}
        self.assertEqual(by_dealer[self.dealer.id], 10)
        self.assertFalse(by_dealer[self.third.id])

    def _decorations(self, model, record):
        """{decoration: whether the list colours this record with it}, evaluated on
        the record as the list view does."""
        arch = self._arch(model, "list")
        values = record.read(
            ["state", "inventory_state"] if "state" in record else ["inventory_state"]
        )[0]
        return {
            name: bool(safe_eval(arch.get(f"decoration-{name}"), values))
            for name in ("warning", "danger")
        }

    def test_the_lists_colour_what_is_outside_the_band(self):
        under = self._report(self.dealer, "2026-03-09", [(self.tea, 100, 70)])  # 10 days
        normal = self._report(self.other_dealer, "2026-03-09", [(self.tea, 150, 70)])  # 15 days
        over = self._report(self.third, "2026-03-09", [(self.tea, 300, 70)])  # 30 days
        self.assertEqual(normal.inventory_state, "under", "wholesale band 20-25 too")
        normal = self._report(self.other_dealer, "2026-03-10", [(self.tea, 225, 70)])  # 22.5
        cases = ((under, "warning"), (normal, None), (over, "danger"))
        for report, colour in cases:
            for record, model in (
                (report, "dealer.stock.report"),
                (report.line_ids, "dealer.stock.report.line"),
            ):
                with self.subTest(model=model, days=report.inventory_days):
                    decorations = self._decorations(model, record)
                    self.assertEqual(
                        [name for name, on in decorations.items() if on],
                        [colour] if colour else [],
                    )

    def _chart(self, user=None):
        groups = (
            self.env["dealer.inventory.chart"]
            .with_user(user or self.manager)
            .read_group(WEEK, ["inventory_days:avg"], ["date:week", "series"], lazy=False)
        )
        return {g["series"]: g["inventory_days"] for g in groups}

    def test_the_chart_draws_each_dealer_between_the_band(self):
        self._report(self.dealer, "2026-03-09", [(self.tea, 100, 70)])  # 10 days
        self._report(self.other_dealer, "2026-03-10", [(self.tea, 300, 70)])  # 30 days
        self._report(self.third, "2026-03-11", [(self.tea, 50, 0)])  # no sales
        self._report(self.third, "2026-03-12", [(self.tea, 50, 7)], state="draft")
        self.assertEqual(
            self._chart(),
            {
                str(self.dealer.id): 10,
                str(self.other_dealer.id): 30,
                "band_min": 20,
                "band_max": 25,
            },
        )
        self.assertEqual(
            self._chart(self.salesman), {str(self.dealer.id): 10, "band_min": 20, "band_max": 25}
        )
        labels = dict(
            self.env["dealer.inventory.chart"]
            .with_user(self.salesman)
            .fields_get(["series"])["series"]["selection"]
        )
        self.assertEqual(labels["band_min"], "Band Minimum")
        self.assertEqual(labels[str(self.dealer.id)], "Fresh Mart Dealer")
        graph = self._arch("dealer.inventory.chart", "graph")
        self.assertEqual(graph.get("stacked"), "0")

    def test_the_chart_keeps_to_the_users_companies(self):
        other = self.env["res.company"].create({"name": "Other Dealer Co"})
        self.env["dealer.stock.report"].create(
            {
                "dealer_id": self.other_dealer.id,
                "date": "2026-03-10",
                "company_id": other.id,
                "line_ids": [
                    Command.create({"product_id": self.tea.id, "qty_on_hand": 300, "qty_sold": 70})
                ],
            }
        ).action_done()
        self.assertEqual(self._chart(), {})
        rows = self.env["dealer.inventory.chart"].search([("company_id", "=", other.id)])
        self.assertEqual(len(rows), 3, "the dealer's line and the band's two")
