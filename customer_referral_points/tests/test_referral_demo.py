from odoo.tests import TransactionCase


class TestReferralDemo(TransactionCase):
    def test_demo_referrers_hold_the_points_of_their_customers(self):
        points = {
            xmlid: self.env.ref(f"customer_referral_points.{xmlid}").referral_points
            for xmlid in ("demo_referrer_wang", "demo_referrer_li", "demo_referrer_zhang")
        }
        # Wang: Chen attended + 1,200 of sales, Liu 2,500; Li: Zhao attended,
        # her order cancelled; Zhang: Zhou attended, a quotation only.
        self.assertEqual(
            points, {"demo_referrer_wang": 400, "demo_referrer_li": 100, "demo_referrer_zhang": 100}
        )
        zhao = self.env.ref("customer_referral_points.demo_referred_zhao")
        lines = self.env["loyalty.history"].search(
            [("referred_partner_id", "=", zhao.id), ("referral_rule", "=", "sales")]
        )
        self.assertEqual(sorted(lines.mapped("issued")), [-100, 100])
