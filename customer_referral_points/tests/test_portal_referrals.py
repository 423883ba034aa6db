from urllib.parse import urlparse

from lxml import html

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged


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

    def test_home_tile_counts_only_ones_own_referrals(self):
        """/my shows the tile when its counter is not zero (portal's own rule)."""
        for login, count in (("t.wang.portal", 1), ("t.nobody.portal", 0)):
            with self.subTest(login=login):
                self.authenticate(login, login)
                counters = self.make_jsonrpc_request(
                    "/my/counters", {"counters": ["referral_count"]}
                )
                self.assertEqual(counters["referral_count"], count)

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

    def _rpc(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _state(self):
        """What a portal user must not change: referrers, cards and ledger."""
        self.env.flush_all()
        self.env.invalidate_all()
        self.env.cr.execute("SELECT count(*), coalesce(sum(issued), 0) FROM loyalty_history")
        ledger = self.env.cr.fetchone()
        self.env.cr.execute("SELECT id, partner_id, points FROM loyalty_card ORDER BY id")
        return ledger, self.env.cr.fetchall(), (self.zhao | self.qian).read(["referred_by_id"])

    def test_json_rpc_as_a_portal_referrer(self):
        """What a hostile referrer would send through JSON-RPC with its own
        session: every read of cards, ledger or another referrer and every
        write of a referral is refused, and nothing changes."""
        self.authenticate("t.wang.portal", "t.wang.portal")
        before = self._state()
        li_card = self.env["loyalty.card"].search([("partner_id", "=", self.li.partner_id.id)])
        li_line = li_card.history_ids[:1]
        refused = [
            ("loyalty.card", "search_read", [[]], {"fields": ["points"]}),
            ("loyalty.card", "read", [li_card.ids, ["points"]], {}),
            ("loyalty.card", "write", [li_card.ids, {"points": 0}], {}),
            ("loyalty.history", "search_read", [[]], {"fields": ["issued"]}),
            ("loyalty.history", "read", [li_line.ids, ["issued"]], {}),
            (
                "loyalty.history",
                "create",
                [{"card_id": li_card.id, "description": "x", "issued": 5000}],
                {},
            ),
            ("res.partner", "read", [self.li.partner_id.ids, ["name"]], {}),
            ("res.partner", "read", [self.qian.ids, ["referred_by_id"]], {}),
            ("res.partner", "write", [self.zhao.ids, {"referred_by_id": False}], {}),
            (
                "res.partner",
                "write",
                [self.qian.ids, {"referred_by_id": self.wang.partner_id.id}],
                {},
            ),
            (
                "res.partner",
                "create",
                [{"name": "Fake Newcomer", "referred_by_id": self.wang.partner_id.id}],
                {},
            ),
            ("res.partner", "referral_ledger_check", [], {}),
            (
                "loyalty.program",
                "action_referral_reconcile",
                [self.env.ref("customer_referral_points.referral_program").ids],
                {},
            ),
        ]
        for model, method, args, kwargs in refused:
            with self.subTest(model=model, method=method, args=args):
                with self.assertRaises(JsonRpcException) as caught:
                    self._rpc(model, method, *args, **kwargs)
                self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")
        # its own partner's referral fields read, those of cards (groups=) do not:
        # the page shows the points
        own = self._rpc(
            "res.partner",
            "read",
            self.wang.partner_id.ids,
            ["referred_by_id", "referral_date", "referral_count"],
        )
        self.assertEqual(own[0]["id"], self.wang.partner_id.id)
        with self.assertRaises(JsonRpcException) as caught:
            self._rpc("res.partner", "read", self.wang.partner_id.ids, ["referral_points"])
        self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")
        self.assertEqual(self._state(), before)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Fake Newcomer")]))

    def test_guessed_ids_in_the_url_change_nothing(self):
        """The page takes no record id: whatever the URL carries, it shows the
        user's own card and customers."""
        li_card = self.env["loyalty.card"].search([("partner_id", "=", self.li.partner_id.id)])
        self.authenticate("t.wang.portal", "t.wang.portal")
        for url in (
            f"/my/referrals?card_id={li_card.id}",
            f"/my/referrals?partner_id={self.li.partner_id.id}",
            "/my/referrals/page/1",
            "/my/referrals/page/2",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("New Customer Qian", response.text)
                balance, lines, customers = self._read_page(response.text)
                self.assertEqual(balance, "100")
                self.assertEqual(customers, ["New Customer Zhao"])
                self.assertIn(lines, ([["New Customer Zhao", "Confirmed sales", "100"]], []))

    def test_contact_of_a_referring_company_sees_its_referrals(self):
        """A portal user acts for its company, as Odoo's portal shares a
        company's documents with its contacts."""
        company = self.env["res.partner"].create({"name": "Sun Trading", "is_company": True})
        contact = self._portal("t.sun.portal", "Sun Buyer")
        contact.partner_id.parent_id = company
        self._brought(company, "New Customer Feng", 2000.0)
        self.authenticate("t.sun.portal", "t.sun.portal")
        balance, lines, customers = self._read_page(self.url_open("/my/referrals").text)
        self.assertEqual(balance, "200")
        self.assertEqual(lines, [["New Customer Feng", "Confirmed sales", "200"]])
        self.assertEqual(customers, ["New Customer Feng"])

    def test_demo_referrer_has_a_portal_login(self):
        user = self.env.ref("customer_referral_points.demo_portal_user_wang", False)
        if not user:
            self.skipTest("installed without demo data")
        self.assertTrue(user._is_portal())
        self.assertEqual(
            user.partner_id, self.env.ref("customer_referral_points.demo_referrer_wang")
        )

    def test_the_page_says_how_points_are_earned_and_spent(self):
        """With the program's own numbers, in the referrer's language."""
        program = self.env["loyalty.program"]._referral_program_for(self.env.company)
        program.write({"referral_sales_points": 50, "referral_attendance_points": 30})
        self.authenticate("t.wang.portal", "t.wang.portal")
        how = html.fromstring(self.url_open("/my/referrals").text).xpath(
            "//div[hasclass('o_referral_how')]"
        )[0]
        text = " ".join(how.text_content().split())
        self.assertIn("You earn 50 points for every", text)
        self.assertIn("and 30 points the first time they attend one of our events", text)
        self.assertIn(f"for {program.referral_validity_days} days after you referred them", text)
        reward = program.reward_ids[:1]
        self.assertIn(f"{reward.required_points:g} points: {reward.description}", text)
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_referral_points"], ["zh_CN"])
        self.wang.partner_id.lang = "zh_CN"
        self.authenticate("t.wang.portal", "t.wang.portal")
        how = html.fromstring(self.url_open("/my/referrals").text).xpath(
            "//div[hasclass('o_referral_how')]"
        )[0]
        text = " ".join(how.text_content().split())
        self.assertIn("您介绍的客户每购买", text)
        self.assertIn("积分", text)
        self.assertIn("请您的销售员", text)
