from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dealer_diversion_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Cross-Territory Penalty Currency"
    )
    dealer_diversion_penalty_per_unit = fields.Monetary(
        related="company_id.dealer_diversion_penalty_per_unit",
        currency_field="dealer_diversion_currency_id",
        readonly=False,
    )
    dealer_market_check_mode = fields.Selection(
        related="company_id.dealer_market_check_mode", readonly=False
    )
