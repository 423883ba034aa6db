from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    followup_reclaim_enabled = fields.Boolean(
        related="company_id.followup_reclaim_enabled", readonly=False
    )
    followup_working_days = fields.Boolean(
        related="company_id.followup_working_days", readonly=False
    )
