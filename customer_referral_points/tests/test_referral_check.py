"""res.partner.referral_ledger_check(): the nightly reconcile's own check,
reporting what it would correct and writing nothing (issue 12's load test
calls it after a run)."""

import json

from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user

from .common import ReferralCase


@freeze_time("2026-03-01 09:00:00")
class TestReferralLedgerCheck(ReferralCase):
    def check(self, user=None):
        self.env.invalidate_all()
        return self.env["res.partner"].with_user(user or self.manager).referral_ledger_check()

    def written(self):
        """What a check must not change: the referral ledger and the cards."""
        self.env.flush_all()
        self.env.cr.execute("SELECT count(*) FROM loyalty_history")
        lines = self.env.cr.fetchone()[0]
        self.env.cr.execute("SELECT id, points FROM loyalty_card ORDER BY id")
        return lines, self.env.cr.fetchall()

    def run_reconcile(self):
        self.env.ref("customer_referral_points.ir_cron_referral_reconcile").method_direct_trigger()

    def test_nothing_to_report_when_the_ledger_follows_the_documents(self):
        self.refer(self.customer)
        self.refer(self.customer2, self.other_referrer)
        order = self.make_order(self.customer, 1500)
        self.make_order(self.customer2, 2000)
        self.attend(self.customer)
        order.with_user(self.salesman)._action_cancel()
        self.assertEqual(self.check(), {"ledger": [], "cards": []})

    def test_reports_what_changed_behind_the_orm_without_writing(self):
        self.refer(self.customer)
        self.refer(self.customer2)
        order = self.make_order(self.customer, 1000)
        self.make_order(self.customer2, 3000)
        card = self.card(self.referrer)
        self.env.flush_all()
        self.env.cr.execute("UPDATE sale_order SET state = 'cancel' WHERE id = %s", [order.id])
        self.env.cr.execute("UPDATE loyalty_card SET points = 9999 WHERE id = %s", [card.id])
        before = self.written()
        result = self.check()
        self.assertEqual(
            result,
            {
                "ledger": [
                    {
                        "card_id": card.id,
                        "referrer_id": self.referrer.id,
                        "referred_partner_id": self.customer.id,
                        "rule": "sales",
                        "difference": -100.0,
                    }
                ],
                "cards": [
                    {
                        "card_id": card.id,
                        "referrer_id": self.referrer.id,
                        "points": 9999.0,
                        "ledger": 400.0,
                    }
                ],
            },
        )
        json.dumps(result)  # what JSON-RPC returns to a load test
        self.assertEqual(self.written(), before, "the check writes nothing")
        # the reconcile corrects exactly what the check reported
        self.run_reconcile()
        self.assertEqual(self.check(), {"ledger": [], "cards": []})
        self.assertEqual(self.referrer.referral_points, 300)
        self.assertBalanced(self.referrer)

    def test_a_referrer_without_a_card_is_reported_on_no_card(self):
        """A referral written in SQL (an import, a migration): no card yet; the
        check creates none, the reconcile does."""
        self.make_order(self.customer, 1200)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET referred_by_id = %s, referral_date = '2026-03-01' "
            "WHERE id = %s",
            [self.other_referrer.id, self.customer.id],
        )
        before = self.written()
        self.assertEqual(
            self.check()["ledger"],
            [
                {
                    "card_id": False,
                    "referrer_id": self.other_referrer.id,
                    "referred_partner_id": self.customer.id,
                    "rule": "sales",
                    "difference": 100.0,
                }
            ],
        )
        self.assertEqual(self.written(), before)
        self.assertFalse(self.card(self.other_referrer))
        self.run_reconcile()
        self.assertEqual(self.other_referrer.referral_points, 100)
        self.assertEqual(self.check(), {"ledger": [], "cards": []})

    def test_a_removed_referrer_is_reported_on_the_former_referrers_card(self):
        self.refer(self.customer)
        self.make_order(self.customer, 1000)
        card = self.card(self.referrer)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET referred_by_id = NULL, referral_date = NULL WHERE id = %s",
            [self.customer.id],
        )
        self.assertEqual(
            [
                (line["card_id"], line["referrer_id"], line["difference"])
                for line in self.check()["ledger"]
            ],
            [(card.id, self.referrer.id, -100.0)],
        )
        self.run_reconcile()
        self.assertEqual(self.referrer.referral_points, 0)
        self.assertEqual(self.check(), {"ledger": [], "cards": []})

    def test_a_night_with_nothing_to_correct_writes_and_locks_nothing(self):
        self.refer(self.customer)
        self.make_order(self.customer, 1000)
        card = self.card(self.referrer)
        self.env.flush_all()
        stamped = card.write_date
        before = self.written()
        with freeze_time("2026-03-02 01:00:00"):
            self.run_reconcile()
            self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual(card.write_date, stamped, "the card was not locked")
        self.assertEqual(self.written(), before)

    def test_only_sales_managers_check(self):
        self.refer(self.customer)
        all_docs = new_test_user(
            self.env, "ref_check_all_docs", groups="sales_team.group_sale_salesman_all_leads"
        )
        portal = new_test_user(self.env, "ref_check_portal", groups="base.group_portal")
        for user in (self.salesman, all_docs, portal):
            with self.subTest(user=user.login), self.assertRefused(AccessError, "sales managers"):
                self.check(user)
