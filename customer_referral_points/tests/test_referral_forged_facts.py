"""Issue 17: nothing a client can write is trusted as a fact. The totals
Odoo computes (an order's untaxed amount, currency and rate, a line's or a
credit note line's subtotal) are refused when written, and the date and the
customer of a confirmed order of a referred customer are set by its
confirmation. Each test acts as the weakest user who could try, and checks
the refusal and that neither the sync nor the nightly job pays anything."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import freeze_time, new_test_user

from .common import ReferralCase


@freeze_time("2026-03-01 09:00:00")
class TestForgedFacts(ReferralCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.user_id = cls.salesman
        cls.customer2.user_id = cls.salesman
        cls.other_currency = cls.env.ref("base.USD")
        if cls.other_currency == cls.env.company.currency_id:
            cls.other_currency = cls.env.ref("base.EUR")
        cls.other_currency.active = True

    def setUp(self):
        super().setUp()
        self.refer(self.customer)
        self.order = self.make_order(self.customer, 1000)
        self.referral_card = self.card(self.referrer)
        self.lines_before = self.ledger(self.customer)
        self.facts_before = self.facts(self.order)
        self.assertEqual(self.referral_card.points, 100)

    def facts(self, order):
        self.env.invalidate_all()
        return order.read(
            ["amount_untaxed", "amount_total", "currency_id", "currency_rate", "date_order"]
        )[0] | {"subtotals": order.order_line.mapped("price_subtotal")}

    def assertNothingPaid(self, points=100):
        """The sync of the customer and the nightly job find nothing to pay."""
        self.customer._referral_sync()
        self.env.ref("customer_referral_points.ir_cron_referral_reconcile").method_direct_trigger()
        self.env.invalidate_all()
        self.assertEqual(self.referral_card.points, points)
        self.assertEqual(self.ledger(self.customer), self.lines_before)
        self.assertEqual(self.facts(self.order), self.facts_before)
        self.assertBalanced(self.referrer)

    def test_salesperson_cannot_write_the_totals_of_their_confirmed_order(self):
        """The attack of the issue: 100,000,000 points for a sale of 1,000."""
        order = self.order.with_user(self.salesman)
        for vals in (
            {"amount_untaxed": 100_000_000},
            {"amount_total": 100_000_000, "amount_tax": 0},
            {"currency_rate": 0.00001},
            {"currency_id": self.other_currency.id},
        ):
            with self.subTest(vals=vals), self.assertRefused(UserError, "cannot be written"):
                order.write(vals)
        # nor as the customer's one2many, nor as a sales manager
        with self.assertRefused(UserError, "cannot be written"):
            self.customer.with_user(self.salesman).write(
                {"sale_order_ids": [Command.update(order.id, {"amount_untaxed": 1e8})]}
            )
        with self.assertRefused(UserError, "cannot be written"):
            self.order.with_user(self.manager).amount_untaxed = 1e8
        self.assertNothingPaid()

    def test_the_currency_of_an_order_the_rules_do_not_read_stays_odoos(self):
        """Odoo's own flows change the currency of a confirmed order; only a
        referred customer's is the ledger's."""
        stranger = self.env["res.partner"].create({"name": "Not Referred"})
        order = self.make_order(stranger, 1000)
        order.with_user(self.salesman).currency_id = self.other_currency
        self.assertEqual(order.currency_id, self.other_currency)
        self.assertNothingPaid()

    def test_the_stored_totals_written_back_unchanged_pass(self):
        """An export imported back sends the totals as they are."""
        order = self.order.with_user(self.salesman)
        order.write({"amount_untaxed": order.amount_untaxed, "currency_rate": order.currency_rate})
        self.assertNothingPaid()

    def test_line_totals_are_refused_directly_and_through_the_order(self):
        line = self.order.order_line.with_user(self.salesman)
        with self.assertRefused(UserError, "cannot be written"):
            line.write({"price_subtotal": 1e8})
        with self.assertRefused(UserError, "cannot be written"):
            self.order.with_user(self.salesman).write(
                {
                    "order_line": [
                        Command.update(line.id, {"price_subtotal": 1e8, "price_total": 1e8})
                    ]
                }
            )
        self.assertNothingPaid()

    def test_an_import_of_a_forged_total_saves_nothing(self):
        result = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .load([".id", "amount_untaxed"], [[str(self.order.id), "100000000"]])
        )
        self.assertFalse(result["ids"])
        self.assertIn("cannot be written", result["messages"][0]["message"])
        self.assertNothingPaid()

    def test_totals_given_at_creation_are_computed_not_taken(self):
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "amount_untaxed": 5_000_000,
                    "currency_rate": 0.00001,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "price_unit": 10,
                                "price_subtotal": 7_000_000,
                            }
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        self.assertEqual(order.amount_untaxed, 10)
        self.assertEqual(order.currency_rate, 1)
        self.assertNothingPaid(points=100)  # 1,010: still one step

    def test_salesperson_cannot_move_a_late_order_into_the_window(self):
        with freeze_time("2027-06-01 09:00:00"):
            late = self.make_order(self.customer, 5000)
        self.assertEqual(self.referral_card.points, 100, "after the 365 days: not counted")
        with self.assertRefused(UserError, "only a sales manager"):
            late.with_user(self.salesman).date_order = "2026-06-01 09:00:00"
        self.assertEqual(late.date_order.year, 2027)
        self.assertNothingPaid()
        # a sales manager corrects a date, and the points follow
        late.with_user(self.manager).date_order = "2026-06-01 09:00:00"
        self.assertEqual(self.referral_card.points, 600)
        self.assertBalanced(self.referrer)

    def test_an_order_is_confirmed_by_its_button_which_dates_it(self):
        quotation = self.make_order(self.customer, 2000, confirm=False)
        with self.assertRefused(UserError, "Confirm button"):
            quotation.with_user(self.salesman).write(
                {"state": "sale", "date_order": "2026-12-01 09:00:00"}
            )
        self.assertEqual(quotation.state, "draft")
        with self.assertRefused(UserError, "Confirm button"):
            self.env["sale.order"].with_user(self.salesman).create(
                {
                    "partner_id": self.customer.id,
                    "state": "sale",
                    "date_order": "2026-12-01 09:00:00",
                    "order_line": [
                        Command.create({"product_id": self.product.id, "price_unit": 5000})
                    ],
                }
            )
        self.assertEqual(
            self.env["sale.order"].search_count([("partner_id", "=", self.customer.id)]), 2
        )
        self.assertNothingPaid()
        quotation.with_user(self.salesman).action_confirm()
        self.assertEqual(str(quotation.date_order), "2026-03-01 09:00:00")
        self.assertEqual(self.referral_card.points, 300)

    def test_a_confirmed_sale_is_not_moved_to_a_referred_customer(self):
        other_sale = self.make_order(self.customer2, 5000)
        with self.assertRefused(UserError, "only a sales manager"):
            other_sale.with_user(self.salesman).partner_id = self.customer
        self.assertEqual(other_sale.partner_id, self.customer2)
        self.assertNothingPaid()

    def test_the_attended_date_of_a_registration_is_not_read(self):
        """Attendance is dated by the event's start: the registration's own
        attended date is writable and ignored."""
        late_event = self.event.copy(
            {"date_begin": "2027-06-01 10:00:00", "date_end": "2027-06-01 18:00:00"}
        )
        registration = self.attend(self.customer, late_event)
        registration.with_user(self.salesman).date_closed = "2026-06-01 10:00:00"
        self.assertFalse(self.ledger(self.customer, "attendance").filtered("issued"))
        self.assertNothingPaid()


@freeze_time("2026-03-01 09:00:00")
class TestForgedCreditNotes(ReferralCase):
    def setUp(self):
        super().setUp()
        self.biller = new_test_user(
            self.env,
            "ref_forge_biller",
            groups="sales_team.group_sale_salesman,account.group_account_invoice",
        )
        self.refer(self.customer)
        self.order = self.make_order(self.customer, 2000)
        invoice = self.order._create_invoices()
        invoice.action_post()
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"reason": "returned", "journal_id": invoice.journal_id.id})
        )
        self.credit_note = self.env["account.move"].browse(wizard.refund_moves()["res_id"])
        self.credit_note.action_post()
        self.assertEqual(self.referrer.referral_points, 0)
        self.lines_before = self.ledger(self.customer)

    def reconcile(self):
        self.env.ref("customer_referral_points.ir_cron_referral_reconcile").method_direct_trigger()
        self.env.invalidate_all()

    def test_billing_user_cannot_write_a_credit_note_lines_subtotal(self):
        line = self.credit_note.invoice_line_ids.with_user(self.biller)
        with self.assertRefused(UserError, "cannot be written"):
            line.write({"price_subtotal": -1_000_000})
        self.assertEqual(line.price_subtotal, 2000)
        self.reconcile()
        self.assertEqual(self.referrer.referral_points, 0)
        self.assertEqual(self.ledger(self.customer), self.lines_before)

    def test_a_credit_note_never_adds_sales(self):
        """Changed behind the application, a credit note line still only
        takes off: at most the order's own amount counts."""
        self.env.cr.execute(
            "UPDATE account_move_line SET price_subtotal = -1000000 WHERE id IN %s",
            [tuple(self.credit_note.invoice_line_ids.ids)],
        )
        self.env.invalidate_all()
        self.reconcile()
        self.assertEqual(self.referrer.referral_points, 200, "the order's 2,000, not 1,002,000")
        self.assertBalanced(self.referrer)
