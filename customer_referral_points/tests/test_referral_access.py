from odoo.tests import freeze_time, new_test_user

from .common import ReferralCase


@freeze_time("2026-03-01 09:00:00")
class TestReferralAccess(ReferralCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_salesman = new_test_user(
            cls.env, "ref_other_salesman", groups="sales_team.group_sale_salesman"
        )
        cls.all_docs = new_test_user(
            cls.env, "ref_all_docs", groups="sales_team.group_sale_salesman_all_leads"
        )
        cls.referrer.user_id = cls.salesman
        cls.other_referrer.user_id = cls.other_salesman

    def test_own_documents_salespeople_see_their_customers_lines_only(self):
        self.refer(self.customer, self.referrer)
        self.refer(self.customer2, self.other_referrer)
        self.make_order(self.customer, 1000)
        self.make_order(self.customer2, 1000)
        domain = [("referred_partner_id", "in", (self.customer | self.customer2).ids)]
        History = self.env["loyalty.history"]
        self.assertEqual(
            History.with_user(self.salesman).search(domain).referred_partner_id, self.customer
        )
        self.assertEqual(
            History.with_user(self.other_salesman).search(domain).referred_partner_id,
            self.customer2,
        )
        self.assertEqual(
            History.with_user(self.all_docs).search(domain).referred_partner_id,
            self.customer | self.customer2,
        )
        self.assertFalse(self.other_referrer.with_user(self.salesman).referral_history_ids)
        self.assertEqual(self.other_referrer.with_user(self.salesman).referral_points, 100)

    def test_screens_open_for_salespeople(self):
        """The Referral tab, the ledger and the leaderboard load for a salesperson."""
        form = self.env["res.partner"].with_user(self.salesman).get_views([(False, "form")])
        self.assertIn('name="referral"', form["views"]["form"]["arch"])
        for xmlid in (
            "customer_referral_points.loyalty_history_referral_action",
            "customer_referral_points.loyalty_history_referral_leaderboard_action",
            "customer_referral_points.res_partner_action_referred",
        ):
            action = self.env.ref(xmlid)
            views = [(view.view_id.id, view.view_mode) for view in action.view_ids] or [
                (False, mode) for mode in action.view_mode.split(",")
            ]
            result = self.env[action.res_model].with_user(self.salesman).get_views(views)
            self.assertTrue(result["views"], xmlid)
        menu = self.env.ref("customer_referral_points.referral_menu")
        self.assertIn(menu, self.env["ir.ui.menu"].with_user(self.salesman).search([]))
        program_menu = self.env.ref("customer_referral_points.loyalty_program_menu_referral")
        self.assertNotIn(program_menu, self.env["ir.ui.menu"].with_user(self.salesman).search([]))
