from odoo.tests import TransactionCase, new_test_user


class TestInstall(TransactionCase):
    def test_module_installed(self):
        module = self.env["ir.module.module"].search([("name", "=", "dealer_channel_control")])
        self.assertEqual(module.state, "installed")

    def test_manager_is_a_dealer_user_and_a_salesperson(self):
        manager = new_test_user(
            self.env, "dealer.manager", groups="dealer_channel_control.group_dealer_manager"
        )
        self.assertTrue(manager.has_group("dealer_channel_control.group_dealer_user"))
        self.assertTrue(manager.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(manager.has_group("sales_team.group_sale_manager"))
        # they invoice the penalties themselves
        self.assertTrue(manager.has_group("account.group_account_invoice"))
