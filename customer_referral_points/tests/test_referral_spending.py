from odoo.tests import Form, freeze_time

from .common import ReferralCase


@freeze_time("2026-03-01 09:00:00")
class TestReferralSpending(ReferralCase):
    def test_referrer_spends_points_on_a_standard_reward(self):
        self.refer(self.customer)
        self.make_order(self.customer, 2000)
        self.assertEqual(self.referrer.referral_points, 200)
        reward = self.program.reward_ids
        self.assertEqual(reward.required_points, 100)

        order = self.make_order(self.referrer, 500, confirm=False)
        order = order.with_user(self.salesman)
        if order.action_open_reward_wizard() is not True:
            wizard = Form(
                self.env["sale.loyalty.reward.wizard"]
                .with_user(self.salesman)
                .with_context(active_id=order.id)
            )
            wizard.selected_reward_id = reward
            wizard.save().action_apply()
        reward_line = order.order_line.filtered(lambda line: line.reward_id == reward)
        self.assertEqual(reward_line.price_subtotal, -10.0)
        order.action_confirm()

        self.assertEqual(self.referrer.referral_points, 100)
        spent = self.card(self.referrer).history_ids.filtered(lambda line: line.used)
        self.assertEqual((spent.used, spent.order_id), (100, order.id))
        self.assertBalanced(self.referrer)

        order._action_cancel()
        self.assertEqual(self.referrer.referral_points, 200, "a cancelled order gives them back")
        self.assertBalanced(self.referrer)

    def test_referred_customers_orders_get_no_referral_card(self):
        self.refer(self.customer)
        self.make_order(self.customer, 2000)
        self.assertFalse(self.card(self.customer), "the program has no purchase rule")
