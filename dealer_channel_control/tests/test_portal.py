import io
import logging

from freezegun import api as freezegun_api

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, new_test_user

from ..controllers import upload
from ..portal_rows import PortalRowsError
from .common import TODAY, DealerCase

_logger = logging.getLogger(__name__)


class PortalDealerCase(DealerCase):
    """Two dealers, each with a portal user acting for it, and a customer's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = cls._portal_user("t.fresh.portal", "Fresh Buyer", cls.dealer)
        cls.other_portal = cls._portal_user("t.bulk.portal", "Bulk Buyer", cls.other_dealer)
        cls.customer_portal = cls._portal_user("t.plain.portal", "Plain Buyer", cls.customer)

    @classmethod
    def _portal_user(cls, login, name, company):
        user = new_test_user(cls.env, login, groups="base.group_portal", name=name)
        user.partner_id.parent_id = company
        return user

    def _rows(self, *rows, date=None):
        return [
            {"row": index + 2, "product": product, "qty_on_hand": on_hand, "qty_sold": sold}
            | ({"date": date} if date else {})
            for index, (product, on_hand, sold) in enumerate(rows)
        ]


@freeze_time(TODAY)
class TestPortalIsolation(PortalDealerCase):
    """A dealer's portal user, through plain ORM calls as JSON-RPC would make them,
    reads its own dealer's documents only and writes none."""

    def setUp(self):
        super().setUp()
        self.own_report = self._report(self.dealer, "2026-03-09", [(self.tea, 100, 70)])
        self.other_report = self._report(self.other_dealer, "2026-03-09", [(self.tea, 5, 70)])
        Project = self.env["dealer.project"].with_user(self.manager)
        self.other_project = Project.create(
            {
                "name": "Metro Line 3",
                "end_customer": "City Metro",
                "dealer_id": self.other_dealer.id,
                "line_ids": [
                    Command.create({"product_id": self.tea.id, "qty": 10, "price_unit": 95})
                ],
            }
        )
        self.other_project.action_register()
        self.own_project = Project.create(
            {
                "name": "Mall",
                "end_customer": "Mall Co",
                "dealer_id": self.dealer.id,
                "line_ids": [
                    Command.create({"product_id": self.tea.id, "qty": 5, "price_unit": 90})
                ],
            }
        )
        Violation = self.env["dealer.price.violation"].with_user(self.manager)
        self.own_violation, self.other_violation = Violation.create(
            [
                {
                    "dealer_id": dealer.id,
                    "product_id": self.tea.id,
                    "floor_price": 80,
                    "price": 70,
                    "qty": 3,
                }
                for dealer in (self.dealer, self.other_dealer)
            ]
        )
        (self.own_violation | self.other_violation).action_confirm()
        # still to review: no dealer reads it
        self.draft_violation = Violation.create(
            {"dealer_id": self.dealer.id, "product_id": self.tea.id, "price": 60, "qty": 1}
        )

    def test_portal_reads_only_its_dealer_documents(self):
        cases = [
            ("dealer.stock.report", self.own_report, self.other_report),
            ("dealer.stock.report.line", self.own_report.line_ids, self.other_report.line_ids),
            ("dealer.project", self.own_project, self.other_project),
            ("dealer.project.line", self.own_project.line_ids, self.other_project.line_ids),
            ("dealer.price.violation", self.own_violation, self.other_violation),
        ]
        for model, own, other in cases:
            with self.subTest(model=model):
                Model = self.env[model].with_user(self.portal)
                self.assertEqual(Model.search([]), own)
                own.with_user(self.portal).read([])
                with self.assertRaises(AccessError):
                    other.with_user(self.portal).read(["id"])
                if model == "dealer.price.violation":
                    with self.assertRaises(AccessError):
                        self.draft_violation.with_user(self.portal).read(["id"])
                # the other dealer's portal user sees the reverse
                self.assertEqual(self.env[model].with_user(self.other_portal).search([]), other)
                # a customer who is no dealer sees nothing
                self.assertFalse(self.env[model].with_user(self.customer_portal).search([]))

    def test_portal_never_sees_the_protected_registration(self):
        """Whose registration protects a project is not the portal's to read: not
        even its id (the field is for employees)."""
        rival = self.own_project.with_user(self.portal)
        with self.assertRaises(AccessError):
            rival.read(["protected_project_id"])
        self.assertNotIn("protected_project_id", rival.read([])[0])

    def test_portal_writes_nothing_directly(self):
        report = self.own_report.with_user(self.portal)
        before = self.own_report.read(["state", "date", "inventory_min_days", "inventory_max_days"])
        attempts = [
            (report, {"state": "draft"}),
            (report, {"date": "2026-03-01"}),
            (report, {"inventory_max_days": 90}),
            (report.line_ids, {"qty_on_hand": 1}),
            (self.own_project.with_user(self.portal), {"state": "registered"}),
            (self.own_project.with_user(self.portal), {"expiry_date": "2036-01-01"}),
            (self.own_project.line_ids.with_user(self.portal), {"price_unit": 1}),
            (self.own_violation.with_user(self.portal), {"penalty_amount": 0}),
            (self.own_violation.with_user(self.portal), {"state": "waived"}),
            (self.tea.with_user(self.portal), {"dealer_floor_price": 1}),
        ]
        for records, vals in attempts:
            # refused by the model's rule (UserError) or, failing that, by the access
            # rights (AccessError, a UserError too)
            with self.subTest(model=records._name, vals=vals), self.assertRaises(UserError):
                records.write(vals)
        for model, vals in [
            ("dealer.stock.report", {"dealer_id": self.dealer.id, "date": TODAY}),
            ("dealer.project", {"name": "X", "end_customer": "Y", "dealer_id": self.dealer.id}),
            (
                "dealer.price.violation",
                {"dealer_id": self.other_dealer.id, "product_id": self.tea.id},
            ),
        ]:
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.portal).create(vals)
        with self.assertRaises(AccessError):
            self.own_project.with_user(self.portal).action_register()
        with self.assertRaises(AccessError):
            report.unlink()
        self.own_report.invalidate_recordset()
        self.assertEqual(
            self.own_report.read(["state", "date", "inventory_min_days", "inventory_max_days"]),
            before,
        )
        self.assertEqual(self.own_project.state, "draft")
        self.assertEqual(self.own_violation.penalty_amount, 30)
        self.assertEqual(self.tea.dealer_floor_price, 80)

    def test_a_contact_invited_with_the_portal_wizard_acts_for_its_dealer(self):
        """Odoo's own Grant portal access wizard is how a dealer's buyer gets in: the
        new portal user reads its dealer's report at once, a customer's nothing."""
        buyer, plain = self.env["res.partner"].create(
            [
                {
                    "name": f"Invited Buyer {pid}",
                    "email": f"buyer{pid}@example.com",
                    "parent_id": pid,
                }
                for pid in (self.dealer.id, self.customer.id)
            ]
        )
        wizard = self.env["portal.wizard"].create(
            {"partner_ids": [Command.set((buyer | plain).ids)]}
        )
        for wizard_user in wizard.user_ids:
            wizard_user.action_grant_access()
        users = (buyer | plain).user_ids
        self.assertEqual(len(users), 2)
        self.assertTrue(all(user._is_portal() for user in users))
        Report = self.env["dealer.stock.report"]
        self.assertEqual(Report._portal_dealer_of(buyer), self.dealer)
        self.assertFalse(Report._portal_dealer_of(plain))
        self.assertEqual(Report.with_user(buyer.user_ids).search([]), self.own_report)
        self.assertFalse(Report.with_user(plain.user_ids).search([]))

    def test_portal_user_acts_for_a_dealer_only(self):
        Report = self.env["dealer.stock.report"]
        self.assertEqual(Report._portal_dealer_of(self.portal.partner_id), self.dealer)
        self.assertFalse(Report._portal_dealer_of(self.customer_portal.partner_id))


