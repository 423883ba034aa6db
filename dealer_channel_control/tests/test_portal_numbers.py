import io
import zipfile

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time

from ..controllers import upload
from ..portal_rows import MAX_PORTAL_NUMBER, PortalRowsError, PortalValueError, portal_number
from .common import TODAY
from .test_portal import PortalDealerCase


def xlsx(*rows):
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def replace_sheet(content, sheet_xml, compresslevel=9):
    """The workbook with its first sheet's XML replaced."""
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml(data)
            out.writestr(info.filename, data)
    return target.getvalue()


@freeze_time(TODAY)
class TestPortalNumber(PortalDealerCase):
    """The one reader of every number the portal takes."""

    def number(self, value, **kwargs):
        return portal_number(self.env, value, "Qty", 3, **kwargs)

    def refused(self, value, text, **kwargs):
        with self.assertRaises(PortalValueError) as catcher:
            self.number(value, **kwargs)
        self.assertEqual(catcher.exception.args[0], text)

    def test_numbers_as_typed_and_as_cells(self):
        for value, expected in (
            ("12", 12.0),
            (" 1,200.5 ", 1200.5),
            ("１２", 12.0),  # full-width digits of a Chinese input method
            ("2e3", 2000.0),
            (".5", 0.5),
            (7, 7.0),
            (2.25, 2.25),
            ("0", 0.0),
            (MAX_PORTAL_NUMBER, float(MAX_PORTAL_NUMBER)),
        ):
            with self.subTest(value=value):
                self.assertEqual(self.number(value), expected)
        self.assertEqual(self.number("", default=0.0), 0.0)
        self.assertEqual(self.number(None, default=7), 7)
        self.assertEqual(self.number("14", integer=True), 14)
        self.assertIsInstance(self.number("14.0", integer=True), int)

    def test_no_number_is_refused_with_row_field_and_value(self):
        for value in ("nan", "NaN", "inf", "-inf", "Infinity", "abc", "0x10", "1_000", True):
            with self.subTest(value=value):
                self.refused(value, f"Row 3, Qty: {value} is not a number.")
        self.refused(float("nan"), "Row 3, Qty: nan is not a number.")
        self.refused("", "Row 3, Qty is missing.")

    def test_too_large_negative_and_fractions(self):
        too_large = "is more than the largest value accepted, 1,000,000,000."
        for value in ("1e999", float("inf"), 10**400, "1000000001"):
            with self.subTest(value=value):
                with self.assertRaises(PortalValueError) as catcher:
                    self.number(value)
                self.assertIn(too_large, catcher.exception.args[0])
        self.refused("-1", "Row 3, Qty: -1 is negative; give zero or more.")
        self.refused(float("-inf"), "Row 3, Qty: -inf is negative; give zero or more.")
        self.refused("-0.5", "Row 3, Qty: -0.5 is not above zero.", above_minimum=True)
        self.refused("0", "Row 3, Qty: 0 is not above zero.", above_minimum=True)
        self.refused("0", "Row 3, Qty: 0 is less than 1.", minimum=1)
        self.refused("7.5", "Row 3, Qty: 7.5 is not a whole number.", integer=True)
        self.refused(
            "32", "Row 3, Qty: 32 is more than the largest value accepted, 31.", maximum=31
        )

    def test_a_long_value_is_cut_short_in_the_message(self):
        with self.assertRaises(PortalValueError) as catcher:
            self.number("x" * 10000)
        self.assertLess(len(catcher.exception.args[0]), 100)

    def test_without_row(self):
        with self.assertRaises(PortalValueError) as catcher:
            portal_number(self.env, "nan", "Qty")
        self.assertEqual(catcher.exception.args[0], "Qty: nan is not a number.")


