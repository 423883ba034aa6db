from datetime import date

from odoo.tests import TransactionCase, freeze_time, new_test_user


class FollowupCase(TransactionCase):
    """Sales users of each level and a few customers of our own, so the
    assertions never depend on Odoo's demo partners. Today is Wednesday
    4 March 2026."""

    freeze_time = "2026-03-04 09:00:00"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.manager = new_test_user(
            cls.env,
            "fu_manager",
            groups="sales_team.group_sale_manager,base.group_partner_manager",
            name="Mia Manager",
        )
        cls.salesman = new_test_user(
            cls.env,
            "fu_salesman",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
            name="Sam Sales",
        )
        cls.other_salesman = new_test_user(
            cls.env,
            "fu_other",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
            name="Olga Other",
        )
        cls.all_docs = new_test_user(
            cls.env,
            "fu_all_docs",
            groups="sales_team.group_sale_salesman_all_leads,base.group_partner_manager",
            name="Alex All",
        )
        cls.grade_a = cls.env.ref("crm_followup_grading.grade_a")
        cls.grade_b = cls.env.ref("crm_followup_grading.grade_b")
        cls.grade_c = cls.env.ref("crm_followup_grading.grade_c")
        cls.grade_d = cls.env.ref("crm_followup_grading.grade_d")
        cls.grade_e = cls.env.ref("crm_followup_grading.grade_e")
        cls.reminder_type = cls.env.ref("crm_followup_grading.mail_activity_type_followup")
        cls.company = cls.env.company
        cls.company.followup_working_days = False
        cls.company.followup_reclaim_enabled = True

    @classmethod
    def _customer(cls, name, grade=None, user=None, graded_on=None, last=None):
        """A customer a manager graded and assigned on ``graded_on``, followed
        up by its salesperson last on ``last``: the history is made through the
        addon's own flows, since nobody may write the follow-up dates."""
        vals = {"name": name, "user_id": user.id if user else False}
        if grade:
            vals["followup_grade_id"] = grade.id
        with freeze_time(graded_on or date(2026, 3, 4)):
            customer = cls.env["res.partner"].with_user(cls.manager).create(vals)
        if last:
            with freeze_time(last):
                cls.env["crm.followup.log"].with_user(user).create(
                    {"partner_id": customer.id, "channel": "call", "summary": "Called"}
                )
        return customer

    def _flush_tracking(self):
        """Tracking messages are written when the transaction commits."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _reminders(self, partners):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                ("activity_type_id", "=", self.reminder_type.id),
            ]
        )
