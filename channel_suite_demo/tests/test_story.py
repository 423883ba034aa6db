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

    def test_the_wholesale_dealer_reads_its_reviewed_penalties_on_the_portal(self):
        """The order below the floor and the market check are reviewed; the
        project's violation is still to review, so its portal user does not see it."""
        dealer = self.env.ref("dealer_channel_control.demo_dealer_bulk")
        violations = self.env["dealer.price.violation"].search([("dealer_id", "=", dealer.id)])
        self.assertEqual(
            {(v.source, v.state) for v in violations},
            {("sale_order", "confirmed"), ("market_check", "confirmed"), ("project", "draft")},
        )
        portal = self.env.ref("dealer_channel_control.demo_portal_user_bulk")
        seen = self.env["dealer.price.violation"].with_user(portal).search([])
        self.assertEqual(seen, violations.filtered(lambda v: v.state == "confirmed"))


class TestChineseCompany(TransactionCase):
    """The demo is a Chinese company: its address, its people and its customers.
    (Its currency, chart of accounts and the users' language come with `make
    demo`, which loads China's accounting localisation and Simplified Chinese.)"""

    def test_the_company_is_in_zhejiang(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.country_id, self.env.ref("base.cn"))
        self.assertEqual(company.state_id, self.env.ref("base.state_cn_ZJ"))
        self.assertEqual(company.name, "杭州禾丰实业有限公司")

    def test_customers_dealers_and_people_have_chinese_names(self):
        partners = (
            self.env.ref("dealer_channel_control.demo_dealer_fresh")
            | self.env.ref("dealer_channel_control.demo_dealer_bulk")
            | self.env.ref("customer_referral_points.demo_referrer_wang")
            | self.env.ref("crm_followup_grading.partner_followup_02")
            | self.env.ref("crm_followup_grading.user_followup_li").partner_id
            | self.env.ref("base.partner_admin")
        )
        for partner in partners:
            with self.subTest(partner=partner.name):
                self.assertTrue(all("\u4e00" <= char <= "\u9fff" for char in partner.name))
                self.assertEqual(partner.country_id.code, "CN")
                self.assertTrue(partner.state_id)

    def test_li_wei_sees_the_dealer_he_serves(self):
        li = self.env.ref("crm_followup_grading.user_followup_li")
        dealer = self.env.ref("dealer_channel_control.demo_dealer_bulk")
        self.assertTrue(li.has_group("dealer_channel_control.group_dealer_user"))
        self.assertEqual(dealer.user_id, li)
        reports = self.env["dealer.stock.report"].with_user(li).search([])
        self.assertTrue(reports)
        self.assertEqual(reports.dealer_id, dealer)

    def test_portal_users_see_their_salesperson_not_the_administrator(self):
        # the portal's sidebar shows the contact's salesperson, else its company's
        li = self.env.ref("crm_followup_grading.user_followup_li")
        for xmlid, expected in (
            ("dealer_channel_control.demo_portal_user_fresh", self.env.ref("base.user_demo")),
            ("dealer_channel_control.demo_portal_user_bulk", li),
            (
                "customer_referral_points.demo_portal_user_wang",
                self.env.ref("crm_followup_grading.user_followup_manager"),
            ),
        ):
            partner = self.env.ref(xmlid).partner_id
            with self.subTest(portal=xmlid):
                self.assertEqual(partner.user_id or partner.commercial_partner_id.user_id, expected)
                self.assertEqual(partner.commercial_partner_id.user_id, expected)
                self.assertEqual(expected.partner_id.country_id.code, "CN")
