from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from .common import FollowupCase


class TestGradeChanges(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Acme", cls.grade_c, cls.salesman, graded_on=date(2026, 2, 1))

    def test_a_salesperson_cannot_change_the_grade_directly(self):
        with self.assertRaises(UserError) as error:
            self.customer.with_user(self.salesman).write({"followup_grade_id": self.grade_a.id})
        self.assertIn("Only sales managers", str(error.exception))
        self.assertEqual(self.customer.followup_grade_id, self.grade_c)
        self.assertEqual(self.customer.followup_grade_date, date(2026, 2, 1))

    def test_nor_grade_a_new_customer(self):
        with self.assertRaises(UserError):
            self.env["res.partner"].with_user(self.salesman).create(
                {"name": "Newco", "followup_grade_id": self.grade_a.id}
            )
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Newco")]))

    def test_the_salesperson_sees_the_grade_read_only(self):
        form = Form(self.customer.with_user(self.salesman))
        with self.assertRaises(AssertionError):
            form.followup_grade_id = self.grade_a

    def test_other_edits_of_a_salesperson_still_work(self):
        with Form(self.customer.with_user(self.salesman)) as form:
            form.phone = "+86 21 5555 0000"
        self.assertEqual(self.customer.phone, "+86 21 5555 0000")
        self.assertEqual(self.customer.followup_grade_id, self.grade_c)

    def test_a_manager_changes_it(self):
        self.customer.with_user(self.manager).write({"followup_grade_id": self.grade_e.id})
        self.assertEqual(self.customer.followup_grade_id, self.grade_e)
        self.assertEqual(self.customer.followup_grade_date, date(2026, 3, 4))

    def test_only_managers_configure_grades(self):
        with self.assertRaises(AccessError):
            self.grade_a.with_user(self.salesman).interval_days = 2
        self.assertEqual(self.grade_a.interval_days, 1)
        self.assertEqual(self.grade_a.with_user(self.salesman).name, "Deal within 1 month")


class TestLogVisibility(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls._customer("Mine", cls.grade_b, cls.salesman, graded_on=date(2026, 3, 1))
        cls.theirs = cls._customer(
            "Theirs", cls.grade_b, cls.other_salesman, graded_on=date(2026, 3, 1)
        )
        Log = cls.env["crm.followup.log"]
        cls.my_log = Log.with_user(cls.salesman).create({"partner_id": cls.mine.id, "summary": "a"})
        cls.their_log = Log.with_user(cls.other_salesman).create(
            {"partner_id": cls.theirs.id, "summary": "b"}
        )
        cls.logs = cls.my_log | cls.their_log

    def _visible(self, user):
        return self.env["crm.followup.log"].with_user(user).search([("id", "in", self.logs.ids)])

    def test_salespeople_read_only_the_logs_of_their_customers(self):
        self.assertEqual(self._visible(self.salesman), self.my_log)
        self.assertEqual(self._visible(self.other_salesman), self.their_log)
        with self.assertRaises(AccessError):
            self.their_log.with_user(self.salesman).read(["summary"])

    def test_all_documents_users_and_managers_read_all(self):
        self.assertEqual(self._visible(self.all_docs), self.logs)
        self.assertEqual(self._visible(self.manager), self.logs)

    def test_logs_are_an_audit_trail_for_salespeople(self):
        with self.assertRaises(AccessError):
            self.my_log.with_user(self.salesman).write({"summary": "rewritten"})
        with self.assertRaises(AccessError):
            self.my_log.with_user(self.salesman).unlink()
        self.assertEqual(self.my_log.summary, "a")

    def test_other_companies_do_not_see_the_logs(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        outsider = self.env["res.users"].create(
            {
                "name": "Outsider",
                "login": "fu_outsider",
                "company_id": other.id,
                "company_ids": [(6, 0, other.ids)],
                "groups_id": [(6, 0, self.env.ref("sales_team.group_sale_manager").ids)],
            }
        )
        self.assertFalse(self._visible(outsider))
