{
    "name": "Dealer Channel Stock",
    "summary": "Cross-territory selling (窜货) traced from the lot a market check finds "
    "to the dealer it was delivered to",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/channel-suite/channel-suite",
    "author": "Channel Suite",
    "license": "LGPL-3",
    "depends": ["dealer_channel_control", "stock"],
    "data": [
        "security/ir.model.access.csv",
        "security/dealer_stock_security.xml",
        "data/ir_sequence_data.xml",
        "views/dealer_territory_views.xml",
        "views/dealer_diversion_case_views.xml",
        "views/dealer_lot_delivery_report_views.xml",
        "views/dealer_price_check_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/dealer_stock_menus.xml",
        "views/portal_templates.xml",
    ],
    "demo": ["demo/dealer_stock_demo.xml"],
    # A bridge, as Odoo's own sale_stock: it comes with the dealer addon and stock.
    "auto_install": True,
    "installable": True,
    "uninstall_hook": "uninstall_hook",
}
