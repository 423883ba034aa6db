from odoo.tests import TransactionCase


class TestInstall(TransactionCase):
    def test_module_installed(self):
        module = self.env["ir.module.module"].search([("name", "=", "crm_followup_grading")])
        self.assertEqual(module.state, "installed")
