from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user

from .common import TODAY, DealerCase

# product fields of Odoo's own that sales users may not read (stock_account's)
UPSTREAM_UNREADABLE = {"stock_valuation_layer_ids"}


@freeze_time(TODAY)
class TestSecurity(DealerCase):
    def test_salespeople_see_their_own_dealers_reports(self):
        mine = self._report(self.dealer, "2026-03-09", [(self.tea, 10, 7)])
        theirs = self._report(self.other_dealer, "2026-03-09", [(self.tea, 10, 7)])
        reports = self.env["dealer.stock.report"].with_user(self.salesman)
        self.assertEqual(reports.search([("id", "in", (mine | theirs).ids)]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.salesman).read(["inventory_days"])
        all_docs = new_test_user(
            self.env,
            "dealer.lead",
            groups="dealer_channel_control.group_dealer_user,"
            "sales_team.group_sale_salesman_all_leads",
        )
        self.assertEqual(
            reports.with_user(all_docs).search([("id", "in", (mine | theirs).ids)]), mine | theirs
        )

    def test_plain_salespeople_have_no_dealer_documents(self):
        rep = new_test_user(self.env, "plain.rep", groups="sales_team.group_sale_salesman")
        with self.assertRaises(AccessError):
            self.env["dealer.stock.report"].with_user(rep).search([])
        with self.assertRaises(AccessError):
            self.env["dealer.price.violation"].with_user(rep).search([])

    def test_other_companies_records_are_invisible(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        foreign_dealer = self.env["res.partner"].create(
            {"name": "Foreign Dealer", "is_dealer": True, "company_id": other_company.id}
        )
        report = (
            self.env["dealer.stock.report"]
            .with_company(other_company)
            .create({"dealer_id": foreign_dealer.id, "date": "2026-03-09"})
        )
        self.assertEqual(report.company_id, other_company)
        self.manager.company_ids |= other_company
        reports = (
            self.env["dealer.stock.report"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=[self.company.id])
        )
        self.assertFalse(reports.search([("id", "=", report.id)]))
        self.assertEqual(
            reports.with_context(allowed_company_ids=[other_company.id, self.company.id]).search(
                [("id", "=", report.id)]
            ),
            report,
        )

    def test_salespeople_cannot_create_or_edit_violations(self):
        with self.assertRaises(AccessError):
            self.env["dealer.price.violation"].with_user(self.salesman).create(
                {"dealer_id": self.dealer.id, "product_id": self.tea.id, "floor_price": 80}
            )

    def test_projects_of_another_company_do_not_compete(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        foreign = (
            self.env["dealer.project"]
            .with_company(other_company)
            .create(
                {
                    "name": "City Hall",
                    "end_customer": "ACME",
                    "dealer_id": self.other_dealer.id,
                    "company_id": other_company.id,
                    "line_ids": [Command.create({"product_id": self.tea.id, "price_unit": 95})],
                }
            )
        )
        foreign.action_register()
        mine = (
            self.env["dealer.project"]
            .with_user(self.salesman)
            .create(
                {
                    "name": "City Hall",
                    "end_customer": "ACME",
                    "dealer_id": self.dealer.id,
                    "line_ids": [Command.create({"product_id": self.tea.id, "price_unit": 85})],
                }
            )
        )
        mine.action_register()
        self.assertTrue(mine.is_first_registrant)
        self.assertFalse(
            self.env["dealer.project"].with_user(self.salesman).search([("id", "=", foreign.id)])
        )


@freeze_time(TODAY)
class TestGroups(DealerCase):
    def test_manager_is_a_dealer_user_and_a_salesperson(self):
        manager = new_test_user(
            self.env, "dealer.manager", groups="dealer_channel_control.group_dealer_manager"
        )
        self.assertTrue(manager.has_group("dealer_channel_control.group_dealer_user"))
        self.assertTrue(manager.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(manager.has_group("sales_team.group_sale_manager"))
        # they invoice the penalties themselves
        self.assertTrue(manager.has_group("account.group_account_invoice"))


class TestFieldsForGroups(DealerCase):
    """Exports, integrations and search_read read every field: the fields this
    addon adds to shared models must not make that fail for sales users outside
    the dealer groups."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsiders = [
            new_test_user(cls.env, login, groups=groups)
            for login, groups in (
                ("plain.rep", "sales_team.group_sale_salesman"),
                ("all.docs", "sales_team.group_sale_salesman_all_leads"),
                ("sales.boss", "sales_team.group_sale_manager"),
            )
        ]
        cls._report(cls, cls.dealer, "2026-03-09", [(cls.tea, 100, 70)])
        # the plain salesperson's dealer and order, confirmed below the floor
        cls.dealer.user_id = cls.outsiders[0]
        cls.order = cls._order(
            cls, cls.dealer, [(cls.tea, 10, 50, 0)], user=cls.manager, user_id=cls.outsiders[0].id
        )
        cls.order.with_user(cls.manager).action_confirm()

    def test_all_fields_of_orders_partners_and_products_read_for_every_sales_group(self):
        self.assertTrue(self.order.dealer_violation_ids)
        for user in [*self.outsiders, self.manager]:
            with self.subTest(user=user.login):
                self.assertTrue(self.order.with_user(user).read()[0]["name"])
                orders = self.env["sale.order"].with_user(user)
                self.assertTrue(orders.search_read([("id", "=", self.order.id)]))
        for user in [*self.outsiders, self.salesman, self.manager]:
            with self.subTest(user=user.login):
                self.assertTrue(self.dealer.with_user(user).read()[0]["is_dealer"])
                self.assertTrue(self.tea.product_tmpl_id.with_user(user).read())
                # stock_account (which sale_stock brings) adds valuation layers that
                # sales users may not read: Odoo itself refuses them a product's
                # full read then, with or without our addons; all else is read
                fields = [f for f in self.tea._fields if f not in UPSTREAM_UNREADABLE]
                self.assertTrue(self.tea.with_user(user).read(fields))
        fields = self.order.with_user(self.outsiders[0]).read()[0]
        self.assertNotIn("dealer_violation_ids", fields)
        self.assertIn("dealer_violation_ids", self.order.with_user(self.manager).read()[0])

    def test_a_dealer_salesperson_reads_a_colleagues_dealer(self):
        colleague = new_test_user(
            self.env, "dealer.rep2", groups="dealer_channel_control.group_dealer_user"
        )
        values = self.dealer.with_user(colleague).read()[0]
        self.assertEqual(values["dealer_inventory_days"], 10)
        self.assertFalse(values["dealer_violation_ids"])  # not one of theirs

    def test_forms_open_for_users_outside_the_dealer_groups(self):
        for user in self.outsiders:
            for model in ("sale.order", "res.partner", "product.template", "product.product"):
                with self.subTest(user=user.login, model=model):
                    views = self.env[model].with_user(user).get_views([(False, "form")])
                    arch = views["views"]["form"]["arch"]
                    self.assertNotIn("dealer_violation_ids", arch)
                    self.assertNotIn("dealer_penalty_total", arch)
                    self.assertNotIn("dealer_floor_price", arch)
