from psycopg2 import IntegrityError

from odoo.service.model import _as_validation_error
from odoo.tests import Form
from odoo.tools import mute_logger

from .common import FollowupCase


class TestGrades(FollowupCase):
    def test_the_five_shipped_grades(self):
        grades = self.grade_a | self.grade_b | self.grade_c | self.grade_d | self.grade_e
        self.assertEqual(grades.mapped("code"), ["A", "B", "C", "D", "E"])
        self.assertEqual(grades.mapped("interval_days"), [1, 7, 15, 30, 365])
        self.assertEqual(grades.mapped("close_within_days"), [30, 90, 180, 0, 0])
        self.assertEqual(grades.mapped("reclaim_days"), [90, 90, 90, 90, 0])
        self.assertEqual(set(grades.mapped("activity_type_id")), {self.reminder_type})
        self.assertEqual(self.grade_a.display_name, "A - Deal within 1 month")

    def test_a_manager_adds_a_grade(self):
        with Form(self.env["crm.followup.grade"].with_user(self.manager)) as form:
            form.name = "Key account"
            form.code = " k "
            form.interval_days = 3
        grade = form.record
        self.assertEqual(grade.code, "K")
        self.assertEqual(grade.activity_type_id, self.reminder_type, "default reminder type")
        self.assertEqual(grade.reclaim_days, 90)


class TestGradeBadInput(FollowupCase):
    """A grade's rules are the database's constraints: each bad value is
    refused, nothing is saved, and the user reads the constraint's message
    in their language (as Odoo's RPC layer words it)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["crm_followup_grading"], ["zh_CN"])

    def _create(self, **vals):
        return (
            self.env["crm.followup.grade"]
            .with_user(self.manager)
            .create({"name": "Bad", "code": "X", "interval_days": 5, **vals})
        )

    def assertRefused(self, change, english, chinese):
        with (
            self.assertRaises(IntegrityError) as error,
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            change()
            self.env.flush_all()
        for lang, text in (("en_US", english), ("zh_CN", chinese)):
            env = self.env(user=self.manager, context={"lang": lang})
            self.assertIn(text, str(_as_validation_error(env, error.exception)))
        self.env.invalidate_all()

    def assertNoGradeX(self):
        grades = self.env["crm.followup.grade"].with_context(active_test=False)
        self.assertFalse(grades.search([("code", "=", "X")]))

    def test_zero_or_negative_interval(self):
        for days in (0, -7):
            self.assertRefused(
                lambda days=days: self._create(interval_days=days),
                "at least one day",
                "追踪间隔至少为一天",
            )
        self.assertNoGradeX()

        def zero():
            self.grade_b.with_user(self.manager).interval_days = 0

        self.assertRefused(zero, "at least one day", "追踪间隔至少为一天")
        self.assertEqual(self.grade_b.interval_days, 7)

    def test_duplicate_code(self):
        already = ("Another grade already has this code", "已有其他客户等级使用此代码")
        self.assertRefused(lambda: self._create(code="a"), *already)
        self.assertEqual(self.env["crm.followup.grade"].search_count([("code", "=", "A")]), 1)
        self.grade_e.with_user(self.manager).active = False
        self.assertRefused(lambda: self._create(code="E"), *already)

        def recode():
            self.grade_b.with_user(self.manager).code = "C"

        self.assertRefused(recode, *already)
        self.assertEqual(self.grade_b.code, "B")

    def test_negative_horizon_or_reclaim(self):
        self.assertRefused(
            lambda: self._create(close_within_days=-1),
            "deal horizon cannot be negative",
            "成交期限不能为负数",
        )
        self.assertRefused(
            lambda: self._create(reclaim_days=-30),
            "days before returning to the pool cannot be negative",
            "退回公海天数不能为负数",
        )
        self.assertNoGradeX()

    def test_empty_code(self):
        self.assertRefused(
            lambda: self._create(code="  "), "A grade needs a code", "客户等级需要代码"
        )
        self.assertFalse(self.env["crm.followup.grade"].search([("name", "=", "Bad")]))
