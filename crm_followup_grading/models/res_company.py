from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..statutory_cn import covered_years, uncovered_years

POOL_RULE_FIELDS = (
    "followup_claim_max_held",
    "followup_claim_max_daily",
    "followup_claim_cooldown_days",
    "followup_reclaim_warning_days",
)


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
    followup_claim_max_held = fields.Integer(
        string="Most Customers Held per Salesperson",
        help="A salesperson holding this many customers that can return to the pool cannot "
        "claim more. 0: no cap.",
    )
    followup_claim_max_daily = fields.Integer(
        string="Most Claims per Salesperson per Day",
        help="Claims from the customer pool a salesperson may make in one day. 0: no cap.",
    )
    followup_claim_cooldown_days = fields.Integer(
        string="Claim Cooldown (Days)",
        default=30,
        help="A salesperson cannot claim back, within this many days, a customer that was "
        "reclaimed from them or that they released. 0: no cooldown.",
    )
    followup_reclaim_warning_days = fields.Integer(
        string="Warn Before Returning to the Pool (Days)",
        default=7,
        help="The salesperson gets one activity this many days before a customer returns "
        "to the pool. 0: no warning.",
    )
    followup_calendar_cn = fields.Boolean(
        string="China's Statutory Holidays",
        help="With intervals counted in working days, China's statutory holidays are days "
        "off and the make-up working days (调休) are working days, on top of the company's "
        "weekly schedule.",
    )

    @api.constrains(*POOL_RULE_FIELDS)
    def _check_followup_pool_rules(self):
        for company in self:
            for fname in POOL_RULE_FIELDS:
                if company[fname] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(rule)s cannot be negative (0 means none).",
                            rule=self._fields[fname]._description_string(self.env),
                        )
                    )

    @api.constrains("followup_calendar_cn")
    def _check_followup_calendar_cn(self):
        """A calendar without this year's schedule would plan wrong dates in silence:
        refuse to switch it on until the library is updated."""
        today = fields.Date.context_today(self)
        if any(self.mapped("followup_calendar_cn")) and uncovered_years(today, today):
            years = covered_years()
            covered = f"{years[0]}–{years[1]}" if years else "-"
            raise ValidationError(
                self.env._(
                    "China's statutory holiday schedule for %(year)s is not known yet: the "
                    "installed chinesecalendar library covers %(covered)s. Ask your "
                    "administrator to update it (pip install -U chinesecalendar), then "
                    "switch the setting on.",
                    year=today.year,
                    covered=covered,
                )
            )

    def _followup_warning_horizon(self, today):
        """Customers returning to the pool up to this date are warned today: the
        warning comes that many days before, in working days where the company
        counts them (no warning lost in a holiday)."""
        self.ensure_one()
        days = self.followup_reclaim_warning_days
        if self.followup_working_days and self.resource_calendar_id:
            return self.resource_calendar_id._followup_next_dates(
                [(today, days)], self.followup_calendar_cn
            )[0]
        return today + timedelta(days=days)

    @api.model
    def _followup_report_calendar_cn_gaps(self, today, ahead=60):
        """When dates soon reach a year the statutory calendar does not cover
        (the library not updated yet), every sales manager of a company that
        uses it gets one to-do on the company, saying those dates count on the
        weekly schedule alone until then: a clear message, not a silent date."""
        gaps = uncovered_years(today, today + timedelta(days=ahead))
        if not gaps:
            return
        companies = self.search(
            [("followup_calendar_cn", "=", True), ("followup_working_days", "=", True)]
        )
        todo = self.env.ref("mail.mail_activity_data_todo")
        manager_group = self.env.ref("sales_team.group_sale_manager")
        for company in companies:
            summary = self.env._(
                "China's statutory holidays of %(year)s are not known yet", year=gaps[0]
            )
            partner = company.partner_id.sudo()
            told = partner.activity_ids.filtered(lambda a, s=summary: a.summary == s).user_id
            managers = self.env["res.users"].search(
                [
                    ("groups_id", "in", manager_group.id),
                    ("company_ids", "in", company.id),
                    ("share", "=", False),
                ]
            )
            for manager in managers - told:
                partner.activity_schedule(
                    activity_type_id=todo.id,
                    summary=summary,
                    note=self.env._(
                        "The installed chinesecalendar library has no schedule for %(year)s. "
                        "Until it is updated (pip install -U chinesecalendar, then switch the "
                        "setting off and on to count the dates again), follow-up and reclaim "
                        "dates in %(year)s count on the company's working schedule alone: "
                        "enter that year's holidays there meanwhile.",
                        year=gaps[0],
                    ),
                    user_id=manager.id,
                    date_deadline=today,
                )
