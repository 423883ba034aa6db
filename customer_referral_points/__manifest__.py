{
    "name": "Customer Referral Points",
    "summary": "Old customers bring new: referrers earn loyalty points when "
    "the customers they bring attend events and buy",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/channel-suite/channel-suite",
    "author": "Channel Suite",
    "license": "LGPL-3",
    "depends": ["channel_suite_base", "sale_loyalty", "event"],
    "data": [
        "security/ir.model.access.csv",
        "security/customer_referral_points_security.xml",
        "views/res_partner_views.xml",
        "views/loyalty_history_views.xml",
        "views/loyalty_program_views.xml",
        "views/res_config_settings_views.xml",
        "views/customer_referral_points_menus.xml",
        "views/portal_templates.xml",
        "data/loyalty_program_data.xml",
        "data/ir_cron_data.xml",
    ],
    "demo": [
        "demo/referral_demo.xml",
        "demo/referral_portal_demo.xml",
    ],
    "installable": True,
    "uninstall_hook": "uninstall_hook",
}
