"""CRM follow-up grading at scale: 100,000 graded customers, 10,000 of them due.

The customers are written in SQL. Timed:

- the cadence cron (``_cron_schedule_followups``) giving each due customer its
  reminder, and the same work done the naive way — per customer, search its
  reminders and create one — on the very same data (rolled back in between);
- a second night's run, when every due customer already has its reminder (the
  fastest of three: it writes nothing);
- the reclaim cron (``_cron_reclaim_neglected``) returning the 10,000 customers
  whose reclaim date has come to the pool (chatter note, pool history, their
  open reminders dropped);
- the warning cron (``_cron_followup_reclaim_warnings``) warning the salespeople
  of the 10,000 customers that return to the pool within the warning days;
- the reminders of the cadence cron written by its SQL statement against a
  batched ``mail.activity.create(vals_list)`` (without e-mails, the salesperson
  made a follower by ``create`` itself), batch by batch on the same customers
  (rolled back in between, best of two runs each): the ORM would let other
  modules' ``create`` overrides see the reminders, at this price;
- installing the addon on a database that already holds 100,000 customers,
  against installing it on the same database without them: the stored next
  follow-up date is initialised in SQL, so the extra customers must cost
  next to nothing. This runs odoo-bin on throwaway copies of the template.
"""

import os
import subprocess
import time
from pathlib import Path

from odoo import sql_db
from odoo.tests import new_test_user
from odoo.tools import split_every

from tools.bulk_data import insert_partners

from .common import BenchCase, crons_today, measure, measure_best, record, scaled

ADDON = "crm_followup_grading"
REPO = Path(__file__).resolve().parents[2]
SALESPEOPLE = 10


