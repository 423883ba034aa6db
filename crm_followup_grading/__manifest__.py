{
    "name": "CRM Follow-up Grading",
    "summary": "A–E customer grades, a follow-up cadence per grade, reminders "
    "and a pool for neglected customers",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/channel-suite/channel-suite",
    "author": "Channel Suite",
    "license": "LGPL-3",
    "depends": ["crm", "sale"],
    "data": [
        "security/ir.model.access.csv",
    ],
    "installable": True,
}
