from urllib.parse import urlparse

from odoo.tests import HttpCase, new_test_user, tagged

from .common import StockDealerCase

HOME = ("/my", "/my/home")


@tagged("post_install", "-at_install")
class TestTerritoryPortal(HttpCase, StockDealerCase):
    """The dealer's territory page as its portal user's browser requests it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        lot = cls._lot("ZJ-2603-A")
        cls._deliver(cls.dealer, lot, 10)
        rival_lot = cls._lot("JS-RIVAL-9")
        cls._deliver(cls.other_dealer, rival_lot, 10)
        cls.portal = cls._portal("zj.portal", cls.dealer)
        cls.rival_portal = cls._portal("js.portal", cls.other_dealer)
        cls.customer_portal = cls._portal(
            "customer.portal", cls.env["res.partner"].create({"name": "Just a Customer"})
        )

    @classmethod
    def _portal(cls, login, company):
        user = new_test_user(cls.env, login, password=login, groups="base.group_portal")
        user.partner_id.parent_id = company
        return user

    def _cases(self):
        own = self._record_check("ZJ-2603-A", self.jiangsu).sudo().diversion_case_ids
        rival = self._record_check("JS-RIVAL-9", self.zhejiang).sudo().diversion_case_ids
        return own, rival

    def test_the_dealer_sees_its_cases_territories_and_lots_not_who_checked(self):
        own, _rival = self._cases()
        # confirming the case reviews its penalty, which reaches the dealer's violations page
        own.with_user(self.manager).action_confirm()
        self.authenticate("zj.portal", "zj.portal")
        response = self.url_open("/my/dealer/territory")
        self.assertEqual(response.status_code, 200)
        page = response.text
        for shown in ("ZJ-2603-A", "Green Tea", self.jiangsu.name, self.east.name):
            self.assertIn(shown, page)
        for hidden in ("Lucky Corner Shop", "Suzhou", "Dealer Rep", "JS-RIVAL-9", "Bulk Wholesale"):
            self.assertNotIn(hidden, page)
        self.assertIn("/my/dealer/territory", self.url_open("/my").text)
        # the confirmed penalty is on the dealer's violations page too
        self.assertIn("Green Tea", self.url_open("/my/dealer/violations").text)

    def test_the_rival_sees_only_its_own(self):
        self._cases()
        self.authenticate("js.portal", "js.portal")
        page = self.url_open("/my/dealer/territory").text
        self.assertIn("JS-RIVAL-9", page)
        self.assertNotIn("ZJ-2603-A", page)

    def test_customers_get_no_territory_page(self):
        self.authenticate("customer.portal", "customer.portal")
        self.assertIn(urlparse(self.url_open("/my/dealer/territory").url).path, HOME)
