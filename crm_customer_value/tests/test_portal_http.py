from urllib.parse import urlparse

from odoo import Command, http
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestVipPortal(HttpCase):
    """/my/vip as a customer's browser requests it, and the JSON-RPC calls a
    hostile portal user could send."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.cr.execute("UPDATE sale_order SET state = 'cancel' WHERE state = 'sale'")
        cls.company = cls.env.company
        # every product counts (the demo's company counts its high-end range only)
        cls.company.write(
            {
                "vip_single_order_amount": 10000.0,
                "vip_month_amount": 20000.0,
                "vip_category_ids": [Command.clear()],
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "Portal Home Co", "is_company": True})
        cls.portal = new_test_user(
            cls.env, "vip.portal", password="vip.portal", groups="base.group_portal"
        )
        cls.portal.partner_id.parent_id = cls.customer
        cls.sofa = cls.env["product.product"].create(
            {"name": "Portal Sofa", "list_price": 100.0, "taxes_id": [Command.clear()]}
        )

    def _sell(self, amount):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.sofa.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        return order

    def _applications(self):
        return self.env["customer.vip.application"].search([("partner_id", "=", self.customer.id)])

    def _apply(self):
        return self.url_open("/my/vip/apply", data={"csrf_token": http.Request.csrf_token(self)})

    def test_the_page_shows_how_far_each_threshold_is(self):
        self._sell(6000.0)
        self.authenticate("vip.portal", "vip.portal")
        response = self.url_open("/my/vip")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_vip_progress", response.text)
        self.assertIn("4,000.00", response.text)  # single order: 6,000 of 10,000
        self.assertIn("14,000.00", response.text)  # this month: 6,000 of 20,000
        self.assertIn("/my/vip", self.url_open("/my").text)

    def test_applying_without_qualifying_says_why_and_saves_nothing(self):
        self._sell(6000.0)
        self.authenticate("vip.portal", "vip.portal")
        response = self._apply()
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_vip_error", response.text)
        self.assertIn("does not qualify", response.text)
        self.assertFalse(self._applications())

    def test_applying_when_qualifying_submits(self):
        self.company.vip_month_amount = 30000.0
        self._sell(6000.0)
        self._sell(6000.0)
        self._sell(9000.0)  # the month: 21,000; no single order reaches 10,000
        self.assertFalse(self._applications())
        self.company.vip_month_amount = 20000.0
        self.authenticate("vip.portal", "vip.portal")
        response = self._apply()
        self.assertIn("o_vip_submitted", response.text)
        application = self._applications()
        self.assertEqual(application.state, "submitted")
        self.assertEqual(application.basis, "month_total")
        self.assertEqual(application.qualifying_amount, 21000.0)
        self.assertIn("waiting for a decision", self.url_open("/my/vip").text)

    def test_portal_user_cannot_approve_or_forge(self):
        self._sell(12000.0)
        application = self._applications()
        self.assertEqual(application.state, "submitted")
        self.authenticate("vip.portal", "vip.portal")
        calls = [
            ("customer.vip.application", "action_approve", [application.ids]),
            ("customer.vip.application", "write", [application.ids, {"state": "approved"}]),
            ("res.partner", "write", [self.customer.ids, {"vip_state": "vip"}]),
            ("res.partner", "write", [self.customer.ids, {"value_class": "a"}]),
        ]
        for model, method, args in calls:
            with self.subTest(model=model, method=method), self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {"model": model, "method": method, "args": args, "kwargs": {}},
                )
        self.assertEqual(application.state, "submitted")
        self.assertEqual(self.customer.vip_state, "none")

    def test_internal_users_and_strangers_are_sent_home(self):
        self.authenticate("admin", "admin")
        response = self.url_open("/my/vip")
        self.assertIn(urlparse(response.url).path, ("/my", "/my/home", "/odoo"))
