import html
import re
from datetime import timedelta
from urllib.parse import urlparse

from odoo import Command, fields, http
from odoo.tests import HttpCase, new_test_user, tagged

from .test_portal_numbers import replace_sheet, xlsx

HOME = ("/my", "/my/home")
SAVED = ("dealer.stock.report", "dealer.stock.report.line", "dealer.project", "dealer.project.line")


@tagged("post_install", "-at_install")
class TestPortalInput(HttpCase):
    """Every input a dealer's portal user sends, as a browser (or a hostile
    dealer's script) sends it: the page answers with a message in the user's
    language, never an error page, and nothing is saved."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        channel = cls.env.ref("dealer_channel_control.channel_supermarket")
        cls.dealer, cls.rival = cls.env["res.partner"].create(
            [
                {
                    "name": name,
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_channel_id": channel.id,
                }
                for name in ("Input Dealer", "Input Rival")
            ]
        )
        cls.tea = cls.env["product.product"].create(
            {"name": "Input Tea", "default_code": "IN-TEA", "dealer_floor_price": 80}
        )
        cls.portal = new_test_user(
            cls.env, "input.portal", password="input.portal", groups="base.group_portal"
        )
        cls.portal.partner_id.parent_id = cls.dealer
        # the dealer reported 3 days ago
        cls.latest = cls._report(cls.dealer, cls.today - timedelta(days=3))
        cls.rival_report = cls._report(cls.rival, cls.today - timedelta(days=3))

    @classmethod
    def _report(cls, dealer, date):
        return cls.env["dealer.stock.report"].create(
            {
                "dealer_id": dealer.id,
                "date": date,
                "state": "done",
                "line_ids": [
                    Command.create({"product_id": cls.tea.id, "qty_on_hand": 10, "qty_sold": 7})
                ],
            }
        )

    def setUp(self):
        super().setUp()
        self.authenticate("input.portal", "input.portal")

    def _counts(self):
        return {model: self.env[model].search_count([]) for model in SAVED}

    def _post(self, url, data=None, files=None):
        return self.url_open(
            url, data={**(data or {}), "csrf_token": http.Request.csrf_token(self)}, files=files
        )

    def assertRefused(self, response, *texts):
        """200, each message on the page, no error page."""
        self.assertEqual(response.status_code, 200, response.text[:300])
        page = html.unescape(response.text)
        shown = re.findall(r"<li>(.*?)</li>|alert-danger[^>]*>([^<]+)<", page)
        for text in texts:
            self.assertTrue(text in page, (text, shown))

    def _form(self, qty="10", sold="7", date="", period="7"):
        return self._post(
            "/my/dealer/stock/new",
            {
                "product_0": "IN-TEA",
                "qty_on_hand_0": qty,
                "qty_sold_0": sold,
                "date": date,
                "period_days": period,
            },
        )

    def _upload(self, filename, content):
        return self._post("/my/dealer/stock/upload", files={"report_file": (filename, content)})

    def _csv(self, *rows, header="product,qty_on_hand,qty_sold,date,period_days"):
        return self._upload("week.csv", "\n".join([header, *rows]).encode())

    def _register(self, qty="3", price="99"):
        return self._post(
            "/my/dealer/projects/new",
            {
                "name": "Hall",
                "end_customer": "Hall Co",
                "product_0": "IN-TEA",
                "qty_0": qty,
                "price_0": price,
            },
        )

    # ------------------------------------------------------------------ numbers

    def test_numbers_that_are_no_quantity(self):
        before = self._counts()
        for value, text in (
            ("nan", "nan is not a number."),
            ("inf", "inf is not a number."),
            ("1e999", "1e999 is more than the largest value accepted, 1,000,000,000."),
            ("-5", "-5 is negative; give zero or more."),
        ):
            with self.subTest(path="form", value=value):
                self.assertRefused(self._form(qty=value), f"Row 1, On Hand: {text}")
            with self.subTest(path="upload", value=value):
                self.assertRefused(
                    self._csv(f"IN-TEA,1,{value},,7"), f"Row 2, Sold in Period: {text}"
                )
            with self.subTest(path="registration", value=value):
                self.assertRefused(self._register(price=value), f"Row 1, Unit Price: {text}")
        with self.subTest(path="registration quantity"):
            self.assertRefused(self._register(qty="nan"), "Row 1, Quantity: nan is not a number.")
        self.assertEqual(self._counts(), before)

    def test_periods_that_are_no_whole_days(self):
        before = self._counts()
        for value, text in (
            ("inf", "inf is not a number."),
            ("1e999", "1e999 is more than the largest value accepted, 31."),
            ("7.5", "7.5 is not a whole number."),
            ("0", "0 is less than 1."),
        ):
            with self.subTest(path="form", value=value):
                self.assertRefused(self._form(period=value), f"Row 1, Period (days): {text}")
            with self.subTest(path="upload", value=value):
                self.assertRefused(
                    self._csv(f"IN-TEA,1,1,,{value}"), f"Row 2, Period (days): {text}"
                )
        self.assertEqual(self._counts(), before)

    def test_chinese_message(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dealer_channel_control"], ["zh_CN"])
        self.portal.lang = "zh_CN"
        self.authenticate("input.portal", "input.portal")
        before = self._counts()
        self.assertRefused(self._form(qty="nan"), "第 1 行，现有库存：nan 不是数字。")
        self.assertRefused(
            self._form(date="0001-01-01"), "第 1 行，日期：0001-01-01 早于当前上报周期"
        )
        self.assertEqual(self._counts(), before)

    # -------------------------------------------------------------------- dates

    def test_dates_out_of_the_reporting_window(self):
        before = self._counts()
        latest, today = self.latest.date, self.today
        for date, text in (
            ("0001-01-01", "Date: 0001-01-01 is before the period being reported"),
            (
                str(latest - timedelta(days=1)),
                f"Date: {latest - timedelta(days=1)} is not after your latest report, of {latest}.",
            ),
            (str(latest), f"Date: {latest} is not after your latest report, of {latest}."),
            (str(today + timedelta(days=1)), f"Date: {today + timedelta(days=1)} is after today."),
            ("2026-02-30", "Date: 2026-02-30 is not a date."),
        ):
            with self.subTest(path="form", date=date):
                self.assertRefused(self._form(date=date), f"Row 1, {text}")
            with self.subTest(path="upload", date=date):
                self.assertRefused(self._csv(f"IN-TEA,1,1,{date},7"), f"Row 2, {text}")
        self.assertEqual(self._counts(), before)

    def test_too_many_dates(self):
        before = self._counts()
        rows = [f"IN-TEA,1,1,{self.today - timedelta(days=days)},7" for days in range(3)]
        self.assertRefused(self._csv(*rows), "at most 2 dates", "this one has 3.")
        self.assertEqual(self._counts(), before)
        # two are the current period and the one before it
        response = self._csv(*rows[:2])
        self.assertEqual(
            self.env["dealer.stock.report"].search_count([("dealer_id", "=", self.dealer.id)]), 3
        )
        self.assertNotIn("o_dealer_errors", response.text)

    # -------------------------------------------------------------------- files

    def test_files_that_cannot_be_read(self):
        before = self._counts()
        good = xlsx(["product", "qty_on_hand", "qty_sold"], ["IN-TEA", 1, 1])
        # 30 MB of a sheet row that compresses to a few dozen KB
        row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>IN-TEA</t></is></c></row>'
        rows = row * (30 * 2**20 // len(row)) + b"</sheetData>"
        bomb = replace_sheet(good, lambda data: data.replace(b"</sheetData>", rows))
        self.assertLess(len(bomb), 512 * 1024)
        cell = b"x" * (200 * 1024)
        for filename, content, text in (
            ("week.xlsx", b"just some text", "This file cannot be read as an XLSX workbook."),
            ("week.pdf", b"%PDF-1.4", "Upload the report as an XLSX or CSV file."),
            (
                "week.csv",
                b'product,qty_on_hand,qty_sold\n"IN-TEA ' + cell + b'",1,1\n',
                "Line 2 of this CSV file cannot be read: a cell is too long",
            ),
            (
                "week.xlsx",
                replace_sheet(good, lambda data: data[: len(data) // 2]),
                "This XLSX workbook is damaged: its first sheet cannot be read.",
            ),
            ("week.xlsx", bomb, "This workbook unzips to more than a stock report can hold"),
        ):
            with self.subTest(text=text):
                self.assertRefused(self._upload(filename, content), text)
        self.assertEqual(self._counts(), before)

    # ------------------------------------------------------- ids and parameters

    def test_forged_ids_and_parameters(self):
        before = self._counts()
        huge = 10**20
        for url in (
            f"/my/dealer/stock/{huge}",
            f"/my/dealer/stock/{2**31}",
            f"/my/dealer/projects/{huge}",
            f"/my/dealer/stock/{self.rival_report.id}",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                self.assertIn(urlparse(response.url).path, HOME)
        for url in (f"/my/dealer/stock/{huge}/request", f"/my/dealer/stock/{2**31}/request"):
            with self.subTest(url=url):
                self.assertIn(urlparse(self._post(url).url).path, HOME)
        for url in (f"/my/dealer/stock/page/{huge}", "/my/dealer/stock?page=abc"):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 200)
        # messages come from the server, never from the URL
        for url in (
            f"/my/dealer/stock/{self.latest.id}?message=Call+0800&error=Call+0800",
            "/my/dealer/stock?errors=Call+0800&message=Call+0800",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("Call 0800", response.text)
        # a file field sent as text, no file, empty forms
        self.assertRefused(
            self._post("/my/dealer/stock/upload", {"report_file": "IN-TEA,1,1"}),
            "Choose an XLSX or CSV file to upload.",
        )
        self.assertRefused(
            self._post("/my/dealer/stock/upload"), "Choose an XLSX or CSV file to upload."
        )
        self.assertRefused(self._post("/my/dealer/stock/new"), "There is no row to report.")
        self.assertRefused(
            self._post("/my/dealer/projects/new"), "Give the project name and the end customer."
        )
        self.assertEqual(self._counts(), before)
