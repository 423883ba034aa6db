"""The follow-up fields of a customer and how they are computed: its grade,
the cadence (the next follow-up and its status) and the pool clock (the day
it returns to the customer pool if nobody follows it up).

The model's other concerns live beside it: res_partner_followup_log.py (the
customer's follow-up logs), res_partner_followup_guard.py (what a create or a
write of a customer must pass), followup_holder.py (who may hold a customer),
res_partner_pool.py (releasing customers to the pool) and
res_partner_crons.py (the scheduled actions)."""

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column

from ..followup_rules import followup_state, next_followup_date

FOLLOWUP_STATES = [
    ("none", "Not graded"),
    ("scheduled", "Scheduled"),
    ("due", "Due today"),
    ("overdue", "Overdue"),
]

# The cadence and the pool clock: written only by the addon's own flows (logs,
# crons, claim, a manager's re-grade or assignment), which run as superuser.
FOLLOWUP_FLOW_FIELDS = (
    "followup_grade_date",
    "followup_last_date",
    "followup_next_date",
    "followup_state",
    "followup_assigned_date",
    "followup_pool_date",
    "followup_reclaim_date",
    "followup_reclaim_warned_date",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    followup_grade_id = fields.Many2one(
        "crm.followup.grade",
        string="Customer Grade",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        # a duplicate starts ungraded: grading it is a manager's or a follow-up's job
        copy=False,
        help="How soon a deal is expected; sets how often the customer must be followed up. "
        "Salespeople change it by logging a follow-up.",
    )
    followup_grade_color = fields.Integer(related="followup_grade_id.color", string="Grade Color")
    followup_grade_date = fields.Date(
        string="Graded On", readonly=True, copy=False, help="When the current grade was set."
    )
    followup_last_date = fields.Date(string="Last Follow-up", readonly=True, copy=False)
    # btree_not_null: the cron and the Due/Overdue filters look for the graded few.
    followup_next_date = fields.Date(
        string="Next Follow-up",
        compute="_compute_followup_next_date",
        store=True,
        index="btree_not_null",
        copy=False,
    )
    followup_state = fields.Selection(
        FOLLOWUP_STATES,
        string="Follow-up Status",
        compute="_compute_followup_state",
        search="_search_followup_state",
    )
    followup_pool_date = fields.Date(
        string="In Pool Since",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Set when the customer was returned to the customer pool for lack of follow-up.",
    )
    followup_assigned_date = fields.Date(
        string="Salesperson Since",
        readonly=True,
        copy=False,
        help="Reclaiming counts from here when the salesperson got the customer recently.",
    )

    # btree_not_null: the reclaim cron, the warning cron and the countdown filter
    # look for the few customers that can be reclaimed, by date
    followup_reclaim_date = fields.Date(
        string="Returns to Pool On",
        compute="_compute_followup_reclaim_date",
        store=True,
        index="btree_not_null",
        copy=False,
        help="The day the customer returns to the customer pool if no follow-up is logged "
        "before. Empty when it cannot be reclaimed.",
    )
    followup_reclaim_days_left = fields.Integer(
        string="Days Before Pool",
        compute="_compute_followup_reclaim_days_left",
        help="Days left before the customer returns to the customer pool.",
    )
    # the reclaim date the salesperson was warned about: one warning per date
    followup_reclaim_warned_date = fields.Date(string="Pool Warning For", readonly=True, copy=False)

    def _auto_init(self):
        # No customer is graded before this addon exists, so the stored next date is
        # NULL for all of them: creating the column ourselves spares the ORM from
        # computing it record by record on large databases.
        if not column_exists(self.env.cr, "res_partner", "followup_next_date"):
            create_column(self.env.cr, "res_partner", "followup_next_date", "date")
        if not column_exists(self.env.cr, "res_partner", "followup_reclaim_date"):
            create_column(self.env.cr, "res_partner", "followup_reclaim_date", "date")
            self._followup_fill_reclaim_dates()
        return super()._auto_init()

    def _followup_fill_reclaim_dates(self):
        """Upgrading a database where customers are already graded fills their
        countdown in one statement (calendar days), not customer by customer;
        the next log, assignment or re-grade of a customer counts it again in
        working days where the company does."""
        cr = self.env.cr
        if not column_exists(cr, "res_partner", "followup_assigned_date"):
            return  # a fresh install: nobody is graded yet
        cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET followup_reclaim_date = GREATEST(
                           COALESCE(p.followup_last_date, p.followup_grade_date),
                           p.followup_assigned_date) + g.reclaim_days + 1
                  FROM crm_followup_grade g, res_users u, res_company c
                 WHERE g.id = p.followup_grade_id AND g.reclaim_days > %(never)s
                   AND u.id = p.user_id
                   AND c.id = COALESCE(p.company_id, u.company_id)
                   AND c.followup_reclaim_enabled
                   AND COALESCE(p.followup_last_date, p.followup_grade_date) IS NOT NULL
                """,
                never=0,
            )
        )

    @api.depends(
        "followup_grade_id.interval_days",
        "followup_last_date",
        "followup_grade_date",
        "company_id.followup_working_days",
        "company_id.resource_calendar_id",
        "user_id.company_id.followup_working_days",
        "user_id.company_id.resource_calendar_id",
        "company_id.followup_calendar_cn",
        "user_id.company_id.followup_calendar_cn",
    )
    def _compute_followup_next_date(self):
        by_calendar = defaultdict(lambda: self.browse())
        for partner in self:
            base = partner.followup_last_date or partner.followup_grade_date
            if not (partner.followup_grade_id and base):
                partner.followup_next_date = False
                continue
            company = partner._followup_company()
            if company.followup_working_days and company.resource_calendar_id:
                by_calendar[company.resource_calendar_id, company.followup_calendar_cn] |= partner
            else:
                partner.followup_next_date = next_followup_date(
                    base, partner.followup_grade_id.interval_days
                )
        for (calendar, statutory_cn), partners in by_calendar.items():
            plans = [
                (p.followup_last_date or p.followup_grade_date, p.followup_grade_id.interval_days)
                for p in partners
            ]
            for partner, next_date in zip(
                partners, calendar._followup_next_dates(plans, statutory_cn), strict=True
            ):
                partner.followup_next_date = next_date

    @api.depends(
        "followup_grade_id.reclaim_days",
        "followup_last_date",
        "followup_grade_date",
        "followup_assigned_date",
        "user_id",
        "company_id.followup_reclaim_enabled",
        "company_id.followup_working_days",
        "company_id.followup_calendar_cn",
        "company_id.resource_calendar_id",
        "user_id.company_id.followup_reclaim_enabled",
        "user_id.company_id.followup_working_days",
        "user_id.company_id.followup_calendar_cn",
        "user_id.company_id.resource_calendar_id",
    )
    def _compute_followup_reclaim_date(self):
        """The day the reclaim cron takes the customer (it runs early in the
        morning): the day after its grade's reclaim period has passed since the
        last follow-up (or grading) and since it got its salesperson. Counted in
        calendar days (three months are three months); where the company counts
        working days, a day off moves it to the next working day. Stored, so the
        crons and the countdown filter search it with an index. Computed for a
        whole batch at once: the calendars are read once per batch."""
        by_calendar = defaultdict(dict)
        for partner in self:
            day = partner._followup_reclaim_day()
            partner.followup_reclaim_date = day
            company = partner.company_id or partner.user_id.company_id
            if day and company.followup_working_days and company.resource_calendar_id:
                key = (company.resource_calendar_id, company.followup_calendar_cn)
                by_calendar[key][partner] = day
        for (calendar, statutory_cn), days in by_calendar.items():
            moved = calendar._followup_first_working_dates(list(days.values()), statutory_cn)
            for partner, day in zip(days, moved, strict=True):
                partner.followup_reclaim_date = day

    def _followup_reclaim_day(self):
        """The reclaim day in calendar days, or False when it cannot be reclaimed."""
        self.ensure_one()
        grade = self.followup_grade_id
        base = self.followup_last_date or self.followup_grade_date
        company = self.company_id or self.user_id.company_id
        if not (grade.reclaim_days and base and self.user_id and company.followup_reclaim_enabled):
            return False
        if self.followup_assigned_date:
            base = max(base, self.followup_assigned_date)
        return base + timedelta(days=grade.reclaim_days + 1)

    @api.depends("followup_reclaim_date")
    @api.depends_context("tz")
    def _compute_followup_reclaim_days_left(self):
        today = fields.Date.context_today(self)
        for partner in self:
            day = partner.followup_reclaim_date
            partner.followup_reclaim_days_left = (day - today).days if day else 0

    def _followup_company(self):
        self.ensure_one()
        return self.company_id or self.user_id.company_id or self.env.company

    @api.depends("followup_next_date")
    @api.depends_context("tz")
    def _compute_followup_state(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.followup_state = (
                followup_state(partner.followup_next_date, today)
                if partner.followup_grade_id
                else "none"
            )

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        """The follow-up status depends on today: stored, it would be stale
        the next morning. It is worked out in SQL from the stored grade and
        next date instead, the same rule as ``followup_state()``, so the
        manager's pivot and lists group by it (as Odoo's account.account
        groups by its computed ``internal_group``)."""
        if fname == "followup_state":
            grade = self._field_to_sql(alias, "followup_grade_id", query, flush)
            next_date = self._field_to_sql(alias, "followup_next_date", query, flush)
            return SQL(
                """CASE WHEN %(grade)s IS NULL OR %(next)s IS NULL THEN 'none'
                        WHEN %(next)s > %(today)s THEN 'scheduled'
                        WHEN %(next)s = %(today)s THEN 'due'
                        ELSE 'overdue' END""",
                grade=grade,
                next=next_date,
                today=fields.Date.context_today(self),
            )
        return super()._field_to_sql(alias, fname, query, flush)

    def _search_followup_state(self, operator, value):
        """Translates the state into a domain on the stored next date, so the
        database filters with its index instead of Python reading every customer."""
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Unsupported search on the follow-up status."))
        states = {value} if operator in ("=", "!=") else set(value)
        if operator in ("!=", "not in"):
            states = {s for s, _label in FOLLOWUP_STATES} - states
        today = fields.Date.context_today(self)
        domains = {
            "none": ["|", ("followup_grade_id", "=", False), ("followup_next_date", "=", False)],
            "scheduled": [("followup_grade_id", "!=", False), ("followup_next_date", ">", today)],
            "due": [("followup_grade_id", "!=", False), ("followup_next_date", "=", today)],
            "overdue": [("followup_grade_id", "!=", False), ("followup_next_date", "<", today)],
        }
        return expression.OR([domains[s] for s in sorted(states) if s in domains])
