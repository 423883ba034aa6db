from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time

from .common import StockDealerCase

# a check traced, its case opened: whatever the lots and deliveries
TRACE_QUERIES = 21


@freeze_time("2026-03-16")
class TestTrace(StockDealerCase):
    """A salesperson records what a shop sells; the lot tells which dealer let
    the goods out of its territory."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot = cls._lot("ZJ-2603-A")
        cls.delivery = cls._deliver(cls.dealer, cls.lot, 10)
        cls.demo_cases = cls.env["dealer.diversion.case"].search([])

    def _cases(self):
        """The cases these tests opened: the demo's own, when installed, are not theirs."""
        return self.env["dealer.diversion.case"].search([("id", "not in", self.demo_cases.ids)])

    def test_a_zhejiang_lot_seen_in_jiangsu_opens_a_case_against_its_dealer(self):
        check = self._record_check("ZJ-2603-A", self.jiangsu, qty=4)
        self.assertEqual(check.trace_result, "case")
        case = check.sudo().diversion_case_ids
        self.assertEqual(len(case), 1)
        self.assertRecordValues(
            case,
            [
                {
                    "state": "draft",
                    "dealer_id": self.dealer.id,
                    "candidate_dealer_ids": self.dealer.ids,
                    "product_id": self.tea.id,
                    "lot_id": self.lot.id,
                    "lot_name": "ZJ-2603-A",
                    "qty": 4.0,
                    "place_state_id": self.jiangsu.id,
                    "penalty_amount": 80.0,
                }
            ],
        )
        self.assertTrue(case.name.startswith("DIV/"))
        # a shop that is no dealer names the check the case links to
        self.assertEqual(case.check_id.display_name, f"Lucky Corner Shop / {self.tea.display_name}")
        # the case is the system's, not the checker's: a dealer reading it never learns who
        self.assertNotEqual(case.create_uid, self.salesman)

    def test_the_lot_seen_in_its_dealers_territory_is_covered(self):
        check = self._record_check("ZJ-2603-A", self.zhejiang)
        self.assertEqual(check.trace_result, "covered")
        self.assertFalse(self._cases())

    def test_a_lot_nobody_delivered_is_unknown_and_opens_nothing(self):
        check = self._record_check("NO-SUCH-LOT", self.jiangsu)
        self.assertEqual(check.trace_result, "unknown_lot")
        self.assertFalse(self._cases())

    def test_a_lot_delivered_to_two_dealers_is_a_case_to_review(self):
        self._deliver(self.other_dealer, self.lot, 5)
        check = self._record_check("ZJ-2603-A", self.shanghai)
        case = check.sudo().diversion_case_ids
        self.assertEqual(case.state, "to_review")
        self.assertFalse(case.dealer_id)
        self.assertEqual(case.candidate_dealer_ids, self.dealer | self.other_dealer)
        # seen where one of the two may sell: that one explains it
        self.assertEqual(self._record_check("ZJ-2603-A", self.jiangsu).trace_result, "covered")

    def test_a_dealer_without_territory_never_causes_a_case(self):
        self.dealer.dealer_territory_ids = False
        self.assertEqual(self._record_check("ZJ-2603-A", self.shanghai).trace_result, "covered")
        self.assertFalse(self._cases())

    def test_an_archived_territory_still_binds_its_dealers(self):
        self.east.with_user(self.manager).action_archive()
        self.assertEqual(self._record_check("ZJ-2603-A", self.jiangsu).trace_result, "case")
        self.assertEqual(self._record_check("ZJ-2603-A", self.zhejiang).trace_result, "covered")

    def test_deliveries_to_a_dealers_contact_count_for_the_dealer(self):
        contact = self.env["res.partner"].create(
            {"name": "Warehouse Li", "parent_id": self.dealer.id}
        )
        lot = self._lot("ZJ-2603-B")
        self._deliver(contact, lot, 2)
        case = self._record_check("ZJ-2603-B", self.jiangsu).sudo().diversion_case_ids
        self.assertEqual(case.dealer_id, self.dealer)

    def test_deliveries_are_counted_net_of_returns(self):
        self._return(self.delivery, 10)
        other = self._deliver(self.other_dealer, self.lot, 5)
        case = self._record_check("ZJ-2603-A", self.shanghai).sudo().diversion_case_ids
        self.assertEqual(case.state, "draft")
        self.assertEqual(case.dealer_id, self.other_dealer)
        self._return(other, 5)
        self.assertEqual(self._record_check("ZJ-2603-A", self.shanghai).trace_result, "unknown_lot")

    def test_a_return_after_the_case_leaves_it_standing_and_shows_it(self):
        check = self._record_check("ZJ-2603-A", self.jiangsu)
        case = check.sudo().diversion_case_ids
        with freeze_time("2026-03-20"):
            self._return(self.delivery, 6)
        case.invalidate_recordset()
        self.assertRecordValues(case, [{"state": "draft", "dealer_id": self.dealer.id}])
        self.assertEqual(case.with_user(self.manager).lot_returned_qty, 6.0)
        self.assertEqual(check.trace_result, "case")

    def test_a_lot_without_province_is_refused_and_nothing_saved(self):
        checks = self.env["dealer.price.check"].search_count([])
        with self.assertRefused(ValidationError, "province"):
            self.env["dealer.price.check"].with_user(self.salesman).create(
                {"product_id": self.tea.id, "price": 100, "lot_name": "ZJ-2603-A"}
            )
        self.assertEqual(self.env["dealer.price.check"].search_count([]), checks)
        self.assertFalse(self._cases())

    def test_a_check_without_dealer_nor_lot_is_refused(self):
        with self.assertRefused(ValidationError, "names the dealer, or the lot code"):
            self.env["dealer.price.check"].with_user(self.salesman).create(
                {"product_id": self.tea.id, "price": 100}
            )

    def test_a_lot_code_of_another_product_is_refused_and_nothing_saved(self):
        checks = self.env["dealer.price.check"].search_count([])
        with self.assertRefused(ValidationError, "is a lot of Green Tea, not of Rice Bag"):
            self.env["dealer.price.check"].with_user(self.salesman).create(
                {
                    "product_id": self.rice.id,
                    "price": 50,
                    "lot_name": "ZJ-2603-A",
                    "place_state_id": self.jiangsu.id,
                }
            )
        self.assertEqual(self.env["dealer.price.check"].search_count([]), checks)
        self.assertFalse(self._cases())

    def test_a_check_in_another_company_is_refused(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        checks = self.env["dealer.price.check"].search_count([])
        with self.assertRaises(AccessError):
            self.env["dealer.price.check"].with_user(self.salesman).create(
                {
                    "product_id": self.tea.id,
                    "price": 100,
                    "lot_name": "ZJ-2603-A",
                    "place_state_id": self.jiangsu.id,
                    "company_id": other_company.id,
                }
            )
        self.assertEqual(self.env["dealer.price.check"].search_count([]), checks)

    def test_a_check_in_another_company_does_not_see_this_companys_deliveries(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        self.manager.company_ids |= other_company
        check = (
            self.env["dealer.price.check"]
            .with_user(self.manager)
            .with_company(other_company)
            .create(
                {
                    "product_id": self.tea.id,
                    "price": 100,
                    "lot_name": "ZJ-2603-A",
                    "place_state_id": self.jiangsu.id,
                }
            )
        )
        self.assertEqual(check.company_id, other_company)
        self.assertEqual(check.trace_result, "unknown_lot")
        self.assertFalse(self._cases())

    def test_the_trace_result_and_cases_are_not_the_clients_to_write(self):
        check = self._record_check("ZJ-2603-A", self.zhejiang)
        for vals in (
            {"trace_result": "unknown_lot"},
            {"diversion_case_ids": [Command.clear()]},
        ):
            with self.subTest(vals=vals), self.assertRefused(UserError, "set by the trace"):
                check.with_user(self.manager).write(vals)
        self.assertEqual(check.trace_result, "covered")

    def test_a_salesperson_cannot_make_an_open_case_vanish_by_editing_the_check(self):
        check = self._record_check("ZJ-2603-A", self.jiangsu)
        case = check.sudo().diversion_case_ids
        for vals in (
            {"place_state_id": self.zhejiang.id},
            {"lot_name": "NO-SUCH-LOT"},
            {"qty": 1},
            {"date": "2026-03-01"},
        ):
            with self.subTest(vals=vals), self.assertRefused(UserError, "only a dealer manager"):
                check.with_user(self.salesman).write(vals)
        self.assertRecordValues(check, [{"place_state_id": self.jiangsu.id, "qty": 3.0}])
        self.assertEqual(check.sudo().diversion_case_ids, case)
        self.assertEqual(case.state, "draft")
        # what a form sends back unchanged, and what the trace does not read, may be saved
        check.with_user(self.salesman).write(
            {"place_state_id": self.jiangsu.id, "place_city": "Wuxi", "location": "Wuxi Mart"}
        )
        self.assertEqual(check.sudo().diversion_case_ids, case)

    def test_a_dealer_manager_changing_the_place_of_an_open_case_traces_again(self):
        check = self._record_check("ZJ-2603-A", self.jiangsu)
        check.with_user(self.manager).place_state_id = self.zhejiang
        self.assertEqual(check.trace_result, "covered")
        self.assertFalse(self._cases())
        check.with_user(self.manager).place_state_id = self.shanghai
        self.assertEqual(check.sudo().diversion_case_ids.place_state_id, self.shanghai)
        # without a case, the salesperson corrects a check freely
        covered = self._record_check("ZJ-2603-A", self.zhejiang)
        covered.with_user(self.salesman).place_state_id = self.jiangsu
        self.assertEqual(covered.trace_result, "case")

    def test_a_decided_case_freezes_what_its_check_saw(self):
        check = self._record_check("ZJ-2603-A", self.jiangsu)
        check.sudo().diversion_case_ids.with_user(self.manager).action_confirm()
        for who in (self.salesman, self.manager):
            with self.subTest(who=who.login), self.assertRefused(UserError, "has decided"):
                check.with_user(who).write({"place_state_id": self.zhejiang.id})
        self.assertEqual(check.place_state_id, self.jiangsu)
        with self.assertRefused(UserError, "is its evidence"):
            check.with_user(self.manager).unlink()

    def test_the_trace_costs_the_same_queries_for_one_or_many_deliveries(self):
        few = self._lot("FEW-1")
        self._deliver(self.dealer, few, 1)
        many = self._lot("MANY-1")
        for _i in range(12):
            self._deliver(self.dealer, many, 1)
            self._deliver(self.dealer, self._lot(f"NOISE-{_i}"), 1)
        Check = self.env["dealer.price.check"].with_user(self.salesman)
        vals = {"product_id": self.tea.id, "price": 100, "place_state_id": self.jiangsu.id}
        # warm the caches (access rights, sequences) as the measured calls run
        for lot_name in ("FEW-1", "MANY-1"):
            self.env.invalidate_all()
            Check.create({**vals, "lot_name": lot_name})
        counts = []
        for lot_name in ("FEW-1", "MANY-1"):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            with self.assertQueryCount(TRACE_QUERIES):
                check = Check.create({**vals, "lot_name": lot_name})
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual(check.trace_result, "case")
        self.assertEqual(counts[0], counts[1])
