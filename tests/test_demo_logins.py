"""Every login the demo's summary prints (tools/demo_summary.py) signs in with
the password it prints (the login), and has the rights of the role it states."""

import ast
from pathlib import Path

from .common import SuiteCase

SUMMARY = Path(__file__).resolve().parents[1] / "tools" / "demo_summary.py"


def printed_logins():
    """{login: role} of the LOGINS list of tools/demo_summary.py."""
    for node in ast.parse(SUMMARY.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "LOGINS":
            return dict(ast.literal_eval(node.value))
    raise AssertionError("tools/demo_summary.py has no LOGINS list")


class TestDemoLogins(SuiteCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("channel_suite_demo.story_referred_bakery", False):
            cls.skipTest(cls, "the suite is installed without its demo data")
        cls.logins = printed_logins()
        users = cls.env["res.users"].search([("login", "in", list(cls.logins))])
        cls.users = {user.login: user for user in users}

    def test_every_printed_login_signs_in_with_the_login_as_password(self):
        self.assertEqual(sorted(self.users), sorted(self.logins))
        for login, user in self.users.items():
            with self.subTest(login=login):
                user.with_user(user)._check_credentials(
                    {"type": "password", "password": login}, {"interactive": False}
                )

    def test_each_manager_role_has_its_own_login(self):
        sales_manager, dealer_manager = self.users["zhao.lei"], self.users["zheng.hao"]
        self.assertTrue(sales_manager.has_group("sales_team.group_sale_manager"))
        self.assertTrue(dealer_manager.has_group("dealer_channel_control.group_dealer_manager"))
        self.assertFalse(dealer_manager.has_group("sales_team.group_sale_manager"))
        # neither manager is the administrator
        self.assertFalse(sales_manager._is_admin() or dealer_manager._is_admin())

    def test_portal_logins_are_portal_users(self):
        for login in ("fresh.portal", "bulk.portal", "wang.portal"):
            with self.subTest(login=login):
                self.assertTrue(self.users[login]._is_portal())
