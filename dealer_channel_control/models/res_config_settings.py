from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dealer_overstock_policy = fields.Selection(
        related="company_id.dealer_overstock_policy", readonly=False
    )
    dealer_report_overdue_days = fields.Integer(
        related="company_id.dealer_report_overdue_days", readonly=False
    )
