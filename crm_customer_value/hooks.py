from odoo.tools import SQL

from odoo.addons.channel_suite_base.hooks import keep_records_in_use

# Records of ours that business documents may come to point to.
KEPT_MODELS = ["res.partner", "product.product", "product.template", "product.category"]


def uninstall_hook(env):
    """Uninstalling removes the applications and snapshots; a VIP's pricelist
    goes back to the one it had before its status, and the customers, products
    and orders of the demo that documents point to stay."""
    applications = env["customer.vip.application"].search(
        [("state", "=", "approved"), ("partner_id.vip_state", "=", "vip")]
    )
    for application in applications:
        company = application.company_id
        partner = application.partner_id.with_company(company)
        if company.vip_pricelist_id and (
            partner.specific_property_product_pricelist == company.vip_pricelist_id
        ):
            partner.specific_property_product_pricelist = application.previous_pricelist_id
    env.cr.execute(SQL("DELETE FROM customer_vip_application"))
    keep_records_in_use(env, "crm_customer_value", KEPT_MODELS)
