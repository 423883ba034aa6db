from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user

from .common import TODAY, DealerCase


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
