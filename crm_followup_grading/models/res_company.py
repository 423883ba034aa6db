from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    followup_reclaim_enabled = fields.Boolean(
        string="Return Neglected Customers to the Pool",
        default=True,
        help="Customers left without a follow-up for their grade's reclaim period lose "
        "their salesperson and return to the customer pool.",
    )
    followup_working_days = fields.Boolean(
        string="Count Follow-up Intervals in Working Days",
        help="Next follow-up dates skip the days off and public holidays of the company's "
        "working schedule.",
    )
