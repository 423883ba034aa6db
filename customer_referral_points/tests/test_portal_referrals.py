from urllib.parse import urlparse

from lxml import html

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestReferralPortal(HttpCase):
    """/my/referrals shows a referrer its own points, card lines and customers, and
    nothing of another referrer's; RPC reads of the ledger stay refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Portal Widget", "list_price": 1000.0, "taxes_id": [Command.clear()]}
        )
        cls.wang = cls._portal("t.wang.portal", "Old Customer Wang")
        cls.li = cls._portal("t.li.portal", "Old Customer Li")
        cls.nobody = cls._portal("t.nobody.portal", "Never Referred")
        cls.zhao = cls._brought(cls.wang.partner_id, "New Customer Zhao", 1000.0)
        cls.qian = cls._brought(cls.li.partner_id, "New Customer Qian", 3000.0)

    @classmethod
    def _portal(cls, login, name):
        user = new_test_user(cls.env, login, password=login, groups="base.group_portal")
        user.partner_id.name = name
        return user

    @classmethod
    def _brought(cls, referrer, name, amount):
        customer = cls.env["res.partner"].create({"name": name, "referred_by_id": referrer.id})
        order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "product_uom_qty": 1, "price_unit": amount}
                    )
                ],
            }
        )
        order.action_confirm()
        cls.env.flush_all()
        return customer

    def _read_page(self, text):
        """(balance, [[customer, rule, points] per ledger line], [customers])"""
        root = html.fromstring(text)

        def cells(row):
            return [cell.text_content().strip() for cell in row.xpath("./td")]

        balance = root.xpath("//div[hasclass('o_referral_points')]/p[hasclass('h3')]")
        return (
            balance[0].text_content().strip(),
            [cells(row)[1:] for row in root.xpath("//tr[hasclass('o_referral_line')]")],
            [cells(row)[0] for row in root.xpath("//tr[hasclass('o_referred_partner')]")],
        )

    def test_referrer_sees_own_points_lines_and_customers(self):
        self.authenticate("t.wang.portal", "t.wang.portal")
        response = self.url_open("/my/referrals")
        self.assertEqual(response.status_code, 200)
        balance, lines, customers = self._read_page(response.text)
        self.assertEqual(balance, "100")
        self.assertEqual(lines, [["New Customer Zhao", "Confirmed sales", "100"]])
        self.assertEqual(customers, ["New Customer Zhao"])
        self.assertIn("/my/referrals", self.url_open("/my").text)

    def test_other_referrer_sees_only_theirs(self):
        self.authenticate("t.li.portal", "t.li.portal")
        balance, lines, customers = self._read_page(self.url_open("/my/referrals").text)
        self.assertEqual(balance, "300")
        self.assertEqual(lines, [["New Customer Qian", "Confirmed sales", "300"]])
        self.assertEqual(customers, ["New Customer Qian"])

    def test_customer_without_referrals(self):
        self.authenticate("t.nobody.portal", "t.nobody.portal")
        response = self.url_open("/my/referrals")
        self.assertEqual(urlparse(response.url).path, "/my/referrals")
        self.assertIn("You have not brought any customer yet.", response.text)
        self.assertNotIn("Zhao", response.text)

    def test_rpc_reads_of_cards_and_ledger_are_refused(self):
        """What the page shows comes from the server's filtered reads: the portal
        user has no access to loyalty cards and their history at all."""
        for model in ("loyalty.card", "loyalty.history"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.wang).search_read([], ["id"])
        with self.assertRaises(AccessError):
            self.zhao.with_user(self.li).write({"referred_by_id": self.li.partner_id.id})
        self.assertEqual(self.zhao.referred_by_id, self.wang.partner_id)

    def test_demo_referrer_has_a_portal_login(self):
        user = self.env.ref("customer_referral_points.demo_portal_user_wang", False)
        if not user:
            self.skipTest("installed without demo data")
        self.assertTrue(user._is_portal())
        self.assertEqual(
            user.partner_id, self.env.ref("customer_referral_points.demo_referrer_wang")
        )
