from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    vip_single_order_amount = fields.Monetary(
        related="company_id.vip_single_order_amount", readonly=False
    )
    vip_month_amount = fields.Monetary(related="company_id.vip_month_amount", readonly=False)
    vip_category_ids = fields.Many2many(related="company_id.vip_category_ids", readonly=False)
    vip_validity_months = fields.Integer(related="company_id.vip_validity_months", readonly=False)
    vip_pricelist_id = fields.Many2one(related="company_id.vip_pricelist_id", readonly=False)
    value_period_months = fields.Integer(related="company_id.value_period_months", readonly=False)
    value_basis = fields.Selection(related="company_id.value_basis", readonly=False)
    value_overdue_days = fields.Integer(related="company_id.value_overdue_days", readonly=False)
