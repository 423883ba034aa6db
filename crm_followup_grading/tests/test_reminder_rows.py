"""The cadence and warning crons write their activities and followers in SQL,
not through ``mail.activity.create`` (which costs 7-8 times as much for
10,000 reminders, see docs/benchmarks.md). These tests hold those rows to what
``create`` writes for the same activity without e-mail
(``mail_activity_quick_update``): column by column, and the followers it adds.
They compare the real rows, so a field another module adds to mail.activity
with a default, or a changed default of Odoo's, fails them."""

from datetime import date

import polib

from odoo.modules.module import get_module_path
from odoo.tests import new_test_user

from .common import FollowupCase

# what differs between two activities of two customers, whoever makes them
NOT_COMPARED = {"id", "res_id", "res_name", "create_date", "write_date"}


class TestReminderRows(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warning_type = cls.env.ref("crm_followup_grading.mail_activity_type_reclaim_warning")
        cls.model_id = cls.env["ir.model"]._get_id("res.partner")

    def _twins(self, grade, **history):
        """Two customers alike but for their names, not followed by their
        salesperson yet (so that the followers the reminder adds show)."""
        twins = self._customer("By SQL", grade, self.salesman, **history) | self._customer(
            "By ORM", grade, self.salesman, **history
        )
        self.env["mail.followers"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", twins.ids),
                ("partner_id", "=", self.salesman.partner_id.id),
            ]
        ).unlink()
        self.assertNotIn(self.salesman.partner_id, twins.message_partner_ids)
        return twins

    def _create(self, vals):
        """The activity as ``mail.activity.create`` makes it, without e-mail."""
        activity = (
            self.env["mail.activity"]
            .with_context(mail_activity_quick_update=True)
            .create(dict(vals, res_model_id=self.model_id, automated=True))
        )
        self.env.flush_all()
        return activity

    def _activities(self, customer, activity_type):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", customer.id),
                ("activity_type_id", "=", activity_type.id),
            ]
        )

    def _row(self, activity):
        """The stored row of ``activity``, as the database holds it."""
        self.env.flush_all()
        self.env.cr.execute("SELECT * FROM mail_activity WHERE id = %s", [activity.id])
        row = self.env.cr.dictfetchone()
        return {column: value for column, value in row.items() if column not in NOT_COMPARED}

    def _followers(self, customer):
        self.env.invalidate_all()
        followers = self.env["mail.followers"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", customer.id)]
        )
        return sorted((f.partner_id.id, tuple(sorted(f.subtype_ids.ids))) for f in followers)

    def _assert_same(self, by_sql, by_orm, customers):
        self.assertEqual(len(by_sql), 1)
        self.assertEqual(len(by_orm), 1)
        stored = {
            name
            for name, field in by_sql._fields.items()
            if field.store and field.column_type and name not in NOT_COMPARED
        }
        sql_row, orm_row = self._row(by_sql), self._row(by_orm)
        self.assertEqual(set(sql_row), stored, "every stored field is compared")
        self.assertEqual(sql_row, orm_row)
        for name, field in by_sql._fields.items():
            if field.store and field.type == "many2many":
                self.assertEqual(by_sql[name], by_orm[name], name)
        # the document's name as create computes it
        self.assertEqual(by_sql.res_name, customers[0].display_name)
        self.assertEqual(by_orm.res_name, customers[1].display_name)
        # the salesperson follows both, with the same subtypes
        sql_followers, orm_followers = map(self._followers, customers)
        self.assertIn(self.salesman.partner_id, customers[0].message_partner_ids)
        self.assertTrue(sql_followers)
        self.assertEqual(sql_followers, orm_followers)

    def test_a_reminder_is_the_row_create_would_write(self):
        customers = self._twins(self.grade_a, graded_on=date(2026, 3, 1))
        self.env["mail.activity"]._followup_insert_reminders(customers[0])
        by_sql = self._activities(customers[0], self.grade_a.activity_type_id)
        by_orm = self._create(
            {
                "res_id": customers[1].id,
                "activity_type_id": self.grade_a.activity_type_id.id,
                "summary": "Follow up (grade A)",
                "date_deadline": date(2026, 3, 2),
                "user_id": self.salesman.id,
            }
        )
        self._assert_same(by_sql, by_orm, customers)

    def test_a_reclaim_warning_is_the_row_create_would_write(self):
        # grade B, last followed up on 8 December: reclaimed on 9 March
        customers = self._twins(self.grade_b, graded_on=date(2025, 11, 1), last=date(2025, 12, 8))
        self.assertEqual(customers.mapped("followup_reclaim_date"), [date(2026, 3, 9)] * 2)
        self.env["mail.activity"]._followup_insert_reclaim_warnings(customers[0])
        by_sql = self._activities(customers[0], self.warning_type)
        by_orm = self._create(
            {
                "res_id": customers[1].id,
                "activity_type_id": self.warning_type.id,
                "summary": "Customer returns to the pool on 03/09/2026",
                "date_deadline": date(2026, 3, 8),
                "user_id": self.salesman.id,
            }
        )
        self._assert_same(by_sql, by_orm, customers)

    def test_the_reminder_is_in_the_salespersons_language(self):
        """Not in the cron's: a Chinese salesperson reads Chinese, an English one
        English, from one run of the cron in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["crm_followup_grading"], ["zh_CN"])
        chinese = new_test_user(
            self.env,
            "fu_zh_salesman",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
            name="Zhang Xiaoshou",
            lang="zh_CN",
        )
        self.assertEqual(chinese.lang, "zh_CN")
        self.assertEqual(self.salesman.lang, "en_US")
        for_chinese = self._customer("Zhong", self.grade_a, chinese, graded_on=date(2026, 3, 1))
        for_english = self._customer("Eng", self.grade_a, self.salesman, graded_on=date(2026, 3, 1))
        self.env["res.partner"].with_context(lang="zh_CN")._cron_schedule_followups()
        po = polib.pofile(f"{get_module_path('crm_followup_grading')}/i18n/zh_CN.po")
        chinese_summary = po.find("Follow up (grade %(grade)s)").msgstr
        self.assertTrue(chinese_summary)
        self.assertEqual(self._reminders(for_chinese).summary, chinese_summary % {"grade": "A"})
        self.assertEqual(self._reminders(for_english).summary, "Follow up (grade A)")
