from datetime import date

from odoo.tests import Form

from .common import FollowupCase


class TestSuggestedGrade(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Acme", user=cls.salesman)

    def _opportunity(self, deadline, **vals):
        return self.env["crm.lead"].create(
            {
                "name": "Deal",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "user_id": self.salesman.id,
                "date_deadline": deadline,
                **vals,
            }
        )

    def _suggested(self):
        self.customer.invalidate_recordset(["followup_suggested_grade_id"])
        return self.customer.with_user(self.salesman).followup_suggested_grade_id

    def test_no_open_opportunity_no_suggestion(self):
        self.assertFalse(self._suggested())

    def test_the_nearest_expected_closing_date_decides(self):
        self._opportunity(date(2026, 12, 1))
        self.assertEqual(self._suggested(), self.grade_d)
        self._opportunity(date(2026, 7, 1))
        self.assertEqual(self._suggested(), self.grade_c)
        self._opportunity(date(2026, 5, 1))
        self.assertEqual(self._suggested(), self.grade_b)
        self._opportunity(date(2026, 3, 20))
        self.assertEqual(self._suggested(), self.grade_a)

    def test_won_lost_and_hopeless_opportunities_do_not_count(self):
        won_stage = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        self._opportunity(date(2026, 3, 10), stage_id=won_stage.id)
        self._opportunity(date(2026, 3, 11)).action_set_lost()
        self._opportunity(date(2026, 3, 12), probability=0)
        self.assertFalse(self._suggested())
        self._opportunity(False)
        self.assertEqual(self._suggested(), self.grade_d, "open, but no date: latent")

    def test_the_log_dialog_proposes_it_for_an_ungraded_customer(self):
        self._opportunity(date(2026, 5, 1))
        action = self.customer.with_user(self.salesman).action_followup_log()
        log = (
            self.env["crm.followup.log"].with_user(self.salesman).with_context(**action["context"])
        )
        self.assertEqual(Form(log).grade_id, self.grade_b)
