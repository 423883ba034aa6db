from odoo import api, fields, models

from ..statutory_cn import covered_years


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    followup_reclaim_enabled = fields.Boolean(
        related="company_id.followup_reclaim_enabled", readonly=False
    )
    followup_working_days = fields.Boolean(
        related="company_id.followup_working_days", readonly=False
    )
    followup_claim_max_held = fields.Integer(
        related="company_id.followup_claim_max_held", readonly=False
    )
    followup_claim_max_daily = fields.Integer(
        related="company_id.followup_claim_max_daily", readonly=False
    )
    followup_claim_cooldown_days = fields.Integer(
        related="company_id.followup_claim_cooldown_days", readonly=False
    )
    followup_reclaim_warning_days = fields.Integer(
        related="company_id.followup_reclaim_warning_days", readonly=False
    )
    followup_calendar_cn = fields.Boolean(related="company_id.followup_calendar_cn", readonly=False)
    followup_calendar_cn_coverage = fields.Char(
        string="Statutory Holidays Known", compute="_compute_followup_calendar_cn_coverage"
    )

    @api.depends("company_id")
    def _compute_followup_calendar_cn_coverage(self):
        years = covered_years()
        for settings in self:
            settings.followup_calendar_cn_coverage = (
                self.env._(
                    "%(first)s to %(last)s. Later dates count on the company's working schedule "
                    "alone until the chinesecalendar library is updated.",
                    first=years[0],
                    last=years[1],
                )
                if years
                else self.env._("None: the chinesecalendar library is not installed.")
            )
