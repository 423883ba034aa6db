{
    "name": "Channel Suite: Demo Story",
    "summary": "Demo data that ties the suite's addons together: the same customers "
    "graded, some of them dealers, some referred",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "website": "https://github.com/channel-suite/channel-suite",
    "author": "Channel Suite",
    "license": "LGPL-3",
    "depends": [
        "crm_followup_grading",
        "dealer_channel_control",
        "customer_referral_points",
        "crm_customer_value",
        "crm_followup_complaint",
        "dealer_channel_stock",
    ],
    "demo": ["demo/channel_story_demo.xml"],
    # A bridge, as Odoo's own sale_crm or event_sale: it comes with the suite's
    # addons and holds nothing but demo data, which a production database never loads.
    "auto_install": True,
    "installable": True,
    "uninstall_hook": "uninstall_hook",
}
