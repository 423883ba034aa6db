from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user

from .common import StockDealerCase


@freeze_time("2026-03-16")
class TestCaseSecurity(StockDealerCase):
    """What each user can do to a case, whatever the client sends."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._deliver(cls.dealer, cls._lot("ZJ-2603-A"), 10)
        cls.other_rep = new_test_user(
            cls.env, "dealer.rep2", groups="dealer_channel_control.group_dealer_user"
        )
        cls.portal = new_test_user(cls.env, "dealer.portal", groups="base.group_portal")
        cls.portal.partner_id.parent_id = cls.dealer
        cls.rival_portal = new_test_user(cls.env, "rival.portal", groups="base.group_portal")
        cls.rival_portal.partner_id.parent_id = cls.other_dealer

    def setUp(self):
        super().setUp()
        self.check = self._record_check("ZJ-2603-A", self.jiangsu)
        self.case = self.check.sudo().diversion_case_ids

    def test_a_salesperson_cannot_decide_or_change_a_case(self):
        case = self.case.with_user(self.salesman)
        for label, call in (
            ("confirm", case.action_confirm),
            ("waive", case.action_waive),
            ("penalty", lambda: case.write({"penalty_amount": 0.0})),
            ("origin", lambda: case.write({"dealer_id": self.dealer.id})),
            ("delete", case.unlink),
        ):
            with self.subTest(label), self.assertRaises(AccessError):
                call()
        self.assertRecordValues(
            self.case, [{"state": "draft", "penalty_amount": 60.0, "violation_id": False}]
        )

    def test_nobody_opens_a_case_by_hand(self):
        for who in (self.salesman, self.manager):
            with self.subTest(who.login), self.assertRaises(AccessError):
                self.env["dealer.diversion.case"].with_user(who).create(
                    {
                        "check_id": self.check.id,
                        "product_id": self.tea.id,
                        "lot_name": "X",
                        "place_state_id": self.jiangsu.id,
                        "date": "2026-03-16",
                    }
                )

    def test_salespeople_see_the_cases_of_their_dealers_only(self):
        Case = self.env["dealer.diversion.case"]
        self.assertEqual(Case.with_user(self.salesman).search([]), self.case)
        self.assertFalse(Case.with_user(self.other_rep).search([]))
        with self.assertRaises(AccessError):
            self.case.with_user(self.other_rep).read(["penalty_amount"])

    def test_only_dealer_managers_change_territories(self):
        with self.assertRaises(AccessError):
            self.dealer.with_user(self.salesman).write(
                {"dealer_territory_ids": [Command.set(self.north.ids)]}
            )
        self.assertEqual(self.dealer.dealer_territory_ids, self.east)
        # the form sends the unchanged territories along: that is no change
        self.dealer.with_user(self.salesman).write(
            {"dealer_territory_ids": [Command.set(self.east.ids)], "comment": "ok"}
        )
        with self.assertRaises(AccessError):
            self.env["dealer.territory"].with_user(self.salesman).create(
                {"name": "All China", "state_ids": [Command.set(self.shanghai.ids)]}
            )
        self.dealer.with_user(self.manager).dealer_territory_ids = self.north
        self.assertEqual(self.dealer.dealer_territory_ids, self.north)

    def test_a_plain_salesperson_reads_all_partner_fields(self):
        plain = new_test_user(self.env, "plain.rep", groups="sales_team.group_sale_salesman")
        self.dealer.with_user(plain).read()

    def test_a_dealer_reads_its_own_cases_never_who_checked_nor_the_shop(self):
        Case = self.env["dealer.diversion.case"].with_user(self.portal)
        self.assertEqual(Case.search([]), self.case)
        values = Case.browse(self.case.id).read()[0]
        self.assertEqual(values["lot_name"], "ZJ-2603-A")
        self.assertNotIn("check_id", values)
        self.assertNotIn("candidate_dealer_ids", values)
        self.assertNotEqual(values["create_uid"][0], self.salesman.id)
        self.assertNotIn("Lucky Corner Shop", str(values))
        self.assertNotIn("Suzhou", str(values))
        with self.assertRaises(AccessError):
            Case.browse(self.case.id).read(["check_id"])
        with self.assertRaises(AccessError):
            self.env["dealer.price.check"].with_user(self.portal).browse(self.check.id).read(
                ["location"]
            )

    def test_a_dealer_never_sees_another_dealers_cases(self):
        Case = self.env["dealer.diversion.case"].with_user(self.rival_portal)
        self.assertFalse(Case.search([]))
        with self.assertRaises(AccessError):
            Case.browse(self.case.id).read(["lot_name"])
        self.assertFalse(
            self.env["dealer.lot.delivery.report"].with_user(self.rival_portal).search([])
        )
        self.assertEqual(
            self.env["dealer.lot.delivery.report"].with_user(self.portal).search([]).lot_name,
            "ZJ-2603-A",
        )

    def test_another_company_never_sees_the_case(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        outsider = new_test_user(
            self.env,
            "other.boss",
            groups="dealer_channel_control.group_dealer_manager",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        self.assertFalse(self.env["dealer.diversion.case"].with_user(outsider).search([]))
        self.assertFalse(self.env["dealer.lot.delivery.report"].with_user(outsider).search([]))

    def test_an_inventory_user_creates_products_without_a_floor(self):
        # the floor check reads the new product's floor: not a field of theirs
        product = self.env["product.product"].with_user(self.stock_user).create({"name": "Box"})
        self.assertFalse(product.sudo().dealer_floor_price)
        with self.assertRaises(AccessError):
            self.env["product.product"].with_user(self.stock_user).create(
                {"name": "Cheap Box", "dealer_floor_price": 5.0}
            )
