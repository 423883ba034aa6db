{
    "name": "Customer Referral Points",
    "summary": "Old customers bring new: referrers earn loyalty points when "
    "the customers they bring attend events and buy",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/channel-suite/channel-suite",
    "author": "Channel Suite",
    "license": "LGPL-3",
    "depends": ["sale_loyalty", "event"],
    "data": [
        "security/ir.model.access.csv",
    ],
    "installable": True,
}
