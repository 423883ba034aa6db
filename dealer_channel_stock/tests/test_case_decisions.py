from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, freeze_time

from .common import StockDealerCase


@freeze_time("2026-03-16")
class TestCaseDecisions(StockDealerCase):
    """A dealer manager picks the origin of an ambiguous case, then confirms it
    (a penalty the invoicing carries) or waives it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot = cls._lot("ZJ-2603-A")
        cls._deliver(cls.dealer, cls.lot, 10)
        cls.shared = cls._lot("TWO-2603")
        cls._deliver(cls.dealer, cls.shared, 5)
        cls._deliver(cls.other_dealer, cls.shared, 5)

    def _case(self, lot_name, place, qty=3.0):
        check = self._record_check(lot_name, place, qty=qty)
        return check.sudo().diversion_case_ids.with_user(self.manager)

    def test_the_manager_picks_the_origin_among_the_candidates(self):
        case = self._case("TWO-2603", self.shanghai)
        self.assertEqual(case.state, "to_review")
        with Form(case) as form:
            form.dealer_id = self.other_dealer
        self.assertRecordValues(case, [{"state": "draft", "dealer_id": self.other_dealer.id}])

    def test_an_origin_outside_the_candidates_is_refused(self):
        case = self._case("TWO-2603", self.shanghai)
        stranger = self.env["res.partner"].create(
            {"name": "Stranger Dealer", "is_dealer": True, "is_company": True}
        )
        with self.assertRefused(ValidationError, "is not among the dealers"):
            case.write({"dealer_id": stranger.id})
        self.assertRecordValues(case, [{"state": "to_review", "dealer_id": False}])

    def test_a_case_to_review_cannot_be_confirmed_before_its_origin_is_picked(self):
        case = self._case("TWO-2603", self.shanghai)
        with self.assertRefused(UserError, "origin dealer is known"):
            case.action_confirm()
        self.assertFalse(case.violation_id)

    def test_confirming_records_a_diversion_penalty_that_is_invoiced(self):
        case = self._case("ZJ-2603-A", self.jiangsu, qty=3)
        case.penalty_amount = 45.0
        case.action_confirm()
        violation = case.violation_id
        self.assertRecordValues(
            violation,
            [
                {
                    "dealer_id": self.dealer.id,
                    "product_id": self.tea.id,
                    "source": "diversion",
                    "source_ref": case.name,
                    "diversion_case_id": case.id,
                    "penalty_amount": 45.0,
                    # the manager reviewed the penalty on the case: no second review
                    "state": "confirmed",
                }
            ],
        )
        self.assertEqual(case.state, "confirmed")
        self.assertIn(violation, self.dealer.with_user(self.manager).dealer_violation_ids)
        action = violation.with_user(self.manager).action_invoice_penalties()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.partner_id, self.dealer)
        self.assertEqual(invoice.amount_untaxed, 45.0)
        self.assertIn("ZJ-2603-A", invoice.invoice_line_ids.name)
        self.assertIn("Cross-territory", invoice.invoice_line_ids.name)

    def test_waiving_records_no_penalty(self):
        case = self._case("ZJ-2603-A", self.jiangsu)
        violations = self.env["dealer.price.violation"].search_count([])
        case.action_waive()
        self.assertEqual(case.state, "waived")
        self.assertEqual(self.env["dealer.price.violation"].search_count([]), violations)

    def test_waiving_a_confirmed_case_waives_its_penalty(self):
        case = self._case("ZJ-2603-A", self.jiangsu)
        case.action_confirm()
        case.action_waive()
        self.assertEqual(case.violation_id.state, "waived")

    def test_a_decided_case_is_frozen_and_kept(self):
        case = self._case("ZJ-2603-A", self.jiangsu)
        case.action_confirm()
        with self.assertRefused(UserError, "Decided cases cannot be changed"):
            case.write({"penalty_amount": 1.0})
        self.assertEqual(case.penalty_amount, 60.0)
        with self.assertRefused(UserError, "is kept"):
            case.unlink()
        with self.assertRefused(UserError, "come from the market check"):
            case.write({"state": "draft"})

    def test_a_negative_penalty_is_refused(self):
        case = self._case("ZJ-2603-A", self.jiangsu)

        def negative_case():
            case.penalty_amount = -60

        def negative_rate():
            self.company.dealer_diversion_penalty_per_unit = -20

        self.assertRefusedByDatabase(negative_case, "cannot be negative")
        self.assertEqual(case.penalty_amount, 60.0)
        self.assertRefusedByDatabase(negative_rate, "cannot be negative")
        self.assertEqual(self.company.dealer_diversion_penalty_per_unit, 20.0)

    def test_a_dealer_with_cases_is_archived_not_deleted(self):
        self._case("ZJ-2603-A", self.jiangsu)
        with self.assertRefused(UserError, "has cross-territory cases"):
            self.dealer.unlink()
        self.assertTrue(self.dealer.exists())
