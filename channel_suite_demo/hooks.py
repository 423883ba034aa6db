from odoo.addons.channel_suite_base.hooks import keep_records_in_use

# Records of ours that business documents may come to point to.
KEPT_MODELS = ["res.partner"]


def uninstall_hook(env):
    """The story's customers stay when orders point to them."""
    keep_records_in_use(env, "channel_suite_demo", KEPT_MODELS)
