import io
import logging
from datetime import timedelta
from urllib.parse import urlparse

from odoo import Command, fields, http
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

_logger = logging.getLogger(__name__)
HOME = ("/my", "/my/home")
OVERDUE = "dealer_channel_control.mail_activity_type_dealer_report_overdue"


@tagged("post_install", "-at_install")
class TestPortalPages(HttpCase):
    """The dealer pages as a browser would request them, and as a hostile dealer
    guessing other records' ids in the URL would."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.rep = new_test_user(
            cls.env, "portal.rep", groups="dealer_channel_control.group_dealer_user", name="Rep"
        )
        channel = cls.env.ref("dealer_channel_control.channel_supermarket")
        cls.dealer, cls.rival = cls.env["res.partner"].create(
            [
                {
                    "name": name,
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_channel_id": channel.id,
                    "user_id": cls.rep.id,
                }
                for name in ("Page Dealer", "Rival Dealer")
            ]
        )
        cls.tea = cls.env["product.product"].create(
            {"name": "Portal Tea", "default_code": "PT-TEA", "dealer_floor_price": 80}
        )
        cls.portal = cls._portal("page.portal", cls.dealer)
        cls.rival_portal = cls._portal("rival.portal", cls.rival)
        cls.customer_portal = cls._portal(
            "customer.portal", cls.env["res.partner"].create({"name": "Just a Customer"})
        )
        cls.own_report = cls._report(cls.dealer, cls.today - timedelta(days=3))
        cls.rival_report = cls._report(cls.rival, cls.today - timedelta(days=3))
        cls.rival_project = cls.env["dealer.project"].create(
            {
                "name": "Rival Tower",
                "end_customer": "Tower Co",
                "dealer_id": cls.rival.id,
                "line_ids": [
                    Command.create({"product_id": cls.tea.id, "qty": 1, "price_unit": 95})
                ],
            }
        )
        cls.rival_project.action_register()

    @classmethod
    def _portal(cls, login, company):
        user = new_test_user(cls.env, login, password=login, groups="base.group_portal")
        user.partner_id.parent_id = company
        return user

    @classmethod
    def _report(cls, dealer, date):
        return cls.env["dealer.stock.report"].create(
            {
                "dealer_id": dealer.id,
                "date": date,
                "state": "done",
                "line_ids": [
                    Command.create({"product_id": cls.tea.id, "qty_on_hand": 10, "qty_sold": 70})
                ],
            }
        )

    def _post(self, url, data=None, files=None):
        return self.url_open(
            url, data={**(data or {}), "csrf_token": http.Request.csrf_token(self)}, files=files
        )

    def test_pages_render_for_the_dealer(self):
        self.authenticate("page.portal", "page.portal")
        for url in (
            "/my/dealer/stock",
            f"/my/dealer/stock/{self.own_report.id}",
            "/my/dealer/stock/new",
            "/my/dealer/projects",
            "/my/dealer/projects/new",
            "/my/dealer/violations",
            "/my/dealer/stock/template.xlsx",
            "/my/dealer/stock/template.csv",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.url.endswith(url))
        page = self.url_open(f"/my/dealer/stock/{self.own_report.id}").text
        self.assertIn("Portal Tea", page)
        self.assertIn("Request this order", page)
        self.assertIn("PT-TEA", self.url_open("/my/dealer/stock/new").text)
        home = self.url_open("/my").text
        self.assertIn("/my/dealer/stock", home)

    def test_other_dealers_ids_in_the_url_lead_home(self):
        self.authenticate("page.portal", "page.portal")
        for url in (
            f"/my/dealer/stock/{self.rival_report.id}",
            f"/my/dealer/projects/{self.rival_project.id}",
            "/my/dealer/stock/999999",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertIn(urlparse(response.url).path, HOME, response.url)
                self.assertNotIn("Rival", response.text)
        orders = self.env["sale.order"].search_count([])
        response = self._post(f"/my/dealer/stock/{self.rival_report.id}/request")
        self.assertIn(urlparse(response.url).path, HOME)
        self.assertEqual(self.env["sale.order"].search_count([]), orders)

    def test_customers_and_employees_get_no_dealer_pages(self):
        self.authenticate("customer.portal", "customer.portal")
        for url in ("/my/dealer/stock", "/my/dealer/projects", "/my/dealer/violations"):
            with self.subTest(url=url):
                self.assertIn(urlparse(self.url_open(url).url).path, HOME)
        self.assertNotIn("/my/dealer/stock", self.url_open("/my").text)

    def test_upload_with_bad_rows_saves_nothing(self):
        import openpyxl

        self.authenticate("page.portal", "page.portal")
        book = openpyxl.Workbook()
        book.active.append(["product", "qty_on_hand", "qty_sold"])
        book.active.append(["PT-TEA", 5, 7])
        book.active.append(["NOPE", 5, 7])
        book.active.append(["PT-TEA", -1, 7])
        buffer = io.BytesIO()
        book.save(buffer)
        before = self.env["dealer.stock.report"].search_count([])
        response = self._post(
            "/my/dealer/stock/upload",
            files={"report_file": ("week.xlsx", buffer.getvalue())},
        )
        self.assertIn("Row 3: unknown product NOPE.", response.text)
        self.assertIn("Row 4, On Hand: -1 is negative; give zero or more.", response.text)
        self.assertEqual(self.env["dealer.stock.report"].search_count([]), before)

    def test_report_form_then_request_the_order(self):
        self.authenticate("page.portal", "page.portal")
        response = self._post(
            "/my/dealer/stock/new",
            {"product_0": "PT-TEA", "qty_on_hand_0": "10", "qty_sold_0": "70", "period_days": "7"},
        )
        report = self.env["dealer.stock.report"].search(
            [("dealer_id", "=", self.dealer.id), ("date", "=", self.today)]
        )
        self.assertEqual(report.state, "done")
        self.assertTrue(response.url.endswith(f"/my/dealer/stock/{report.id}"))
        response = self._post(f"/my/dealer/stock/{report.id}/request")
        order = self.env["sale.order"].search([("partner_id", "=", self.dealer.id)])
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.user_id, self.rep)
        self.assertEqual(order.order_line.product_uom_qty, 215)
        self.assertIn(order.name, response.text)

    def test_register_below_protected_price_shows_minimum_only(self):
        self.authenticate("page.portal", "page.portal")
        response = self._post(
            "/my/dealer/projects/new",
            {
                "name": "rival tower",
                "end_customer": "TOWER CO",
                "product_0": "PT-TEA",
                "qty_0": "3",
                "price_0": "90",
            },
        )
        self.assertIn("Portal Tea", response.text)
        self.assertIn("95.00", response.text)
        self.assertNotIn("Rival Dealer", response.text)
        self.assertFalse(self.env["dealer.project"].search([("dealer_id", "=", self.dealer.id)]))

    def test_page_queries_do_not_grow_with_reports(self):
        """Every dealer page costs the same queries with 1 or 11 reports (and 1 or
        11 registrations and violations)."""
        self.authenticate("page.portal", "page.portal")
        own_project = self._project(self.dealer, "Own Hall")
        urls = (
            "/my",
            "/my/dealer/stock",
            f"/my/dealer/stock/{self.own_report.id}",
            "/my/dealer/projects",
            f"/my/dealer/projects/{own_project.id}",
            "/my/dealer/violations",
        )
        self._violations(self.dealer, 1)

        def count(url):
            self.url_open(url)  # warm the caches (views, translations)
            start = self.cr.sql_log_count
            self.url_open(url)
            return self.cr.sql_log_count - start

        before = {url: count(url) for url in urls}
        _logger.info("dealer portal page queries: %s", before)
        for weeks in range(1, 11):
            self._report(self.dealer, self.today - timedelta(days=3 + 7 * weeks))
            self._project(self.dealer, f"Hall {weeks}")
        self._violations(self.dealer, 10)
        self.env.flush_all()
        for url in urls:
            self.url_open(url)
            with self.subTest(url=url), self.assertQueryCount(before[url]):
                self.url_open(url)
        self.assertEqual({url: count(url) for url in urls}, before)

    def _project(self, dealer, name):
        return self.env["dealer.project"].create(
            {
                "name": name,
                "end_customer": "Hall Co",
                "dealer_id": dealer.id,
                "line_ids": [
                    Command.create({"product_id": self.tea.id, "qty": 1, "price_unit": 99})
                ],
            }
        )

    def _violations(self, dealer, count, price=70):
        """Reviewed violations: a dealer reads no violation still to review."""
        violations = self.env["dealer.price.violation"].create(
            [
                {
                    "dealer_id": dealer.id,
                    "product_id": self.tea.id,
                    "floor_price": 80,
                    "price": price,
                    "qty": 1,
                }
                for _i in range(count)
            ]
        )
        violations.action_confirm()
        return violations

    def test_pages_in_chinese(self):
        """The portal speaks the dealer's language: templates, states and messages."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dealer_channel_control"], ["zh_CN"])
        self.portal.lang = "zh_CN"
        self.authenticate("page.portal", "page.portal")
        page = self.url_open(f"/my/dealer/stock/{self.own_report.id}").text
        for text in ("您的库存状况", "申请此订单", "库存天数", "建议订货量"):
            self.assertIn(text, page)
        response = self._post(
            "/my/dealer/stock/upload",
            files={"report_file": ("week.csv", b"product,qty_on_hand,qty_sold\nNOPE,1,1\n")},
        )
        self.assertIn("第 2 行：未知产品 NOPE。", response.text)

    def test_home_counts_and_due_notice(self):
        counters = ["dealer_report_count", "dealer_project_count", "dealer_violation_count"]
        self.authenticate("page.portal", "page.portal")
        counts = self.make_jsonrpc_request("/my/counters", {"counters": counters})
        self.assertEqual(
            counts,
            {"dealer_report_count": 1, "dealer_project_count": 0, "dealer_violation_count": 0},
        )
        # reported 3 days ago: nothing due
        self.assertNotIn("o_dealer_report_due", self.url_open("/my").text)
        self.own_report.sudo().action_draft()
        self.own_report.sudo().date = self.today - timedelta(days=7)
        self.own_report.sudo().action_done()
        self.assertIn("o_dealer_report_due", self.url_open("/my").text)
        self.authenticate("customer.portal", "customer.portal")
        counts = self.make_jsonrpc_request("/my/counters", {"counters": counters})
        self.assertEqual(set(counts.values()), {0})

    def test_violations_page_lists_own_only(self):
        Violation = self.env["dealer.price.violation"]
        Violation.create(
            [
                {
                    "dealer_id": dealer.id,
                    "product_id": self.tea.id,
                    "floor_price": 80,
                    "price": price,
                    "qty": 2,
                    "source_ref": f"REF-{dealer.name}",
                }
                for dealer, price in ((self.dealer, 71), (self.rival, 61))
            ]
        ).action_confirm()
        self.authenticate("page.portal", "page.portal")
        page = self.url_open("/my/dealer/violations").text
        self.assertIn("71.00", page)
        self.assertNotIn("61.00", page)

    def test_only_the_latest_report_is_ordered_from(self):
        older = self._report(self.dealer, self.today - timedelta(days=10))
        self.authenticate("page.portal", "page.portal")
        orders = self.env["sale.order"].search_count([])
        response = self._post(f"/my/dealer/stock/{older.id}/request")
        self.assertIn("Only your latest submitted report can be ordered from.", response.text)
        self.assertEqual(self.env["sale.order"].search_count([]), orders)

    def _rpc(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def test_json_rpc_as_the_portal_user(self):
        """A hostile dealer's portal user calling the ORM through /web/dataset/call_kw
        reads its own dealer's documents only and changes nothing."""
        own_project = self._project(self.dealer, "Own Hall")
        own_violation, rival_violation = self._violations(self.dealer, 1) | self._violations(
            self.rival, 1, price=61
        )
        reminder = self.dealer.activity_schedule(OVERDUE, user_id=self.rep.id)
        self.authenticate("page.portal", "page.portal")
        for model, own in (
            ("dealer.stock.report", self.own_report),
            ("dealer.stock.report.line", self.own_report.line_ids),
            ("dealer.project", own_project),
            ("dealer.project.line", own_project.line_ids),
            ("dealer.price.violation", own_violation),
        ):
            with self.subTest(model=model):
                found = self._rpc(model, "search_read", [], fields=["id"])
                self.assertEqual([row["id"] for row in found], own.ids)
        self.assertFalse(self._rpc("dealer.project", "search", [("name", "ilike", "Rival")]))
        watched = {
            "report": (self.own_report, ["state", "date", "inventory_max_days", "dealer_id"]),
            "line": (self.own_report.line_ids, ["qty_on_hand", "qty_sold", "report_id"]),
            "rival project": (self.rival_project, ["state", "expiry_date", "dealer_id"]),
            "own project": (own_project, ["state", "expiry_date", "date_registered"]),
            "violation": (own_violation, ["state", "penalty_amount", "dealer_id"]),
            "floor": (self.tea.product_tmpl_id, ["dealer_floor_price"]),
            "dealer": (self.dealer, ["is_dealer", "dealer_channel_id"]),
        }
        before = {key: records.read(names) for key, (records, names) in watched.items()}
        report, line = self.own_report, self.own_report.line_ids
        attempts = [
            ("dealer.stock.report", "read", [self.rival_report.id], ["line_ids"]),
            ("dealer.price.violation", "read", [rival_violation.id], ["price"]),
            ("dealer.project", "read", [self.rival_project.id], ["dealer_id"]),
            ("dealer.project", "read", [own_project.id], ["protected_project_id"]),
            ("dealer.stock.report", "write", report.ids, {"state": "draft"}),
            ("dealer.stock.report", "write", report.ids, {"inventory_max_days": 90}),
            ("dealer.stock.report", "write", report.ids, {"dealer_id": self.rival.id}),
            ("dealer.stock.report", "action_draft", report.ids),
            ("dealer.stock.report.line", "write", line.ids, {"qty_on_hand": 1}),
            ("dealer.stock.report.line", "unlink", line.ids),
            (
                "dealer.stock.report",
                "create",
                {"dealer_id": self.dealer.id, "date": str(self.today), "state": "done"},
            ),
            ("dealer.project", "write", own_project.ids, {"state": "registered"}),
            ("dealer.project", "action_register", own_project.ids),
            ("dealer.project", "action_lose", self.rival_project.ids),
            (
                "dealer.project",
                "create",
                {"name": "Rival Tower", "end_customer": "Tower Co", "dealer_id": self.dealer.id},
            ),
            ("dealer.price.violation", "write", own_violation.ids, {"penalty_amount": 0}),
            ("dealer.price.violation", "action_waive", own_violation.ids),
            ("product.template", "write", self.tea.product_tmpl_id.ids, {"dealer_floor_price": 1}),
            ("res.partner", "write", self.dealer.ids, {"is_dealer": False}),
        ]
        for model, method, *args in attempts:
            with self.subTest(model=model, method=method), self.assertRaises(JsonRpcException):
                self._rpc(model, method, *args)
        # "done" again on an old report is no new report: the reminder stays open
        self._rpc("dealer.stock.report", "action_done", report.ids)
        self.assertTrue(reminder.exists())
        self.env.invalidate_all()
        for key, (records, names) in watched.items():
            with self.subTest(unchanged=key):
                self.assertEqual(records.read(names), before[key])
        self.assertEqual(
            self.env["dealer.project"].search_count([("dealer_id", "=", self.dealer.id)]), 1
        )

    def test_quotes_orders_and_penalty_invoices_in_the_standard_pages(self):
        """The requested quotation, once sent, is in /my/quotes, confirmed in
        /my/orders; a posted penalty invoice in /my/invoices and linked from the
        violations page. The rival's are in none of them."""
        self.authenticate("page.portal", "page.portal")
        self._post(f"/my/dealer/stock/{self.own_report.id}/request")
        order = self.env["sale.order"].search([("partner_id", "=", self.dealer.id)])
        self.assertEqual(order.state, "draft")
        self.assertNotIn(order.name, self.url_open("/my/quotes").text)
        order.action_quotation_sent()
        self.assertIn(order.name, self.url_open("/my/quotes").text)
        order.action_confirm()
        self.assertIn(order.name, self.url_open("/my/orders").text)
        violations = self._violations(self.dealer, 1) | self._violations(self.rival, 1)
        violations.action_invoice_penalties()
        violations.invoice_id.action_post()
        own, rival = violations.invoice_id
        page = self.url_open("/my/invoices").text
        self.assertIn(own.name, page)
        self.assertNotIn(rival.name, page)
        self.assertIn(f"/my/invoices/{own.id}", self.url_open("/my/dealer/violations").text)
        self.assertEqual(self.url_open(f"/my/invoices/{own.id}").status_code, 200)
        self.assertIn(urlparse(self.url_open(f"/my/invoices/{rival.id}").url).path, HOME)
