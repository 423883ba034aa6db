import base64

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time

from .common import TODAY, DealerCase


@freeze_time(TODAY)
class TestViolation(DealerCase):
    def _check(self, dealer, product, price, qty=1, user=None):
        with Form(self.env["dealer.price.check"].with_user(user or self.salesman)) as form:
            form.dealer_id = dealer
            form.product_id = product
            form.price = price
            form.qty = qty
            form.attachment = base64.b64encode(b"photo of the shelf label")
        return form.record

    def test_market_check_below_the_floor_creates_a_violation(self):
        check = self._check(self.dealer, self.tea, 70, qty=12)
        violation = check.violation_id
        self.assertEqual(violation.dealer_id, self.dealer)
        self.assertEqual(violation.source, "market_check")
        self.assertEqual(violation.shortfall, 120)  # (80 - 70) × 12
        self.assertEqual(violation.penalty_amount, 120)
        self.assertEqual(violation.state, "draft")
        self.assertTrue(check.attachment)
        # the salesperson sees the violation but cannot act on it
        self.assertEqual(violation.with_user(self.salesman).state, "draft")

    def test_market_check_at_or_above_the_floor_creates_nothing(self):
        self.assertFalse(self._check(self.dealer, self.tea, 80).violation_id)
        self.assertFalse(self._check(self.dealer, self.rice, 1).violation_id)  # no floor

    def test_a_check_is_named_by_its_dealer_and_product(self):
        # the violation's and the case's forms link the check by this name
        check = self._check(self.dealer, self.tea, 90)
        self.assertEqual(check.display_name, f"{self.dealer.name} / {self.tea.display_name}")

    def test_a_price_check_with_a_negative_price_or_no_quantity_is_refused(self):
        for price, qty in ((-1, 1), (70, 0)):
            with self.assertRefused(ValidationError, "quantity above zero"):
                self.env["dealer.price.check"].with_user(self.salesman).create(
                    {
                        "dealer_id": self.dealer.id,
                        "product_id": self.tea.id,
                        "price": price,
                        "qty": qty,
                    }
                )
        self.assertFalse(
            self.env["dealer.price.violation"].search([("dealer_id", "=", self.dealer.id)])
        )

    def test_the_manager_may_lower_the_penalty(self):
        violation = self._check(self.dealer, self.tea, 70, qty=12).violation_id
        with Form(violation.with_user(self.manager)) as form:
            self.assertEqual(form.penalty_amount, 120)
            form.penalty_amount = 60
        self.assertEqual(violation.shortfall, 120)
        self.assertEqual(violation.penalty_amount, 60)

    def test_a_negative_penalty_is_refused(self):
        violation = self._check(self.dealer, self.tea, 70, qty=12).violation_id

        def negative():
            violation.with_user(self.manager).penalty_amount = -50

        self.assertRefusedByDatabase(negative, "cannot be negative")
        self.assertEqual(violation.penalty_amount, 120)

    def test_salespeople_cannot_confirm_waive_or_invoice(self):
        violation = self._check(self.dealer, self.tea, 70).violation_id
        as_rep = violation.with_user(self.salesman)
        for action in (as_rep.action_confirm, as_rep.action_waive, as_rep.action_invoice_penalties):
            with self.assertRaises(AccessError):
                action()
        with self.assertRaises(AccessError):
            as_rep.write({"state": "confirmed"})
        self.assertEqual(violation.state, "draft")

    def test_confirm_and_waive(self):
        first = self._check(self.dealer, self.tea, 70).violation_id
        second = self._check(self.dealer, self.tea, 75).violation_id
        (first | second).with_user(self.manager).action_confirm()
        self.assertEqual(self.dealer.dealer_penalty_total, 15)
        second.with_user(self.manager).action_waive()
        self.assertEqual(second.state, "waived")
        self.assertEqual(self.dealer.dealer_penalty_total, 10)
        with self.assertRefused(UserError, "Only violations to review can be confirmed"):
            second.with_user(self.manager).action_confirm()

    def test_invoicing_makes_one_draft_invoice_per_dealer_with_a_line_per_violation(self):
        checks = [
            self._check(self.dealer, self.tea, 70, qty=2),
            self._check(self.dealer, self.tea, 40, qty=1),
            self._check(self.other_dealer, self.tea, 79, qty=5, user=self.manager),
        ]
        violations = self.env["dealer.price.violation"].union(*(c.violation_id for c in checks))
        violations.with_user(self.manager).action_confirm()
        action = violations.with_user(self.manager).action_invoice_penalties()
        invoices = violations.invoice_id
        self.assertEqual(len(invoices), 2)
        self.assertEqual(set(violations.mapped("state")), {"invoiced"})
        self.assertEqual(self.env["account.move"].search(action["domain"]), invoices)
        mine = invoices.filtered(lambda m: m.partner_id == self.dealer)
        self.assertEqual(mine.move_type, "out_invoice")
        self.assertEqual(mine.state, "draft")
        self.assertEqual(len(mine.invoice_line_ids), 2)
        self.assertEqual(
            mine.invoice_line_ids.product_id,
            self.env.ref("dealer_channel_control.product_dealer_penalty"),
        )
        self.assertEqual(sorted(mine.invoice_line_ids.mapped("price_subtotal")), [20, 40])
        self.assertFalse(mine.invoice_line_ids.tax_ids)
        self.assertEqual(mine.amount_total, 60)
        theirs = invoices - mine
        self.assertEqual(theirs.amount_total, 5)

    def test_only_confirmed_violations_are_invoiced(self):
        violation = self._check(self.dealer, self.tea, 70).violation_id
        with self.assertRefused(UserError, "Only confirmed violations can be invoiced"):
            violation.with_user(self.manager).action_invoice_penalties()
        self.assertFalse(violation.invoice_id)
        self.assertFalse(self.env["account.move"].search([("partner_id", "=", self.dealer.id)]))
