import io
from contextlib import contextmanager

import xlsxwriter
from psycopg2.errors import UniqueViolation

from odoo.exceptions import UserError, ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import Form, freeze_time
from odoo.tools import mute_logger

from .common import TODAY, DealerCase

IMPORT_OPTIONS = {
    "import_skip_records": [],
    "import_set_empty_fields": [],
    "fallback_values": {},
    "name_create_enabled_fields": {},
    "encoding": "utf-8",
    "separator": ",",
    "quoting": '"',
    "date_format": "%Y-%m-%d",
    "datetime_format": "",
    "float_thousand_separator": ",",
    "float_decimal_separator": ".",
    "advanced": True,
    "has_headers": True,
    "keep_matches": False,
    "limit": 2000,
    "skip": 0,
}
IMPORT_FIELDS = [
    "dealer_id",
    "date",
    "period_days",
    "line_ids/product_id",
    "line_ids/qty_on_hand",
    "line_ids/qty_sold",
]


@freeze_time(TODAY)
class TestStockReport(DealerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.soap = cls._product("Soap", price=10.0, floor=0.0)
        cls.salt = cls._product("Salt", price=5.0, floor=0.0)

    def test_salesperson_enters_a_weekly_report_and_sees_each_state(self):
        with Form(self.env["dealer.stock.report"].with_user(self.salesman)) as form:
            form.dealer_id = self.dealer
            form.date = "2026-03-09"
            for product, on_hand, sold in (
                (self.tea, 100, 70),  # 10 a day: 10 days, under
                (self.rice, 300, 70),  # 30 days, over
                (self.soap, 220, 70),  # 22 days, normal
                (self.salt, 5, 0),  # nothing sold
            ):
                with form.line_ids.new() as line:
                    line.product_id = product
                    line.qty_on_hand = on_hand
                    line.qty_sold = sold
        report = form.record
        report.action_done()
        self.assertEqual(report.period_days, 7)
        self.assertEqual(report.channel_id, self.supermarket)
        lines = {line.product_id: line for line in report.line_ids}
        self.assertEqual(lines[self.tea].daily_sales, 10)
        self.assertEqual(lines[self.tea].inventory_days, 10)
        self.assertEqual(lines[self.tea].inventory_state, "under")
        self.assertEqual(lines[self.tea].suggested_qty, 125)  # up to 22.5 days
        self.assertEqual(lines[self.rice].inventory_state, "over")
        self.assertEqual(lines[self.rice].suggested_qty, 0)
        self.assertEqual(lines[self.soap].inventory_state, "normal")
        self.assertEqual(lines[self.salt].inventory_state, "no_sales")
        self.assertEqual(lines[self.salt].inventory_days, 0)
        # overall: 625 on hand / 30 a day
        self.assertAlmostEqual(report.inventory_days, 625 / 30, delta=0.05)
        self.assertEqual(report.inventory_state, "normal")

    def test_suggested_qty_is_rounded_up_to_the_unit_of_measure(self):
        box = self.env["uom.uom"].create(
            {
                "name": "Box",
                "category_id": self.unit.category_id.id,
                "uom_type": "bigger",
                "factor_inv": 12,
                "rounding": 1.0,
            }
        )
        cartons = self._product("Carton Milk", price=20, floor=0, uom_id=box.id, uom_po_id=box.id)
        report = self._report(self.dealer, "2026-03-09", [(cartons, 0, 3)])
        # 3 boxes a week: 22.5 days need 9.64 boxes, ordered by whole boxes
        self.assertEqual(report.line_ids.suggested_qty, 10)

    def test_band_of_the_report_is_the_dealers_channel_at_the_time(self):
        report = self._report(self.other_dealer, "2026-03-09", [(self.tea, 280, 70)])
        self.assertEqual(report.line_ids.inventory_state, "over")
        self.wholesale.inventory_max_days = 30
        self.assertEqual(report.line_ids.inventory_state, "over")
        # a done report is read-only: the manager corrects its band through draft
        report.with_user(self.manager).action_draft()
        report.with_user(self.manager).inventory_max_days = 30
        report.with_user(self.manager).action_done()
        self.assertEqual(report.line_ids.inventory_state, "normal")

    def test_dealer_inventory_days_come_from_the_latest_done_report(self):
        self._report(self.dealer, "2026-03-02", [(self.tea, 100, 70)])
        self._report(self.dealer, "2026-03-09", [(self.tea, 200, 70), (self.rice, 100, 70)])
        self._report(self.dealer, "2026-03-16", [(self.tea, 900, 7)], state="draft")
        self.assertEqual(self.dealer.dealer_inventory_days, 15)  # 300 / 20
        self.assertEqual(self.dealer.dealer_inventory_state, "under")
        self.assertFalse(self.customer.dealer_inventory_state)

    def test_turnover_days_average_the_last_365_days(self):
        self._report(self.dealer, "2025-03-01", [(self.tea, 1000, 7)])  # too old
        self._report(self.dealer, "2026-02-23", [(self.tea, 100, 70)])  # 10 days
        self._report(self.dealer, "2026-03-02", [(self.tea, 300, 70)])  # 30 days
        self._report(self.dealer, "2026-03-09", [(self.tea, 500, 70)], state="draft")
        self.assertEqual(self.dealer.dealer_turnover_days, 20)

    def _dealers_with_reports(self, count):
        dealers = self.env["res.partner"].create(
            [{"name": f"D{count}-{i}", "is_dealer": True} for i in range(count)]
        )
        for dealer in dealers:
            self._report(dealer, "2026-03-02", [(self.tea, 100, 70)])
            self._report(dealer, "2026-03-09", [(self.tea, 200, 70)])
        self.env.invalidate_all()
        return dealers.with_user(self.manager)

    def _read_dealer_kpis(self, dealers):
        dealers.read(["dealer_inventory_days", "dealer_turnover_days", "dealer_penalty_total"])

    def test_the_dealer_list_reads_its_figures_in_constant_queries(self):
        few = self._dealers_with_reports(2)
        start = self.env.cr.sql_log_count
        self._read_dealer_kpis(few)
        expected = self.env.cr.sql_log_count - start
        many = self._dealers_with_reports(20)
        with self.assertQueryCount(expected):
            self._read_dealer_kpis(many)
        self.assertEqual(set(many.mapped("dealer_inventory_days")), {20})
        self.assertEqual(set(many.mapped("dealer_turnover_days")), {15})

    def _assert_no_report(self, date):
        reports = self.env["dealer.stock.report"].search(
            [("dealer_id", "=", self.dealer.id), ("date", "=", date)]
        )
        self.assertFalse(reports)
        self.assertFalse(
            self.env["dealer.stock.report.line"].search([("report_id.date", "=", date)])
        )

    def test_negative_quantities_are_refused(self):
        for on_hand, sold in ((-1, 5), (5, -1)):
            with self.assertRefused(ValidationError, "cannot be negative"):
                self._report(self.dealer, "2026-03-09", [(self.tea, on_hand, sold)])
            self._assert_no_report("2026-03-09")

    def test_a_customer_who_is_no_dealer_reports_no_stock(self):
        with self.assertRefused(ValidationError, "Plain Customer is not a dealer"):
            self._report(self.customer, "2026-03-09", [(self.tea, 10, 5)])
        self.assertFalse(
            self.env["dealer.stock.report"].search([("dealer_id", "=", self.customer.id)])
        )

    def test_a_period_of_zero_days_is_refused(self):
        with self.assertRefused(ValidationError, "at least one day"):
            self._report(self.dealer, "2026-03-09", [(self.tea, 10, 5)], period_days=0)
        self._assert_no_report("2026-03-09")

    @contextmanager
    def assertDuplicateRefused(self):
        """The unique index refuses the second report; a JSON-RPC call turns that
        into this clear message (odoo.service.model), as imports do (below)."""
        with self.assertRaises(UniqueViolation) as caught, mute_logger("odoo.sql_db"):
            yield
            self.env.flush_all()
        self.assertIn(
            "one stock report per date", str(_as_validation_error(self.env, caught.exception))
        )

    def test_a_second_report_for_the_same_dealer_and_date_is_refused(self):
        first = self._report(self.dealer, "2026-03-09", [(self.tea, 10, 5)])
        with self.assertDuplicateRefused():
            self._report(self.dealer, "2026-03-09", [(self.rice, 10, 5)])
        reports = self.env["dealer.stock.report"].search([("dealer_id", "=", self.dealer.id)])
        self.assertEqual(reports, first)
        self.assertEqual(reports.line_ids.product_id, self.tea)
        # a done report's date is frozen: the duplicate date is tried on a draft
        second = self._report(self.dealer, "2026-03-16", [(self.rice, 10, 5)], state="draft")
        with self.assertDuplicateRefused():
            second.date = "2026-03-09"
        second.invalidate_recordset()
        self.assertEqual(str(second.date), "2026-03-16")

    def test_a_report_without_lines_cannot_be_done(self):
        report = self._report(self.dealer, "2026-03-09", [], state="draft")
        with self.assertRefused(UserError, "at least one product line"):
            report.action_done()
        self.assertEqual(report.state, "draft")

    def _import(self, content, file_type, file_name):
        wizard = (
            self.env["base_import.import"]
            .with_user(self.salesman)
            .create(
                {
                    "res_model": "dealer.stock.report",
                    "file": content,
                    "file_type": file_type,
                    "file_name": file_name,
                }
            )
        )
        return wizard.execute_import(IMPORT_FIELDS, IMPORT_FIELDS, IMPORT_OPTIONS)

    def _rows(self):
        name = self.dealer.name
        return [
            IMPORT_FIELDS,
            [name, "2026-03-09", "7", self.tea.name, "100", "70"],
            ["", "", "", self.rice.name, "300", "70"],
        ]

    def test_reports_import_from_csv(self):
        content = "\n".join(",".join(row) for row in self._rows()).encode()
        result = self._import(content, "text/csv", "reports.csv")
        self.assertFalse(result["messages"])
        report = self.env["dealer.stock.report"].browse(result["ids"])
        self.assertEqual(report.dealer_id, self.dealer)
        self.assertEqual(sorted(report.line_ids.mapped("inventory_state")), ["over", "under"])

    def test_reports_import_from_xlsx(self):
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer)
        sheet = workbook.add_worksheet()
        for row_index, row in enumerate(self._rows()):
            for col_index, value in enumerate(row):
                sheet.write(row_index, col_index, value)
        workbook.close()
        result = self._import(
            buffer.getvalue(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "reports.xlsx",
        )
        self.assertFalse(result["messages"])
        report = self.env["dealer.stock.report"].browse(result["ids"])
        self.assertEqual(report.line_ids.product_id, self.tea | self.rice)

    def test_a_duplicate_import_is_reported_and_writes_nothing(self):
        self._report(self.dealer, "2026-03-09", [(self.tea, 1, 1)])
        content = "\n".join(",".join(row) for row in self._rows()).encode()
        result = self._import(content, "text/csv", "reports.csv")
        self.assertTrue(result["messages"])
        # Odoo's import names the unique fields itself
        self.assertIn("already exist", result["messages"][0]["message"])
        self.assertIn("Dealer and Date", result["messages"][0]["message"])
        reports = self.env["dealer.stock.report"].search([("dealer_id", "=", self.dealer.id)])
        self.assertEqual(len(reports), 1)
