"""Customer referral points at scale: the nightly reconcile over 20,000
referred customers (2,000 referrers, ten customers each) with 100,000 orders
and 5,000 attendances.

The documents are written in SQL; the reconcile runs as the scheduled action
does (batches of 500, through the ORM). Timed twice:

- the first night after the documents arrived behind the ORM's back (an
  import, a migration): the ledger is empty and every referred customer gets
  its lines and every referrer its card;
- the next night: the ledger already matches, nothing is written — the
  ordinary nightly cost (the fastest of three runs: it writes nothing).

Then the check a load test runs after its traffic (referral_ledger_check: the
reconcile's comparison, writing nothing; also the fastest of three). Each row's
work (units) is the number of referred customers.
"""

from tools.bulk_data import insert_referrals

from .common import BenchCase, measure, measure_best, record, scaled

ADDON = "customer_referral_points"
REFERRED_ON = "2026-01-01"


class BenchCustomerReferralPoints(BenchCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.n_referred = scaled(20000)
        cls.n_orders = scaled(100000)
        cls.n_attended = scaled(5000)
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env = env
        cls.event = env["event.event"].create(
            {
                "name": "Bench gala",
                "date_begin": "2026-02-01 10:00:00",
                "date_end": "2026-02-01 18:00:00",
            }
        )
        env.flush_all()
        cls._insert_documents()

    @classmethod
    def _insert_documents(cls):
        referrer_ids, _referred_ids = insert_referrals(
            cls.env.cr,
            prefix="Bench",
            referred=cls.n_referred,
            orders=cls.n_orders,
            attended=cls.n_attended,
            referred_on=REFERRED_ON,
            # the last weeks fall outside the 365-day validity
            days=400,
            company=cls.env.company,
            event=cls.event,
        )
        cls.n_referrers = len(referrer_ids)
        # What autovacuum does within a minute of a bulk load: without fresh
        # statistics the planner takes the 100,000 new orders for the few of
        # the template and reads all of them for each batch of customers.
        cls.env.cr.execute("ANALYZE res_partner, sale_order, event_registration")
        cls.env.invalidate_all()

    def _reconcile(self):
        Partner = self.env["res.partner"]
        with measure(self.env.cr) as timer:
            Partner._cron_referral_reconcile()
            self.env.flush_all()
        return timer

    def _ledger_size(self):
        self.env.cr.execute("SELECT count(*) FROM loyalty_history WHERE referral_rule IS NOT NULL")
        return self.env.cr.fetchone()[0]

    def test_nightly_reconcile(self):
        size = f"{self.n_referred} referred, {self.n_orders} orders"
        first = self._reconcile()
        lines = self._ledger_size()
        record(
            ADDON,
            "nightly reconcile, empty ledger (writes every line)",
            size,
            first.seconds,
            queries=first.queries,
            note=f"{lines} ledger lines, {self.n_referrers} cards created",
            units=self.n_referred,
        )
        second = measure_best(self.env, self.env["res.partner"]._cron_referral_reconcile)
        record(
            ADDON,
            "nightly reconcile, ledger already right (writes nothing)",
            size,
            second.seconds,
            queries=second.queries,
            units=self.n_referred,
        )
        self.assertEqual(self._ledger_size(), lines, "the second night writes nothing")
        self.env.cr.execute(
            """SELECT count(*) FROM loyalty_card c
                JOIN loyalty_program p ON p.id = c.program_id AND p.is_referral_program
                WHERE c.points <> (SELECT coalesce(sum(issued - coalesce(used, 0)), 0)
                                     FROM loyalty_history h WHERE h.card_id = c.id)"""
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0, "every card equals its ledger")
        differences = self.env["res.partner"].referral_ledger_check()
        check = measure_best(self.env, self.env["res.partner"].referral_ledger_check)
        record(
            ADDON,
            "ledger check after a run (the reconcile's comparison, writes nothing)",
            size,
            check.seconds,
            queries=check.queries,
            units=self.n_referred,
        )
        self.assertEqual(differences, {"ledger": [], "cards": []})
        batches = -(-self.n_referred // 500)
        self.assertLess(first.queries / batches, 40, "queries per batch do not grow")
        self.assertLess(second.queries / batches, 30, "queries per batch do not grow")
        self.assertLess(check.queries / batches, 30, "queries per batch do not grow")
        self.assertLess(first.seconds, 120 * max(self.n_referred / 20000, 0.05))
        self.assertLess(second.seconds, 60 * max(self.n_referred / 20000, 0.05))