@freeze_time(TODAY)
class TestPortalModelPath(PortalDealerCase):
    """What the portal's model methods hold whoever calls them, and what the
    upload reader refuses before any row is checked."""

    def test_portal_register_checks_the_numbers_again(self):
        Project = self.env["dealer.project"].with_user(self.portal)
        for qty, price, text in (
            (float("nan"), 90, "Row 1, Quantity: nan is not a number."),
            (1, float("inf"), "Row 1, Unit Price: inf is more than the largest value"),
            (-1, 90, "Row 1, Quantity: -1 is not above zero."),
            (1, -5, "Row 1, Unit Price: -5 is negative"),
        ):
            with self.subTest(qty=qty, price=price), self.assertRefused(UserError, text):
                Project._portal_register(self.dealer, "Hall", "Hall Co", [(self.tea, qty, price)])
        self.rice.sale_ok = False
        with self.assertRefused(UserError, "unknown product Rice Bag"):
            Project._portal_register(self.dealer, "Hall", "Hall Co", [(self.rice, 1, 50)])
        self.assertFalse(self.env["dealer.project"].search([("dealer_id", "=", self.dealer.id)]))

    def test_the_window_holds_for_a_portal_users_create(self):
        """Whatever path a portal user's report takes (the pages create with sudo),
        the model refuses a date out of the window; employees are not bound."""
        self._report(self.dealer, "2026-03-09", [(self.tea, 1, 1)])
        Report = self.env["dealer.stock.report"].with_user(self.portal).sudo()
        line = [Command.create({"product_id": self.tea.id, "qty_on_hand": 1, "qty_sold": 1})]
        before = Report.search_count([])
        for vals, text in (
            ({"date": "0001-01-01"}, "is before the period being reported"),
            ({"date": "2026-03-09"}, "is not after your latest report, of 2026-03-09"),
            ({"date": "2026-03-17"}, "is after today"),
            ({"date": "2026-03-10", "period_days": 3}, "is before the period being reported"),
            ({"period_days": 1000}, "Period (days): 1000 is more than"),
        ):
            with self.subTest(vals=vals), self.assertRefused(ValidationError, text):
                Report.create({"dealer_id": self.dealer.id, "line_ids": line, **vals})
        three = [
            {"dealer_id": self.dealer.id, "date": date, "line_ids": line}
            for date in ("2026-03-14", "2026-03-15", "2026-03-16")
        ]
        with self.assertRefused(ValidationError, "at most 2 dates"):
            Report.create(three)
        self.assertEqual(Report.search_count([]), before)
        # a dealer manager imports history; a salesperson enters a late report
        history = (
            self.env["dealer.stock.report"]
            .with_user(self.manager)
            .create({"dealer_id": self.dealer.id, "date": "2025-01-06", "line_ids": line})
        )
        self.assertTrue(history)
        self._report(self.dealer, "2026-02-02", [(self.tea, 1, 1)])

    def test_upload_refuses_files_it_cannot_read(self):
        cases = [
            ("week.xlsx", b"no zip at all", "cannot be read as an XLSX workbook"),
            ("week.csv", b'product,qty_on_hand\n"' + b"x" * (200 * 1024) + b'",1\n', "Line "),
            ("week.xlsx", b"PK\x03\x04" + b"\0" * 100, "cannot be read as an XLSX workbook"),
        ]
        good = xlsx(["product", "qty_on_hand", "qty_sold"], ["Green Tea", 1, 1])
        cases.append(
            (
                "week.xlsx",
                replace_sheet(good, lambda data: data[: len(data) // 2]),
                "damaged: its first sheet cannot be read",
            )
        )
        # under the total, but one part compressed far more than a sheet does
        padding = b" " * (5 << 20) + b"</worksheet>"
        cases.append(
            (
                "week.xlsx",
                replace_sheet(good, lambda data: data.replace(b"</worksheet>", padding)),
                "unzips to more than a stock report can hold",
            )
        )
        # entities that expand a billion times: refused by the XML parser
        entities = b"".join(
            b'<!ENTITY e%d "%s">' % (i, b"&e%d;" % (i - 1) * 10 if i else b"lol") for i in range(10)
        )
        laughs = b'<?xml version="1.0"?><!DOCTYPE worksheet [' + entities + b"]>"
        cases.append(
            (
                "week.xlsx",
                replace_sheet(
                    good,
                    lambda data: (
                        laughs
                        + data[data.index(b"<worksheet") :].replace(
                            b"<sheetData>", b"<sheetData>&e9;"
                        )
                    ),
                ),
                "damaged: its first sheet cannot be read",
            )
        )
        for filename, content, text in cases:
            with self.subTest(text=text), self.assertRefused(UserError, text):
                upload.read_upload(self.env, filename, content)

    def test_a_file_of_bad_rows_lists_the_first_ones(self):
        rows = self._rows(*[("Nothing We Sell", 1, 1)] * 60)
        with self.assertRaises(PortalRowsError) as catcher:
            self.env["dealer.stock.report"].with_user(self.portal)._portal_submit(self.dealer, rows)
        errors = catcher.exception.errors
        self.assertEqual(len(errors), 51)
        self.assertEqual(errors[-1], "… and 10 more.")

    def test_rows_and_columns_read_are_bounded(self):
        rows = [["product", "qty_on_hand"]] + [["Green Tea", 1]] * (upload.MAX_ROWS + 1)
        with self.assertRefused(UserError, "at most 5000 rows"):
            upload.read_upload(self.env, "week.xlsx", xlsx(*rows))
        wide = ",".join(["product"] + ["x"] * 100).encode() + b"\nGreen Tea\n"
        self.assertEqual(
            [len(cells) for cells in upload._csv_table(self.env, wide)], [upload.MAX_COLUMNS, 1]
        )
        wide = xlsx(["product"] + ["x"] * 100, ["Green Tea"])
        self.assertEqual(
            [len(cells) for cells in upload._xlsx_table(self.env, wide)], [upload.MAX_COLUMNS] * 2
        )
