from datetime import date

from odoo.tests import Form

from .common import FollowupCase


class TestSaleOrder(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Acme", cls.grade_b, cls.salesman, graded_on=date(2026, 2, 1))
        cls.ungraded = cls._customer("Newco", user=cls.salesman)
        cls.product = cls.env["product.product"].create({"name": "Pump", "list_price": 100})
        cls.salesman.groups_id |= cls.env.ref("sales_team.group_sale_salesman")

    def _quotation(self, customer):
        with Form(self.env["sale.order"].with_user(self.salesman)) as quotation:
            quotation.partner_id = customer
            # what the salesperson reads on the quotation as soon as the customer is set
            self.assertEqual(quotation.partner_followup_grade_id, customer.followup_grade_id)
            with quotation.order_line.new() as line:
                line.product_id = self.product
        return quotation.record

    def test_the_grade_shows_on_the_quotation(self):
        order = self._quotation(self.customer)
        self.assertEqual(order.partner_followup_grade_id, self.grade_b)
        view = self.env.ref("crm_followup_grading.sale_order_view_form")
        self.assertIn("partner_followup_grade_id", view.arch_db)

    def test_confirming_logs_an_order_followup_grade_unchanged(self):
        self.env["res.partner"]._cron_schedule_followups()
        self.assertTrue(self._reminders(self.customer))
        order = self._quotation(self.customer)
        order.with_user(self.salesman).action_confirm()
        log = self.customer.followup_log_ids
        self.assertEqual(len(log), 1)
        self.assertEqual(log.channel, "order")
        self.assertIn(order.name, log.summary)
        self.assertEqual(log.grade_id, self.grade_b)
        self.assertEqual(log.grade_before_id, self.grade_b)
        self.assertEqual(self.customer.followup_grade_id, self.grade_b)
        self.assertEqual(self.customer.followup_last_date, date(2026, 3, 4))
        self.assertEqual(self.customer.followup_next_date, date(2026, 3, 11))
        self.assertFalse(self._reminders(self.customer))

    def test_an_ungraded_customer_gets_no_log(self):
        order = self._quotation(self.ungraded)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(self.ungraded.followup_log_ids)
