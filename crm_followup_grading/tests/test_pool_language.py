"""Many people read one pool event: the salesperson who lost the customer,
the one who claims it, the managers. What happened is stored as a code with
its data, and each reader sees it in their own language."""

import importlib.util
from datetime import date
from pathlib import Path

from odoo.tests import new_test_user
from odoo.tools import SQL

from .test_pool_rules import PoolCase

MIGRATION = Path(__file__).parents[1] / "migrations" / "18.0.1.1.0" / "post-migrate.py"


class TestPoolEventLanguage(PoolCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["crm_followup_grading"], ["zh_CN"])

    def _as_reader(self, records, user):
        """``records`` as the web client reads them for ``user``: with their language."""
        return records.with_env(self.env(user=user, context=user.with_user(user).context_get()))

    def test_a_chinese_and_an_english_reader_each_read_their_own_language(self):
        zh_manager = new_test_user(
            self.env, "fu_zh_manager", groups="sales_team.group_sale_manager", lang="zh_CN"
        )
        self.assertEqual(self.manager.lang, "en_US")
        event = self._events(self.lost_by_sam[0], "reclaimed")
        self.assertEqual(
            (event.reason_code, event.reason_days, event.reason_grade_id, event.note),
            ("overdue", 90, self.grade_b, False),
        )
        self.assertEqual(
            self._as_reader(event, self.manager).reason,
            "Sam Sales logged no follow-up for 90 days (grade B).",
        )
        self.assertEqual(
            self._as_reader(event, zh_manager).reason, "Sam Sales 已有 90 天没有登记追踪（B 级）。"
        )
        # the same for a release, a claim and an assignment, read in Chinese
        self.lost_by_olga[0].with_user(self.salesman).action_followup_claim()
        self.lost_by_olga[1].with_user(self.manager).write({"user_id": self.salesman.id})
        self.lost_by_olga[1].with_user(self.salesman)._followup_release("客户已搬迁")
        texts = {
            e.event: e.reason
            for e in self._as_reader(self._events(self.lost_by_olga), zh_manager)
            if e.event != "reclaimed"
        }
        self.assertEqual(
            texts,
            {
                "claimed": "从客户公海领取。",
                "assigned": "由 Mia Manager 分配。",
                "released": "由 Sam Sales 退回客户公海：客户已搬迁",
            },
        )
        for text in texts.values():
            self.assertNotRegex(
                text, "Claimed|Assigned|Released", "no English for a Chinese reader"
            )

    def test_the_reclaim_note_is_in_the_salespersons_language(self):
        self.other_salesman.lang = "zh_CN"
        customer = self._customer(
            "Neglected", self.grade_b, self.other_salesman, graded_on=date(2025, 11, 1)
        )
        self.env["res.partner"]._cron_reclaim_neglected()
        self.assertFalse(customer.user_id)
        notes = customer.message_ids.filtered(lambda m: "客户公海" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        self.assertIn("Olga Other 已有 90 天没有登记追踪（B 级）", notes.body)

    def test_a_merge_is_named_as_such(self):
        duplicate = self.lost_by_olga[0]
        kept = self.env["res.partner"].create({"name": "Kept", "user_id": self.salesman.id})
        # Odoo's merge reads every field of the contacts: an administrator's job
        merger = self.env.ref("base.user_admin")
        wizard = self.env["base.partner.merge.automatic.wizard"].with_user(merger)
        wizard._merge((kept | duplicate).ids, kept)
        event = self._events(kept, "assigned")
        self.assertEqual((event.reason_code, event.actor_id), ("merged", merger))
        self.assertEqual(
            self._as_reader(event, self.manager).reason,
            f"Taken over when {merger.name} merged duplicate contacts.",
        )


class TestPoolEventMigration(PoolCase):
    """The upgrade turns the reasons stored as English (or Chinese) text into codes."""

    def _old_event(self, event, note):
        partner = self.lost_by_sam[0]
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO crm_followup_pool_event (partner_id, user_id, event, date, note,
                                                     company_id)
                VALUES (%s, %s, %s, '2026-01-05', %s, %s) RETURNING id
                """,
                partner.id,
                self.salesman.id,
                event,
                note,
                self.company.id,
            )
        )
        return self.env["crm.followup.pool.event"].browse(self.env.cr.fetchone()[0])

    def test_old_reasons_become_codes(self):
        self.env.flush_all()
        english = self._old_event(
            "reclaimed",
            "Returned to the customer pool: Sam Sales logged no follow-up for 30 days (grade C).",
        )
        chinese = self._old_event(
            "reclaimed", "已退回客户公海：Sam Sales 已有 90 天没有登记追踪（B 级）。"
        )
        released = self._old_event("released", "Moved to Chengdu")
        claimed = self._old_event("claimed", None)
        assigned = self._old_event("assigned", "Assigned by Mia Manager")
        unknown = self._old_event("assigned", "Assigned by Nobody Known")
        spec = importlib.util.spec_from_file_location("post_migrate", MIGRATION)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(
            [
                (e.reason_code, e.reason_days, e.reason_grade_id, e.actor_id, e.note)
                for e in (english, chinese, released, claimed, assigned, unknown)
            ],
            [
                ("overdue", 30, self.grade_c, self.env["res.users"], False),
                ("overdue", 90, self.grade_b, self.env["res.users"], False),
                (
                    "released",
                    0,
                    self.env["crm.followup.grade"],
                    self.env["res.users"],
                    "Moved to Chengdu",
                ),
                ("claimed", 0, self.env["crm.followup.grade"], self.env["res.users"], False),
                ("assigned", 0, self.env["crm.followup.grade"], self.manager, False),
                (
                    False,
                    0,
                    self.env["crm.followup.grade"],
                    self.env["res.users"],
                    "Assigned by Nobody Known",
                ),
            ],
        )
        self.assertEqual(unknown.reason, "Assigned by Nobody Known", "shown as it was written")
        self.assertEqual(released.reason, "Released: Moved to Chengdu")