def real_clock():
    """The time the frozen clock does not stop (freezegun swaps any module's own
    reference to the real function, not its own)."""
    return freezegun_api.real_perf_counter()


@freeze_time(TODAY)
class TestPortalStockReport(PortalDealerCase):
    def test_submit_makes_a_done_report_with_note_and_activity(self):
        Report = self.env["dealer.stock.report"].with_user(self.portal)
        reports = Report._portal_submit(
            self.dealer, self._rows(("Green Tea", "100", "70"), (self.rice, 300, 70))
        )
        report = reports.sudo()
        self.assertEqual(report.state, "done")
        self.assertEqual(report.dealer_id, self.dealer)
        self.assertEqual(str(report.date), TODAY)
        self.assertEqual(report.period_days, 7)
        self.assertEqual(report.inventory_max_days, self.supermarket.inventory_max_days)
        self.assertEqual(
            {ln.product_id: (ln.qty_on_hand, ln.qty_sold) for ln in report.line_ids},
            {self.tea: (100, 70), self.rice: (300, 70)},
        )
        note = report.message_ids.filtered(lambda m: "through the portal" in (m.body or ""))
        self.assertIn("Fresh Buyer", note.body)
        self.assertEqual(note.author_id, self.portal.partner_id)
        activity = self.dealer.activity_ids.filtered(lambda a: a.user_id == self.salesman)
        self.assertEqual(len(activity), 1)
        # read back as the portal user: it is the dealer's own
        self.assertEqual(Report.search([]), reports)

    def test_every_bad_row_is_listed_and_nothing_saved(self):
        self._report(self.dealer, "2026-03-09", [(self.tea, 1, 1)])
        # a salesperson's draft of a date the dealer may report
        self._report(self.dealer, "2026-03-12", [(self.tea, 1, 1)], state="draft")
        before = self.env["dealer.stock.report"].search_count([])
        rows = [
            {"row": 2, "product": "Green Tea", "qty_on_hand": "10", "qty_sold": "5"},
            {"row": 3, "product": "Unknown Thing", "qty_on_hand": "1", "qty_sold": "1"},
            {"row": 4, "product": "Rice Bag", "qty_on_hand": "-3", "qty_sold": "1"},
            {
                "row": 5,
                "product": "Rice Bag",
                "qty_on_hand": "1",
                "qty_sold": "abc",
                "date": "2026-03-12",
            },
            {
                "row": 6,
                "product": "Green Tea",
                "qty_on_hand": "1",
                "qty_sold": "1",
                "date": "2026-03-09",
            },
            {
                "row": 7,
                "product": "Green Tea",
                "qty_on_hand": "1",
                "qty_sold": "1",
                "date": "2026-03-11",
                "period_days": "0",
            },
            {
                "row": 8,
                "product": "Green Tea",
                "qty_on_hand": "1",
                "qty_sold": "1",
                "date": "2026-04-01",
            },
        ]
        with self.assertRaises(PortalRowsError) as catcher:
            self.env["dealer.stock.report"].with_user(self.portal)._portal_submit(self.dealer, rows)
        errors = catcher.exception.errors
        for expected in (
            "Row 3: unknown product",
            "Row 4, On Hand: -3 is negative; give zero or more.",
            "Row 5, Sold in Period: abc is not a number.",
            "Row 5: a stock report of 2026-03-12 is already there.",
            "Row 6, Date: 2026-03-09 is not after your latest report, of 2026-03-09.",
            "Row 7, Period (days): 0 is less than 1.",
            "Row 8, Date: 2026-04-01 is after today.",
        ):
            self.assertTrue(any(e.startswith(expected) for e in errors), (expected, errors))
        self.assertFalse(any(e.startswith("Row 2") for e in errors))
        self.assertEqual(self.env["dealer.stock.report"].search_count([]), before)

    def test_another_dealers_product_key_cannot_pick_a_product_we_do_not_sell(self):
        self.rice.sale_ok = False
        with self.assertRaises(PortalRowsError) as catcher:
            self.env["dealer.stock.report"].with_user(self.portal)._portal_submit(
                self.dealer, self._rows(("Rice Bag", 1, 1))
            )
        self.assertIn("Row 2: unknown product Rice Bag.", catcher.exception.errors)

    def test_prefill_products_of_last_report_and_recent_orders(self):
        salt = self._product("Salt", price=5.0, floor=0.0)
        self._report(self.dealer, "2026-03-09", [(self.tea, 1, 1)])
        order = self._order(self.dealer, [(salt, 5, 5.0, 0)])
        order.with_user(self.manager).action_confirm()
        self._order(self.dealer, [(self.rice, 5, 50.0, 0)])  # a quotation: not ordered
        self.assertEqual(
            self.env["dealer.stock.report"]._portal_prefill_products(self.dealer),
            salt | self.tea,
        )

    def test_request_order_from_the_suggestion(self):
        reports = (
            self.env["dealer.stock.report"]
            .with_user(self.portal)
            ._portal_submit(self.dealer, self._rows((self.tea, 10, 70), (self.rice, 1000, 70)))
        )
        order, created = reports._portal_request_order()
        self.assertTrue(created)
        order = order.sudo()
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.partner_id, self.dealer)
        self.assertEqual(order.user_id, self.salesman)
        # tea: 10 a day, band 20-25 → 225 - 10 = 215; rice is over the band: not ordered
        self.assertEqual(
            [(ln.product_id, ln.product_uom_qty) for ln in order.order_line], [(self.tea, 215)]
        )
        self.assertEqual(order.activity_ids.user_id, self.salesman)
        again, created = reports._portal_request_order()
        self.assertFalse(created)
        self.assertEqual(again, order)

    def test_upload_xlsx_and_csv(self):
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["产品", "库存数量", "销售数量"])
        sheet.append(["Green Tea", 10, 7])
        sheet.append([None, None, None])
        sheet.append(["Rice Bag", "x", 7])
        buffer = io.BytesIO()
        book.save(buffer)
        rows = upload.read_upload(self.env, "week.xlsx", buffer.getvalue())
        self.assertEqual(
            [(r["row"], r["product"], r["qty_on_hand"]) for r in rows],
            [(2, "Green Tea", 10), (4, "Rice Bag", "x")],
        )
        text = "product,qty_on_hand,qty_sold\n绿茶,1,2\n".encode("gb18030")
        self.assertEqual(upload.read_upload(self.env, "w.csv", text)[0]["product"], "绿茶")
        with self.assertRaises(UserError):
            upload.read_upload(self.env, "w.txt", b"")
        with self.assertRaises(UserError):
            upload.read_upload(self.env, "w.csv", b"a,b\n1,2\n")

    def test_import_500_lines(self):
        """A 500-line XLSX is read, checked and saved as one report in the queries a
        50-line one takes (the time, on the real clock as the test's is frozen, is
        logged for the readme; its bound only catches a per-line loop)."""
        import openpyxl

        products = self.env["product.product"].create(
            [{"name": f"Bulk {i}", "default_code": f"BULK-{i:03d}"} for i in range(500)]
        )

        def workbook(products, date):
            book = openpyxl.Workbook()
            book.active.append(upload.TEMPLATE_HEADERS)
            for product in products:
                book.active.append([product.default_code, 20, 7, date, 7])
            buffer = io.BytesIO()
            book.save(buffer)
            return buffer.getvalue()

        def submit(content):
            self.env.flush_all()
            self.env.invalidate_all()
            start, queries = real_clock(), self.env.cr.sql_log_count
            rows = upload.read_upload(self.env, "week.xlsx", content)
            read = real_clock() - start
            reports = (
                self.env["dealer.stock.report"]
                .with_user(self.portal)
                ._portal_submit(self.dealer, rows)
            )
            self.env.flush_all()
            return reports, read, real_clock() - start, self.env.cr.sql_log_count - queries

        small, _read, _elapsed, small_queries = submit(workbook(products[:50], "2026-03-09"))
        self.assertEqual(len(small.sudo().line_ids), 50)
        reports, read, elapsed, queries = submit(workbook(products, "2026-03-16"))
        _logger.info(
            "500-line XLSX: read in %.3f s, checked and saved in %.3f s (%d queries; "
            "50 lines: %d queries)",
            read,
            elapsed,
            queries,
            small_queries,
        )
        self.assertEqual(len(reports.sudo().line_ids), 500)
        self.assertEqual(reports.sudo().state, "done")
        self.assertLessEqual(queries, small_queries)
        self.assertLess(elapsed, 30)


