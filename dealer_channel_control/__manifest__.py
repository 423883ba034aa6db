{
    "name": "Dealer Channel Control",
    "summary": "Dealer stock reports in inventory days, order checks, price "
    "floors with penalties, and project registration",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/channel-suite/channel-suite",
    "author": "Channel Suite",
    "license": "LGPL-3",
    "depends": ["sale_management"],
    "data": [
        "security/dealer_security.xml",
        "security/ir.model.access.csv",
    ],
    "installable": True,
}
