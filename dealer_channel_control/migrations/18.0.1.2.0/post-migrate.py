"""A dealer's portal users read its price violations once reviewed: the portal
rule is data loaded once (noupdate), so existing databases get its new domain
here."""

from odoo import SUPERUSER_ID, api

RULE = "dealer_channel_control.dealer_price_violation_rule_portal"
DOMAIN = "[('dealer_id', '=', user.commercial_partner_id.id), ('state', '!=', 'draft')]"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref(RULE, raise_if_not_found=False)
    if rule:
        rule.write(
            {"name": "Price violations: portal users, own dealer, reviewed", "domain_force": DOMAIN}
        )
