from datetime import datetime

from odoo.exceptions import ValidationError
from odoo.tests import Form, freeze_time

from .common import ReferralCase


@freeze_time("2026-03-01 09:00:00")
class TestReferralBadInput(ReferralCase):
    def assertNothingWritten(self, partner, referrer):
        """No referrer, no date, no card for the refused referrer, no ledger."""
        self.env.invalidate_all()
        self.assertFalse(partner.referred_by_id)
        self.assertFalse(partner.referral_date)
        self.assertFalse(self.card(referrer))
        self.assertFalse(
            self.env["loyalty.history"].search([("referred_partner_id", "=", partner.id)])
        )

    def test_self_referral(self):
        with self.assertRefused(ValidationError, "cannot refer themselves"):
            self.refer(self.customer, self.customer)
        self.assertNothingWritten(self.customer, self.customer)

    def test_self_referral_through_the_form(self):
        form = Form(self.customer.with_user(self.salesman))
        form.referred_by_id = self.customer
        with self.assertRefused(ValidationError, "cannot refer themselves"):
            form.save()
        self.assertNothingWritten(self.customer, self.customer)

    def test_two_customer_cycle(self):
        self.refer(self.customer, self.referrer)
        with self.assertRefused(ValidationError, "referral cycle"):
            self.refer(self.referrer, self.customer)
        self.assertNothingWritten(self.referrer, self.customer)

    def test_long_cycle(self):
        chain = self.env["res.partner"].create([{"name": f"Chain {i}"} for i in range(5)])
        for referred, referrer in zip(chain[1:], chain[:-1], strict=True):
            self.refer(referred, referrer)
        with self.assertRefused(ValidationError, "referral cycle"):
            self.refer(chain[0], chain[-1])
        self.assertNothingWritten(chain[0], chain[-1])

    def test_customer_with_earlier_confirmed_sales(self):
        with freeze_time("2026-02-01 09:00:00"):
            self.make_order(self.customer, 50)
        with self.assertRefused(ValidationError, "only new customers"):
            self.refer(self.customer)
        self.assertNothingWritten(self.customer, self.referrer)

    def test_customer_who_attended_an_event_before(self):
        past = self.event.copy(
            {"date_begin": datetime(2026, 1, 5, 10, 0), "date_end": datetime(2026, 1, 5, 18, 0)}
        )
        self.attend(self.customer, past)
        with self.assertRefused(ValidationError, "only new customers"):
            self.refer(self.customer)
        self.assertNothingWritten(self.customer, self.referrer)

    def test_backdating_the_referral_before_an_event_attended_is_refused(self):
        self.refer(self.customer)
        self.attend(self.customer)
        with self.assertRefused(ValidationError, "only new customers"):
            self.customer.with_user(self.manager).referral_date = "2026-03-11"
        self.assertEqual(str(self.customer.referral_date), "2026-03-01")

    def test_cancelled_or_quoted_sales_do_not_make_a_customer_old(self):
        with freeze_time("2026-02-01 09:00:00"):
            self.make_order(self.customer, 50, confirm=False)
            self.make_order(self.customer, 50)._action_cancel()
        self.refer(self.customer)
        self.assertEqual(self.customer.referred_by_id, self.referrer)

    def test_zero_or_negative_program_amounts(self):
        for fname in (
            "referral_attendance_points",
            "referral_sales_points",
            "referral_sales_step",
            "referral_validity_days",
        ):
            for value in (0, -10):
                with self.subTest(field=fname, value=value):
                    before = self.program[fname]
                    with (
                        self.assertRefused(ValidationError, "needs a positive"),
                        Form(self.program.with_user(self.manager)) as form,
                    ):
                        setattr(form, fname, value)
                    self.program.invalidate_recordset()
                    self.assertEqual(self.program[fname], before)

    def test_second_active_referral_program_in_a_company(self):
        Program = self.env["loyalty.program"].with_user(self.manager)
        count = Program.search_count([("is_referral_program", "=", True)])
        with self.assertRefused(ValidationError, "already has an active referral program"):
            Program.create(
                {"name": "Second referral", "program_type": "loyalty", "is_referral_program": True}
            )
        self.assertEqual(Program.search_count([("is_referral_program", "=", True)]), count)
        archived = Program.create(
            {"name": "Next year's referral", "program_type": "loyalty", "active": False}
        )
        archived.is_referral_program = True
        with self.assertRefused(ValidationError, "already has an active referral program"):
            archived.active = True
        self.assertFalse(archived.active)

    def test_second_active_referral_program_shared_by_all_companies(self):
        Program = self.env["loyalty.program"].with_user(self.manager)
        vals = {
            "program_type": "loyalty",
            "is_referral_program": True,
            "company_id": False,
            "currency_id": self.env.company.currency_id.id,
        }
        Program.create({**vals, "name": "Shared referral"})
        with self.assertRefused(ValidationError, "shared by all companies"):
            Program.create({**vals, "name": "Second shared referral"})
        self.assertFalse(Program.search([("name", "=", "Second shared referral")]))

    def test_another_company_may_have_its_own(self):
        other = self.env["res.company"].create({"name": "Referral Branch"})
        program = self.env["loyalty.program"].create(
            {
                "name": "Branch referral",
                "program_type": "loyalty",
                "is_referral_program": True,
                "company_id": other.id,
            }
        )
        self.assertTrue(program.active)
