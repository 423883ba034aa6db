from odoo.tests import freeze_time, new_test_user

from .common import TODAY, DealerCase

ADDON = "dealer_channel_control"
APPROVAL = "dealer_channel_control.mail_activity_dealer_floor_approval"


@freeze_time(TODAY)
class TestOrderLanguage(DealerCase):
    """What the server writes on orders and violations is in its reader's language:
    the order's salesperson (else the company's), the assignee of an activity,
    the dealer on its penalty invoice; not the language of who clicked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms([ADDON], ["zh_CN"], overwrite=True)
        cls.salesman.lang = "zh_CN"
        cls.manager.lang = "en_US"
        cls.zh_manager = new_test_user(
            cls.env,
            "dealer.boss.zh",
            groups="dealer_channel_control.group_dealer_manager,"
            "sales_team.group_sale_salesman_all_leads",
            name="Chinese Dealer Boss",
            lang="zh_CN",
        )

    def _notes(self, record):
        return " ".join(record.message_ids.mapped(lambda m: str(m.body or "")))

    def test_an_english_managers_confirmation_is_noted_in_the_salespersons_chinese(self):
        order = self._order(self.dealer, [(self.tea, 10, 70, 0)])
        order.with_user(self.manager).action_confirm()
        notes = self._notes(order)
        self.assertIn("已记录价格违规", notes)
        self.assertIn("差额", notes)
        self.assertNotIn("price violations recorded", notes)

    def test_without_salesperson_the_companys_language(self):
        self.company.partner_id.lang = "zh_CN"
        order = self._order(self.dealer, [(self.tea, 10, 70, 0)], user=self.manager)
        order.user_id = False
        order.with_user(self.manager).action_confirm()
        self.assertIn("已记录价格违规", self._notes(order))

    def test_an_english_salesperson_reads_english(self):
        self.salesman.lang = "en_US"
        order = self._order(self.dealer, [(self.tea, 10, 70, 0)])
        order.with_user(self.zh_manager).action_confirm()
        self.assertIn("price violations recorded", self._notes(order))

    def test_approval_activities_in_each_managers_language_refusal_in_the_salespersons(self):
        order = self._order(self.dealer, [(self.tea, 10, 70, 0)])
        order.with_user(self.salesman).action_dealer_send_for_approval()
        approvals = order.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(APPROVAL)
        )
        by_user = {activity.user_id: activity for activity in approvals}
        self.assertIn("审批低于经销商底线的价格", by_user[self.zh_manager].summary)
        self.assertIn("申请以低于经销商底线的价格确认", str(by_user[self.zh_manager].note))
        self.assertEqual(by_user[self.manager].summary, "Approve a price below the dealer floor")
        order.with_user(self.manager).action_dealer_refuse("Too cheap")
        self.assertIn("拒绝了低于经销商底线的价格：Too cheap", self._notes(order))
        todo = order.activity_ids.filtered(lambda a: a.user_id == self.salesman)
        self.assertEqual(todo.summary, "底线审批被拒")

    def test_the_overstock_note_is_in_the_salespersons_language(self):
        # rice: 300 on hand, 10 a day (30 days): any more overstocks the dealer
        self._report(self.dealer, "2026-03-09", [(self.tea, 100, 70), (self.rice, 300, 70)])
        order = self._order(self.dealer, [(self.rice, 10, 50, 0)])
        order.with_user(self.manager).action_confirm()
        self.assertIn("已确认，但本单会使经销商库存过高", self._notes(order))

    def test_an_invoiced_violation_notes_a_change_in_the_salespersons_language(self):
        order = self._order(self.dealer, [(self.tea, 10, 70, 0)])
        order.with_user(self.manager).action_confirm()
        violation = self.env["dealer.price.violation"].search([("sale_order_id", "=", order.id)])
        violation.with_user(self.manager).action_confirm()
        violation.with_user(self.manager).action_invoice_penalties()
        order.order_line.with_user(self.manager).with_context(tracking_disable=False).write(
            {"price_unit": 60}
        )
        self.assertIn("该违规开票后订单又被修改", self._notes(violation))

    def test_the_penalty_invoice_is_in_the_dealers_language(self):
        self.dealer.lang = "zh_CN"
        order = self._order(self.dealer, [(self.tea, 10, 70, 0)])
        order.with_user(self.manager).action_confirm()
        violation = self.env["dealer.price.violation"].search([("sale_order_id", "=", order.id)])
        violation.with_user(self.manager).action_confirm()
        violation.with_user(self.manager).action_invoice_penalties()
        line = violation.invoice_id.invoice_line_ids
        self.assertIn("价格罚款", line.name)

    def test_the_overdue_reminder_is_in_the_salespersons_language(self):
        self.env["dealer.report.reminder"].with_context(lang="en_US")._cron_remind_overdue()
        reminder = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.dealer.id)]
        )
        self.assertEqual(reminder.summary, "每周库存上报已逾期")
