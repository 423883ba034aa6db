from . import (
    base_partner_merge_automatic_wizard,
    customer_value_snapshot,
    customer_vip_application,
    product_pricelist,
    res_company,
    res_config_settings,
    res_partner,
    res_partner_demo,
    res_partner_value,
    sale_order,
)
