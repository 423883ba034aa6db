"""Issue 17: the referral ledger at Odoo's generic partner paths: the merge
wizard, deleting, archiving. The weakest user who could try is a salesperson
allowed to create contacts (Odoo's merge wizard and partner deletion need it)."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, new_test_user

from .common import ReferralCase


@freeze_time("2026-03-01 09:00:00")
class TestReferralPartnerSeams(ReferralCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact_salesman = new_test_user(
            cls.env,
            "ref_seam_salesman",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )
        cls.contact_manager = new_test_user(
            cls.env,
            "ref_seam_manager",
            groups="sales_team.group_sale_manager,base.group_partner_manager",
        )
        for partner in (cls.referrer, cls.other_referrer, cls.customer, cls.customer2):
            partner.user_id = cls.contact_salesman

    def setUp(self):
        super().setUp()
        self.refer(self.customer)
        self.make_order(self.customer, 1000, user=self.contact_salesman)
        self.referral_card = self.card(self.referrer)
        self.lines_before = self.ledger(self.customer)
        self.assertEqual(self.referral_card.points, 100)

    def merge(self, partners, dst, user):
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(user)
            .create({"partner_ids": [Command.set(partners.ids)], "dst_partner_id": dst.id})
        )
        wizard.action_merge()

    def reconcile(self):
        self.env.ref("customer_referral_points.ir_cron_referral_reconcile").method_direct_trigger()
        self.env.invalidate_all()

    def assertLedgerKept(self):
        self.reconcile()
        self.assertTrue(self.customer.exists())
        self.assertEqual(self.customer.referred_by_id, self.referrer)
        self.assertEqual(self.ledger(self.customer), self.lines_before)
        self.assertEqual(self.referral_card.points, 100)
        self.assertBalanced(self.referrer, self.other_referrer)

    def assertLedgerTrue(self):
        check = self.env["res.partner"].with_user(self.contact_manager).referral_ledger_check()
        self.assertEqual(check, {"ledger": [], "cards": []})

    def test_merge_does_not_move_issued_points_to_another_referrer(self):
        self.refer(self.customer2, self.other_referrer)
        with self.assertRefused(AccessError, "only a sales manager merges"):
            self.merge(self.customer | self.customer2, self.customer2, self.contact_salesman)
        self.assertLedgerKept()
        self.assertFalse(self.card(self.other_referrer).points)
        # a sales manager may: the points move, with a line for each side
        self.merge(self.customer | self.customer2, self.customer2, self.contact_manager)
        self.assertFalse(self.customer.exists())
        self.assertEqual(self.referral_card.points, 0)
        self.assertEqual(self.card(self.other_referrer).points, 100)
        self.assertEqual(len(self.ledger(self.customer2, "sales")), 3)
        self.assertLedgerTrue()

    def test_merge_of_a_duplicate_keeps_the_referral_and_its_date(self):
        with freeze_time("2026-05-01 09:00:00"):
            duplicate = self.env["res.partner"].create(
                {"name": "New Customer Zhao (dup)", "user_id": self.contact_salesman.id}
            )
            self.make_order(duplicate, 1000, user=self.contact_salesman)
            self.merge(self.customer | duplicate, duplicate, self.contact_salesman)
        self.assertFalse(self.customer.exists())
        self.assertEqual(duplicate.referred_by_id, self.referrer)
        self.assertEqual(str(duplicate.referral_date), "2026-03-01", "the referral's own date")
        self.assertEqual(self.referral_card.points, 200, "both orders: 2,000")
        lines = self.ledger(duplicate)
        self.assertEqual(
            lines,
            self.lines_before | lines.filtered(lambda line: line.id > max(self.lines_before.ids)),
        )
        self.assertLedgerTrue()
        self.assertBalanced(self.referrer)

    def test_merge_into_an_old_customer_is_refused(self):
        """The kept contact bought before the referral date: it is no new customer."""
        with freeze_time("2025-06-01 09:00:00"):
            old_customer = self.env["res.partner"].create(
                {"name": "Old Zhao", "user_id": self.contact_salesman.id}
            )
            self.make_order(old_customer, 300, user=self.contact_salesman)
        with self.assertRefused(ValidationError, "only new customers"):
            self.merge(self.customer | old_customer, old_customer, self.contact_salesman)
        self.assertLedgerKept()

    def test_merge_of_a_referrers_duplicate_takes_the_card_as_it_is(self):
        duplicate = self.env["res.partner"].create(
            {"name": "Old Customer Wang (dup)", "user_id": self.contact_salesman.id}
        )
        self.merge(self.referrer | duplicate, duplicate, self.contact_salesman)
        self.assertFalse(self.referrer.exists())
        self.assertEqual(self.referral_card.partner_id, duplicate)
        self.assertEqual(self.customer.referred_by_id, duplicate)
        self.assertEqual(self.referral_card.points, 100)
        self.assertEqual(self.ledger(self.customer), self.lines_before, "nothing to move")
        self.assertEqual(self.lines_before.referrer_id, duplicate)
        self.assertLedgerTrue()

    def test_merge_of_two_referral_card_holders_is_refused(self):
        self.refer(self.customer2, self.other_referrer)
        self.make_order(self.customer2, 1000, user=self.contact_salesman)
        with self.assertRefused(UserError, "keeps one card"):
            self.merge(self.referrer | self.other_referrer, self.referrer, self.contact_manager)
        self.assertLedgerKept()
        self.assertEqual(self.card(self.other_referrer).points, 100)

    def test_merge_of_a_referrer_into_its_own_customer_is_refused(self):
        with self.assertRaises(ValidationError):
            self.merge(self.referrer | self.customer, self.customer, self.contact_manager)
        self.assertTrue(self.referrer.exists())
        self.assertLedgerKept()

    def test_referred_customers_and_referrers_are_archived_not_deleted(self):
        self.refer(self.customer2, self.other_referrer)  # no points yet
        for partner in (self.customer, self.referrer, self.other_referrer):
            with self.subTest(partner=partner.name), self.assertRefused(UserError, "archive it"):
                partner.with_user(self.contact_salesman).unlink()
        self.assertEqual(self.customer2.referred_by_id, self.other_referrer)
        self.assertLedgerKept()
        # archived, they keep the ledger as it is
        (self.customer | self.referrer).with_user(self.contact_salesman).action_archive()
        self.assertLedgerKept()
        self.assertLedgerTrue()

    def test_a_referral_card_is_neither_archived_nor_deleted(self):
        with self.assertRefused(UserError, "stays active"):
            self.referral_card.with_user(self.salesman).action_archive()
        with self.assertRefused(UserError, "cannot be deleted"):
            self.referral_card.unlink()
        self.assertTrue(self.referral_card.active)
        self.assertLedgerKept()
        self.assertEqual(len(self.card(self.referrer)), 1, "no second card")
