from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dealer_overstock_policy = fields.Selection(
        [("warn", "Warn"), ("block", "Block")],
        default="warn",
        required=True,
        help="What confirming an order that takes a dealer above its inventory band does: "
        "Warn confirms it, notes it in the chatter and schedules an activity for the "
        "manager; Block refuses it unless a dealer manager confirms.",
    )
    dealer_report_overdue_days = fields.Integer(
        string="Stock Report Overdue After (days)",
        default=8,
        help="A dealer without a done stock report for more than this many days gets "
        "its salesperson a reminder activity.",
    )