class BenchCrmFollowupGrading(BenchCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.n_customers = scaled(100000)
        cls.n_due = scaled(10000)
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.users = cls.env["res.users"]
        for n in range(SALESPEOPLE):
            cls.users |= new_test_user(
                cls.env, f"bench.followup.{n}", groups="sales_team.group_sale_salesman"
            )
        cls.reminder_type = cls.env.ref("crm_followup_grading.mail_activity_type_followup")
        cls.today = crons_today(cls.env)
        cls._insert_customers()

    @classmethod
    def _insert_customers(cls):
        """Grades A–E in turn; every (customers / due)-th customer is due or up
        to four days overdue, the others are due tomorrow. Those due customers
        return to the pool today, as many others in three days (within the
        warning days), the rest in two months; grade E never."""
        grades = [cls.env.ref(f"crm_followup_grading.grade_{c}") for c in "abcde"]
        insert_partners(
            cls.env.cr,
            "Bench customer",
            cls.n_customers,
            {
                "grade_ids": [g.id for g in grades],
                "intervals": [g.interval_days for g in grades],
                "reclaim_days": [g.reclaim_days for g in grades],
                "every": cls.n_customers // cls.n_due,
                "today": cls.today,
                "users": cls.users.ids,
                "n_users": len(cls.users),
            },
            join="""
                JOIN unnest(%(grade_ids)s::int[], %(intervals)s::int[], %(reclaim_days)s::int[])
                     WITH ORDINALITY AS g(grade_id, interval_days, reclaim_days, n)
                  ON g.n = i %% 5 + 1,
                LATERAL (SELECT CASE WHEN i %% %(every)s = 0
                                     THEN %(today)s::date - g.interval_days - (i / %(every)s) %% 5
                                     ELSE %(today)s::date - g.interval_days + 1 END AS last_date) c
            """,
            is_company="true",
            user_id="(%(users)s::int[])[i %% %(n_users)s + 1]",
            followup_grade_id="grade_id",
            followup_grade_date="last_date - 30",
            followup_last_date="last_date",
            followup_next_date="last_date + interval_days",
            followup_assigned_date="last_date - 30",
            followup_reclaim_date="""
                CASE WHEN reclaim_days = 0 THEN NULL
                     WHEN i %% %(every)s = 0 THEN %(today)s::date
                     WHEN i %% %(every)s = %(every)s / 2 THEN %(today)s::date + 3
                     ELSE %(today)s::date + 60 END""",
        )
        cls.env.cr.execute("ANALYZE res_partner")
        cls.env.invalidate_all()

    def _due(self):
        return self.env["res.partner"].search(
            [
                ("followup_grade_id", "!=", False),
                ("followup_next_date", "<=", self.today),
                ("user_id", "!=", False),
            ]
        )

    def _reminder_count(self):
        return self.env["mail.activity"].search_count(
            [("res_model", "=", "res.partner"), ("activity_type_id", "=", self.reminder_type.id)]
        )

    def _schedule_naively(self):
        """What the cron would be without batching: per customer, look for its
        reminder and create one (without e-mails, like the cron)."""
        Activity = self.env["mail.activity"].with_context(mail_activity_quick_update=True)
        model_id = self.env["ir.model"]._get_id("res.partner")
        for partner in self._due():
            if not Activity.search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", partner.id),
                    ("activity_type_id", "=", self.reminder_type.id),
                ]
            ):
                Activity.create(
                    {
                        "res_model_id": model_id,
                        "res_id": partner.id,
                        "activity_type_id": self.reminder_type.id,
                        "summary": f"Follow up (grade {partner.followup_grade_id.code})",
                        "date_deadline": partner.followup_next_date,
                        "user_id": partner.user_id.id,
                    }
                )
        self.env.flush_all()

    def test_cadence_cron(self):
        before = self._reminder_count()
        self.assertGreaterEqual(len(self._due()), self.n_due)
        self.env.invalidate_all()
        savepoint = self.env.cr.savepoint()
        with measure(self.env.cr) as naive:
            self._schedule_naively()
        naive_created = self._reminder_count() - before
        savepoint.close(rollback=True)
        self.env.invalidate_all()
        with measure(self.env.cr) as cron:
            self.env["res.partner"]._cron_schedule_followups()
            self.env.flush_all()
        created = self._reminder_count() - before
        self.assertEqual(created, naive_created)
        self.assertGreaterEqual(created, self.n_due)
        again = measure_best(self.env, self.env["res.partner"]._cron_schedule_followups)
        self.assertEqual(self._reminder_count() - before, created, "the second night adds nothing")
        size = f"{self.n_customers} customers, {created} due"
        record(
            ADDON,
            "cadence cron: one reminder per due customer",
            size,
            cron.seconds,
            naive_seconds=naive.seconds,
            queries=cron.queries,
            note=f"naive: {naive.queries} queries",
            units=created,
        )
        record(
            ADDON,
            "cadence cron: second run, nothing to do",
            size,
            again.seconds,
            queries=again.queries,
            units=created,
        )
        self.assertLess(cron.seconds, 60)
        self.assertGreaterEqual(naive.seconds / cron.seconds, 10)

    def _remind_by_sql(self, batches):
        for batch in batches:
            self.env["mail.activity"]._followup_insert_reminders(batch)
        self.env.flush_all()

    def _remind_by_orm(self, batches):
        """The same reminders through ``mail.activity.create``, one call per
        batch: the customers without an open reminder, as the SQL skips them."""
        Activity = self.env["mail.activity"].with_context(mail_activity_quick_update=True)
        model_id = self.env["ir.model"]._get_id("res.partner")
        for batch in batches:
            reminded = set(batch._followup_reminders().mapped("res_id"))
            Activity.create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": partner.id,
                        "activity_type_id": partner.followup_grade_id.activity_type_id.id,
                        "summary": Activity._followup_reminder_summary(
                            partner.followup_grade_id, partner.user_id.lang
                        ),
                        "date_deadline": partner.followup_next_date,
                        "user_id": partner.user_id.id,
                        "automated": True,
                    }
                    for partner in batch
                    if partner.id not in reminded and partner.followup_next_date
                ]
            )
        self.env.flush_all()

    def test_reminders_sql_or_orm(self):
        """Same batches of 1,000 due customers as the cron (its search left
        out), each way twice, each from an empty cache and rolled back."""
        before = self._reminder_count()
        due = self._due()
        batches = list(split_every(1000, due.ids, due.browse))
        timers = {"sql": [], "orm": []}
        for _round in range(2):
            for way, run in (("sql", self._remind_by_sql), ("orm", self._remind_by_orm)):
                savepoint = self.env.cr.savepoint()
                self.env.invalidate_all()
                with measure(self.env.cr) as timer:
                    run(batches)
                timer.created = self._reminder_count() - before
                followers = self.env["mail.followers"].search_count(
                    [("res_model", "=", "res.partner"), ("res_id", "in", due.ids)]
                )
                timer.followers = followers
                timers[way].append(timer)
                savepoint.close(rollback=True)
        sql = min(timers["sql"], key=lambda t: t.seconds)
        orm = min(timers["orm"], key=lambda t: t.seconds)
        self.assertEqual(sql.created, orm.created)
        self.assertGreaterEqual(sql.created, self.n_due)
        self.assertEqual(sql.followers, orm.followers)
        ratio = orm.seconds / sql.seconds
        runs = ", ".join(
            f"{way} {' / '.join(f'{t.seconds:.2f}' for t in ts)} s" for way, ts in timers.items()
        )
        record(
            ADDON,
            "reminders: the cron's SQL insert vs mail.activity.create(vals_list)",
            f"{self.n_customers} customers, {sql.created} due",
            sql.seconds,
            naive_seconds=orm.seconds,
            queries=sql.queries,
            note=(
                f"baseline: one create per batch of 1000 (quick update, followers by "
                f"create), {orm.queries} queries; ORM/SQL {ratio:.1f}x; runs: {runs}"
            ),
            units=sql.created,
        )

    def test_reclaim_cron(self):
        Partner = self.env["res.partner"]
        neglected = Partner.search_count(
            [("followup_reclaim_date", "<=", self.today), ("user_id", "!=", False)]
        )
        self.assertGreaterEqual(neglected, self.n_due)
        # the neglected customers are the due ones: their reminders are open and go
        Partner._cron_schedule_followups()
        self.env.flush_all()
        self.assertGreaterEqual(self._reminder_count(), self.n_due)
        self.env.invalidate_all()
        with measure(self.env.cr) as cron:
            Partner._cron_reclaim_neglected()
            self.env.flush_all()
        pooled = Partner.search_count([("followup_pool_date", "=", self.today)])
        self.assertEqual(pooled, neglected)
        self.assertFalse(Partner.search([("followup_pool_date", "=", self.today)]).activity_ids)
        record(
            ADDON,
            "reclaim cron: neglected customers back to the pool",
            f"{self.n_customers} customers, {pooled} reclaimed",
            cron.seconds,
            queries=cron.queries,
            note="a chatter note and a pool event each, their reminders dropped",
            units=pooled,
        )
        self.assertLess(cron.seconds, 120)

    def test_reclaim_warning_cron(self):
        warning_type = self.env.ref("crm_followup_grading.mail_activity_type_reclaim_warning")
        warnings = [("res_model", "=", "res.partner"), ("activity_type_id", "=", warning_type.id)]
        Activity = self.env["mail.activity"]
        self.env.invalidate_all()
        with measure(self.env.cr) as cron:
            self.env["res.partner"]._cron_followup_reclaim_warnings()
            self.env.flush_all()
        warned = Activity.search_count(warnings)
        self.assertGreaterEqual(warned, self.n_due)
        self.env.invalidate_all()
        self.env["res.partner"]._cron_followup_reclaim_warnings()
        self.env.flush_all()
        self.assertEqual(Activity.search_count(warnings), warned, "never two warnings")
        record(
            ADDON,
            "warning cron: one warning before the pool",
            f"{self.n_customers} customers, {warned} warned",
            cron.seconds,
            queries=cron.queries,
            units=warned,
        )
        self.assertLess(cron.seconds, 60)

    def test_install_on_100000_customers(self):
        """Installs the addon into two fresh copies of the template database,
        one with the customers added in SQL and one without."""
        timings = {}
        for customers in (self.n_customers, 0):
            db = f"bench_followup_install_{os.getpid()}_{customers}"
            _shell(f'copy_db "{db}" >/dev/null')
            try:
                # committed on leaving the block, for odoo-bin to see; the
                # connection then leaves Odoo's pool, so as not to outlive the copy
                with sql_db.db_connect(db).cursor() as cr:
                    insert_partners(
                        cr,
                        "Customer",
                        customers,
                        is_company="true",
                        commercial_partner_id="NULL",
                    )
                sql_db.close_db(db)
                start = time.perf_counter()
                _shell(f'odoo_checked -d "{db}" -i {ADDON}')
                timings[customers] = time.perf_counter() - start
            finally:
                _shell(f'drop_db "{db}"')
        extra = timings[self.n_customers] - timings[0]
        record(
            ADDON,
            "install on a database with customers",
            f"{self.n_customers} customers",
            timings[self.n_customers],
            naive_seconds=None,
            note=f"same install without them: {timings[0]:.1f} s",
            units=self.n_customers,
        )
        # the customers may cost their share of indexing, never a per-record compute
        self.assertLess(extra, 30)


def _shell(command):
    """Runs ``command`` with the helpers of tools/db.sh (copy_db, odoo_checked...)."""
    script = f'source "{REPO}/tools/env.sh"; source "{REPO}/tools/db.sh"; {command}'
    subprocess.run(["bash", "-euo", "pipefail", "-c", script], check=True)
