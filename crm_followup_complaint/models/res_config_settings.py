from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_resolve_days = fields.Integer(
        related="company_id.complaint_resolve_days", readonly=False
    )
    complaint_found_amount = fields.Float(
        related="company_id.complaint_found_amount", readonly=False
    )
    complaint_escalated_amount = fields.Float(
        related="company_id.complaint_escalated_amount", readonly=False
    )
    complaint_breach_amount = fields.Float(
        related="company_id.complaint_breach_amount", readonly=False
    )
