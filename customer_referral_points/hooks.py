from odoo.addons.channel_suite_base.hooks import keep_records_in_use

# Records of ours that business documents may come to point to.
KEPT_MODELS = ["res.partner", "loyalty.program"]


def uninstall_hook(env):
    """Uninstalling removes the referral links and the referral rules; the points
    already on customers' cards stay spendable: the programme stays, as a plain
    loyalty programme without rules, while cards point to it."""
    keep_records_in_use(env, "customer_referral_points", KEPT_MODELS)
