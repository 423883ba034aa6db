from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time

from .common import TODAY, DealerEnforcementCase


@freeze_time(TODAY)
class TestPriceCheckEnforcement(DealerEnforcementCase):
    """A market check is the evidence of a fine: its author and violation are the
    server's, and it is frozen once it raised one."""

    def _check(self, user, price, **vals):
        return (
            self.env["dealer.price.check"]
            .with_user(user)
            .create(
                {
                    "dealer_id": self.dealer.id,
                    "product_id": self.tea.id,
                    "price": price,
                    "qty": 10,
                    **vals,
                }
            )
        )

    def _checks(self):
        return self.env["dealer.price.check"].search([("dealer_id", "=", self.dealer.id)])

    def _violations(self):
        return self.env["dealer.price.violation"].search([("dealer_id", "=", self.dealer.id)])

    def test_the_client_does_not_set_the_violation(self):
        other = self._check(self.manager, 70)  # a real violation, to point at
        violation = other.violation_id
        self.assertTrue(violation)
        with self.assertRefused(UserError, "recorded by the check itself"):
            self._check(self.salesman, 95, violation_id=violation.id)
        with self.assertRefused(UserError, "recorded by the check itself"):
            self._check(self.salesman, 70, violation_id=False)
        self.assertEqual(self._checks(), other)
        clean = self._check(self.salesman, 95)
        for user in (self.salesman, self.manager):
            with self.assertRefused(UserError, "recorded by the check itself"):
                clean.with_user(user).write({"violation_id": violation.id})
        clean.invalidate_recordset()
        self.assertFalse(clean.violation_id)
        self.assertEqual(self._violations(), violation)

    def test_a_salesperson_records_checks_as_themselves(self):
        with self.assertRefused(UserError, "as yourself"):
            self._check(self.salesman, 95, user_id=self.other_rep.id)
        self.assertFalse(self._checks())
        check = self._check(self.salesman, 95, user_id=self.salesman.id)
        self.assertEqual(check.user_id, self.salesman)
        with self.assertRefused(UserError, "as yourself"):
            check.write({"user_id": self.other_rep.id})
        check.invalidate_recordset()
        self.assertEqual(check.user_id, self.salesman)
        # a dealer manager records one for a colleague
        theirs = self._check(self.manager, 95, user_id=self.salesman.id, date="2026-03-15")
        self.assertEqual(theirs.user_id, self.salesman)

    def test_a_check_that_raised_a_violation_is_frozen(self):
        check = self._check(self.salesman, 70)
        violation = check.violation_id
        self.assertEqual(violation.shortfall, 100)
        for user in (self.salesman, self.manager):
            for vals in ({"price": 95}, {"qty": 1}, {"date": "2026-03-01"}, {"location": "Shop"}):
                with self.assertRefused(UserError, "can no longer be changed"):
                    check.with_user(user).write(vals)
        with self.assertRefused(UserError, "cannot be deleted"):
            check.with_user(self.manager).unlink()
        check.invalidate_recordset()
        self.assertTrue(check.exists())
        self.assertEqual((check.price, check.qty, check.location), (70, 10, False))
        self.assertEqual(violation.price, 70)

    def test_lowering_the_price_of_a_check_below_the_floor_raises_the_violation(self):
        check = self._check(self.salesman, 95)
        self.assertFalse(check.violation_id)
        check.write({"price": 75})
        self.assertTrue(check.violation_id)
        self.assertEqual(check.violation_id.shortfall, 50)
        self.assertEqual(check.violation_id.source, "market_check")

    def test_the_floor_is_not_written_through_a_check(self):
        check = self._check(self.salesman, 95)
        with self.assertRefused(UserError, "cannot be written directly"):
            check.write({"floor_price": 1})
        with self.assertRefused(UserError, "cannot be written directly"):
            self._check(self.salesman, 70, floor_price=1)
        self.assertEqual(self.tea.dealer_floor_price, 80)
        self.assertEqual(self._checks(), check)

    def test_plain_sales_users_record_no_checks(self):
        with self.assertRaises(AccessError):
            self._check(self.plain_rep, 70)
        self.assertFalse(self._checks())