@freeze_time(TODAY)
class TestPortalProjects(PortalDealerCase):
    def setUp(self):
        super().setUp()
        first = (
            self.env["dealer.project"]
            .with_user(self.manager)
            .create(
                {
                    "name": "Metro Line 3",
                    "end_customer": "City Metro",
                    "dealer_id": self.other_dealer.id,
                    "line_ids": [
                        Command.create({"product_id": self.tea.id, "qty": 10, "price_unit": 95})
                    ],
                }
            )
        )
        first.action_register()
        self.first = first

    def test_register_through_the_model_actions(self):
        project = (
            self.env["dealer.project"]
            .with_user(self.portal)
            ._portal_register(self.dealer, " Mall ", "Mall Co", [(self.tea, 5, 90)])
        )
        project = project.sudo()
        self.assertEqual(project.state, "registered")
        self.assertEqual(project.dealer_id, self.dealer)
        self.assertEqual(str(project.date_registered), TODAY)
        self.assertEqual(str(project.expiry_date), "2026-06-14")
        self.assertTrue(project.is_first_registrant)
        self.assertEqual(project.create_uid, self.portal)
        self.assertEqual(project.activity_ids.user_id, self.salesman)

    def test_below_protected_price_names_product_and_minimum_only(self):
        before = self.env["dealer.project"].search_count([])
        with self.assertRaises(ValidationError) as catcher:
            self.env["dealer.project"].with_user(self.portal)._portal_register(
                self.dealer, "metro  line 3", "CITY METRO", [(self.tea, 5, 90)]
            )
        message = str(catcher.exception)
        self.assertIn("Green Tea", message)
        self.assertIn("95.00", message)
        for secret in (self.other_dealer.name, self.manager.name, "10"):
            self.assertNotIn(secret, message)
        self.assertEqual(self.env["dealer.project"].search_count([]), before)

    def test_below_floor_is_accepted_and_recorded(self):
        project = (
            self.env["dealer.project"]
            .with_user(self.portal)
            ._portal_register(self.dealer, "School", "School Co", [(self.tea, 4, 70)])
        )
        violation = project.sudo().violation_ids
        self.assertEqual(violation.dealer_id, self.dealer)
        self.assertEqual((violation.floor_price, violation.price, violation.qty), (80, 70, 4))
        # the dealer reads it once a manager has reviewed it
        Violation = self.env["dealer.price.violation"].with_user(self.portal)
        self.assertFalse(Violation.search([]))
        violation.with_user(self.manager).action_confirm()
        self.assertEqual(Violation.search([]), violation)

    def test_register_refuses_empty_input(self):
        Project = self.env["dealer.project"].with_user(self.portal)
        with self.assertRaises(UserError):
            Project._portal_register(self.dealer, "", "X", [(self.tea, 1, 90)])
        with self.assertRaises(UserError):
            Project._portal_register(self.dealer, "P", "X", [])


