from odoo.exceptions import ValidationError
from odoo.tests import Form

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
    def _create(self, **vals):
        return (
            self.env["crm.followup.grade"]
            .with_user(self.manager)
            .create({"name": "Bad", "code": "X", "interval_days": 5, **vals})
        )

    def assertNoGradeX(self):
        grades = self.env["crm.followup.grade"].with_context(active_test=False)
        self.assertFalse(grades.search([("code", "=", "X")]))

    def test_zero_or_negative_interval(self):
        for days in (0, -7):
            with self.assertRaises(ValidationError) as error:
                self._create(interval_days=days)
            self.assertIn("at least one day", str(error.exception))
        self.assertNoGradeX()
        with self.assertRaises(ValidationError):
            self.grade_b.with_user(self.manager).interval_days = 0
        self.assertEqual(self.grade_b.interval_days, 7)

    def test_duplicate_code(self):
        with self.assertRaises(ValidationError) as error:
            self._create(code="a")
        self.assertIn("already has the code A", str(error.exception))
        self.assertEqual(self.env["crm.followup.grade"].search_count([("code", "=", "A")]), 1)
        self.grade_e.with_user(self.manager).active = False
        with self.assertRaises(ValidationError):
            self._create(code="E")
        with self.assertRaises(ValidationError):
            self.grade_b.with_user(self.manager).code = "C"
        self.assertEqual(self.grade_b.code, "B")

    def test_negative_horizon_or_reclaim(self):
        with self.assertRaises(ValidationError):
            self._create(close_within_days=-1)
        with self.assertRaises(ValidationError):
            self._create(reclaim_days=-30)
        self.assertNoGradeX()

    def test_empty_code(self):
        with self.assertRaises(ValidationError):
            self._create(code="  ")
        self.assertFalse(self.env["crm.followup.grade"].search([("name", "=", "Bad")]))
