from .common import SuiteCase

ADDONS = ("crm_followup_grading", "dealer_channel_control", "customer_referral_points")


class TestSuiteInstall(SuiteCase):
    def test_the_three_addons_are_installed(self):
        modules = self.env["ir.module.module"].search([("name", "in", ADDONS)])
        self.assertEqual({m.name: m.state for m in modules}, dict.fromkeys(ADDONS, "installed"))
