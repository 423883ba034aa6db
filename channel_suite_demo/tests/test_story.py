from odoo.tests import TransactionCase


class TestStory(TransactionCase):
    """The demo tells one story: the customers a manager opens in one addon are
    the ones the other two speak of."""

    def test_dealers_are_graded_customers_with_a_follow_up_history(self):
        dealers = self.env["res.partner"].search([("is_dealer", "=", True)])
        story = dealers.filtered(lambda d: d.followup_log_ids)
        self.assertGreaterEqual(len(story), 2)
        self.assertTrue(all(story.mapped("followup_grade_id")))

    def test_a_dealer_brings_a_new_customer_who_is_graded(self):
        referred = self.env.ref("channel_suite_demo.story_referred_bakery")
        self.assertTrue(referred.referred_by_id.is_dealer)
        self.assertEqual(referred.followup_grade_id.code, "C")

    def test_the_referred_customer_from_the_gala_is_an_a_customer(self):
        chen = self.env.ref("customer_referral_points.demo_referred_chen")
        self.assertEqual(chen.followup_grade_id.code, "A")
        self.assertTrue(chen.referred_by_id.followup_grade_id)