@freeze_time(TODAY)
class TestReportOverdueCron(PortalDealerCase):
    def _overdue_activities(self, dealers=None):
        dealers = dealers or self.dealer | self.other_dealer
        return self.env["mail.activity"].search(
            [
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(
                        "dealer_channel_control.mail_activity_type_dealer_report_overdue"
                    ).id,
                ),
                ("res_id", "in", dealers.ids),
            ]
        )

    def test_one_activity_per_overdue_dealer_never_two(self):
        self.assertEqual(self.env.company.dealer_report_overdue_days, 8)
        self._report(self.dealer, "2026-03-07", [(self.tea, 1, 1)])  # 9 days ago
        self._report(self.other_dealer, "2026-03-08", [(self.tea, 1, 1)])  # 8 days: not yet
        Reminder = self.env["dealer.report.reminder"]
        Reminder._cron_remind_overdue(batch_size=1)
        activities = self._overdue_activities()
        self.assertEqual(activities.mapped("res_id"), self.dealer.ids)
        self.assertEqual(activities.user_id, self.salesman)
        Reminder._cron_remind_overdue()
        self.assertEqual(self._overdue_activities(), activities)
        # reporting closes it; the next run finds nothing to do
        self.env["dealer.stock.report"].with_user(self.portal)._portal_submit(
            self.dealer, self._rows((self.tea, 1, 1))
        )
        self.assertFalse(activities.exists())
        Reminder._cron_remind_overdue()
        self.assertFalse(self._overdue_activities())

    def test_the_cron_runs_the_same_queries_for_2_or_20_overdue_dealers(self):
        Reminder = self.env["dealer.report.reminder"]
        Reminder._cron_remind_overdue()  # the dealers of the set-up, never reported

        def overdue_dealers(count):
            dealers = self.env["res.partner"].create(
                [
                    {
                        "name": f"Late Dealer {i}",
                        "is_company": True,
                        "is_dealer": True,
                        "user_id": self.salesman.id,
                    }
                    for i in range(count)
                ]
            )
            for dealer in dealers:
                self._report(dealer, "2026-03-01", [(self.tea, 1, 1)])
            self.env.flush_all()
            self.env.invalidate_all()
            return dealers

        few = overdue_dealers(2)
        start = self.env.cr.sql_log_count
        Reminder._cron_remind_overdue()
        self.env.flush_all()
        expected = self.env.cr.sql_log_count - start
        many = overdue_dealers(20)
        with self.assertQueryCount(expected):
            Reminder._cron_remind_overdue()
        reminded = self._overdue_activities(few | many)
        self.assertEqual(sorted(reminded.mapped("res_id")), (few | many).ids)

    def test_setting_and_due_notice(self):
        self.env.company.dealer_report_overdue_days = 30
        self._report(self.dealer, "2026-03-07", [(self.tea, 1, 1)])
        self.env["dealer.report.reminder"]._cron_remind_overdue()
        self.assertFalse(self._overdue_activities().filtered(lambda a: a.res_id == self.dealer.id))
        self.assertTrue(self.env["dealer.report.reminder"]._report_due(self.dealer))
        self._report(self.dealer, "2026-03-10", [(self.tea, 1, 1)])
        self.assertFalse(self.env["dealer.report.reminder"]._report_due(self.dealer))


class TestPortalDemo(DealerCase):
    def test_demo_dealers_have_portal_users(self):
        user = self.env.ref("dealer_channel_control.demo_portal_user_fresh", False)
        if not user:
            self.skipTest("installed without demo data")
        Report = self.env["dealer.stock.report"]
        self.assertEqual(
            Report._portal_dealer_of(user.partner_id),
            self.env.ref("dealer_channel_control.demo_dealer_fresh"),
        )
        self.assertTrue(user._is_portal())
        self.assertGreaterEqual(Report.with_user(user).search_count([]), 4)
