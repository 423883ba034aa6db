import logging
from collections import defaultdict
from datetime import timedelta

from markupsafe import escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column

from odoo.addons.channel_suite_base.cron_batches import run_in_batches

from ..followup_rules import followup_state, next_followup_date
from .followup_guard import changed_fields, field_labels
from .followup_holder import MANAGER_GROUP, SALES_GROUP

_logger = logging.getLogger(__name__)

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
    # groups: these read logs and opportunities, which only sales users may read;
    # without it a full read() of a contact fails for every other internal user.
    followup_log_ids = fields.One2many(
        "crm.followup.log",
        "partner_id",
        string="Follow-up Logs",
        readonly=True,
        groups=SALES_GROUP,
    )
    followup_log_count = fields.Integer(
        string="Follow-ups", compute="_compute_followup_log_count", groups=SALES_GROUP
    )
    followup_suggested_grade_id = fields.Many2one(
        "crm.followup.grade",
        string="Suggested Grade",
        compute="_compute_followup_suggested_grade_id",
        groups=SALES_GROUP,
        help="From the nearest expected closing date of the customer's open opportunities.",
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

    def _compute_followup_log_count(self):
        counts = dict(
            self.env["crm.followup.log"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.followup_log_count = counts.get(partner, 0)

    @api.depends_context("tz")
    def _compute_followup_suggested_grade_id(self):
        nearest = dict(
            self.env["crm.lead"]._read_group(
                [
                    ("partner_id", "in", self.ids),
                    ("type", "=", "opportunity"),
                    ("probability", ">", 0),
                    ("stage_id.is_won", "=", False),
                ],
                ["partner_id"],
                ["date_deadline:min"],
            )
        )
        suggest = self.env["crm.followup.grade"]._suggest_for_close_date
        for partner in self:
            partner.followup_suggested_grade_id = (
                suggest(nearest[partner] or None) if partner in nearest else False
            )

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if not self.env.su:
                self._check_followup_flow_fields([f for f in FOLLOWUP_FLOW_FIELDS if vals.get(f)])
            if vals.get("followup_grade_id"):
                self._check_followup_grade_access()
                vals.setdefault("followup_grade_date", today)
            if vals.get("user_id"):
                vals.setdefault("followup_assigned_date", today)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_followup_flow_fields(changed_fields(self, vals, FOLLOWUP_FLOW_FIELDS))
        regraded = self.browse()
        if "followup_grade_id" in vals:
            regraded = self.filtered(lambda p: p.followup_grade_id.id != vals["followup_grade_id"])
            if regraded:
                self._check_followup_grade_access()
        reassigned = self.browse()
        if "user_id" in vals:
            reassigned = self.filtered(lambda p: p.user_id.id != (vals["user_id"] or False))
        self._check_followup_write(vals, regraded, reassigned)
        if not vals.get("user_id"):
            reassigned = self.browse()  # clearing the salesperson restarts no clock
        # a manager's assignment of a graded or pooled customer is pool history
        # (the flows that write as superuser, a claim, record their own event)
        assigned = self.browse()
        if reassigned and not self.env.su:
            assigned = reassigned.filtered(lambda p: p.followup_grade_id or p.followup_pool_date)
        stamps = self._followup_write_stamps(vals, regraded, reassigned)
        if len(stamps) == 1 and len(next(iter(stamps.values()))) == len(set(self.ids)):
            # the whole batch changes alike (claim, assignment): one write
            vals = {**vals, **dict(next(iter(stamps)))}
            stamps = {}
        result = super().write(vals)
        for stamp, partners in stamps.items():
            super(ResPartner, partners).write(dict(stamp))
        if regraded and not (self.env.su and self.env.context.get("followup_from_log")):
            regraded._followup_replan_reminders()
        if reassigned or regraded:
            # the reclaim clock restarted: a warning about the old date is void
            warned = (reassigned | regraded).filtered("followup_reclaim_warned_date")
            if warned:
                warned.sudo()._followup_reclaim_warnings().unlink()
        if assigned:
            user = self.env["res.users"].browse(vals["user_id"])
            self.env["crm.followup.pool.event"]._followup_record(
                "assigned",
                assigned,
                dict.fromkeys(assigned.ids, user),
                dict.fromkeys(
                    assigned.ids, self.env._("Assigned by %(user)s", user=self.env.user.name)
                ),
            )
        return result

    def _followup_write_stamps(self, vals, regraded, reassigned):
        """The dates a write stamps, grouped by the customers it really changes:
        a mass edit restarts the cadence (grade date) and the reclaim clock
        (assigned date, out of the pool) only of the customers whose grade or
        salesperson it changes, never of the rest of the batch."""
        today = fields.Date.context_today(self)
        on_regrade = {"followup_grade_date": today}
        on_reassign = {"followup_assigned_date": today, "followup_pool_date": False}
        regraded_ids, reassigned_ids = set(regraded.ids), set(reassigned.ids)
        groups = defaultdict(list)
        for partner_id in regraded_ids | reassigned_ids:
            stamp = {}
            if partner_id in regraded_ids:
                stamp.update(on_regrade)
            if partner_id in reassigned_ids:
                stamp.update(on_reassign)
            # the flows that pass a date themselves (a log's date) keep it
            stamp = {key: value for key, value in stamp.items() if key not in vals}
            if stamp:
                groups[tuple(sorted(stamp.items()))].append(partner_id)
        return {stamp: self.browse(ids) for stamp, ids in groups.items()}

    def _followup_replan_reminders(self):
        """A manager's direct re-grade restarts the cadence: an open reminder moves
        to the new next date, or goes when the customer is no longer due (the
        cadence cron brings one back when it is). A follow-up log closes its
        reminder itself instead."""
        today = fields.Date.context_today(self)
        next_dates = {partner.id: partner.followup_next_date for partner in self}
        reminders = self.sudo()._followup_reminders()
        due = reminders.filtered(lambda a: next_dates[a.res_id] and next_dates[a.res_id] <= today)
        (reminders - due).unlink()
        for activity in due:
            activity.date_deadline = next_dates[activity.res_id]

    def _check_followup_grade_access(self):
        """Grades change through follow-up logs (which write as superuser), so
        every change is auditable; only sales managers grade directly."""
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        raise UserError(
            self.env._(
                "Only sales managers can change a customer's grade directly. "
                "Log a follow-up to re-grade the customer."
            )
        )

    def _check_followup_flow_fields(self, fnames):
        """The cadence and the pool clock are facts of the follow-up history:
        nobody sets them by hand, managers included (they re-grade or assign)."""
        if fnames:
            raise UserError(
                self.env._(
                    "These follow-up fields cannot be set by hand: %(fields)s. They change "
                    "only when a follow-up is logged, by the scheduled actions, when a customer "
                    "is claimed from the pool, or when a sales manager re-grades or assigns "
                    "the customer.",
                    fields=field_labels(self, fnames),
                )
            )

    def _followup_may_log(self):
        """The customers among these the current user may log follow-ups for,
        as the record rules of the logs say: their own customers for a
        salesperson, all for the all-documents and manager groups, none for a
        user without a sales group; in the user's companies."""
        user = self.env.user
        if user.has_group("sales_team.group_sale_salesman_all_leads"):
            partners = self
        elif user.has_group(SALES_GROUP):
            partners = self.filtered(lambda p: p.user_id == user)
        else:
            return self.browse()
        return partners.filtered(lambda p: not p.company_id or p.company_id in self.env.companies)

    def action_followup_log(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log follow-up"),
            "res_model": "crm.followup.log",
            "view_mode": "form",
            "views": [
                [self.env.ref("crm_followup_grading.crm_followup_log_view_form_dialog").id, "form"]
            ],
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def action_view_followup_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_followup_grading.crm_followup_log_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_followup_release(self):
        """Opens the dialog where the salesperson gives the reason for giving
        the customers back to the pool."""
        self._check_followup_release_access()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Release to the customer pool"),
            "res_model": "crm.followup.release.wizard",
            "view_mode": "form",
            "views": [[False, "form"]],
            "target": "new",
            "context": {"default_partner_ids": [fields.Command.set(self.ids)]},
        }

    def _check_followup_release_access(self):
        """Only a customer's own salesperson or a sales manager gives it back."""
        if not self:
            raise UserError(self.env._("Choose the customers to release to the customer pool."))
        unheld = self.filtered(lambda p: not p.user_id)
        if unheld:
            raise UserError(
                self.env._(
                    "These customers have no salesperson to release them: %(names)s.",
                    names=", ".join(unheld.mapped("display_name")),
                )
            )
        if self.env.user.has_group(MANAGER_GROUP):
            return
        others = self.filtered(lambda p: p.user_id != self.env.user)
        if others or not self.env.user.has_group(SALES_GROUP):
            raise AccessError(
                self.env._(
                    "Only the customer's own salesperson or a sales manager can release it to "
                    "the customer pool: %(names)s.",
                    names=", ".join((others or self).mapped("display_name")),
                )
            )

    def _followup_release(self, reason):
        """Gives the customers back to the pool, with the reason in the chatter
        and in the pool history (the cooldown counts from today)."""
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for releasing the customer."))
        self._check_followup_release_access()
        previous = {partner.id: partner.user_id for partner in self}
        self.sudo()._message_log_batch(
            {
                partner.id: escape(
                    self.env._(
                        "Released to the customer pool by %(user)s (salesperson %(salesperson)s): "
                        "%(reason)s",
                        user=self.env.user.name,
                        salesperson=partner.user_id.name,
                        reason=reason,
                    )
                )
                for partner in self
            },
            author_id=self.env.user.partner_id.id,
        )
        self._followup_to_pool()
        self.env["crm.followup.pool.event"]._followup_record(
            "released", self, previous, dict.fromkeys(self.ids, reason)
        )
        return True

    def _followup_to_pool(self):
        """The customers lose their salesperson and their pending reminders and
        warnings, and wait in the pool from today."""
        self.sudo()._followup_pool_activities().unlink()
        # the chatter note names the salesperson: no tracking message per customer
        self.sudo().with_context(mail_notrack=True).write(
            {"user_id": False, "followup_pool_date": fields.Date.context_today(self)}
        )

    # ------------------------------------------------------------------
    # Scheduled actions
    # ------------------------------------------------------------------

    @api.model
    def _cron_schedule_followups(self, batch_size=1000):
        """Gives every due graded customer exactly one open reminder, assigned to
        its salesperson, due on its next follow-up date."""
        today = fields.Date.context_today(self)
        partner_ids = self.search(
            [
                ("followup_grade_id", "!=", False),
                ("followup_next_date", "<=", today),
                ("user_id", "!=", False),
            ],
            order="id",
        ).ids
        run_in_batches(self.browse(partner_ids), type(self)._followup_schedule_batch, batch_size)

    @api.model
    def _cron_reclaim_neglected(self, batch_size=1000):
        """Returns customers whose salesperson left them without a follow-up for
        their grade's reclaim period to the customer pool: their stored reclaim
        date has come (it is empty where the company does not reclaim)."""
        partners = self.search(
            [
                ("followup_reclaim_date", "<=", fields.Date.context_today(self)),
                ("user_id", "!=", False),
            ],
            order="id",
        )
        run_in_batches(partners, type(self)._followup_reclaim_batch, batch_size)

    @api.model
    def _cron_followup_reclaim_warnings(self, batch_size=1000):
        """Warns each salesperson once, ``followup_reclaim_warning_days`` (working)
        days before one of their customers returns to the pool."""
        today = fields.Date.context_today(self)
        self.env["res.company"]._followup_report_calendar_cn_gaps(today)
        companies = self.env["res.company"].search(
            [("followup_reclaim_enabled", "=", True), ("followup_reclaim_warning_days", ">", 0)]
        )
        horizons = {company.id: company._followup_warning_horizon(today) for company in companies}
        if not horizons:
            return
        self.flush_model(
            ["followup_reclaim_date", "followup_reclaim_warned_date", "user_id", "company_id"]
        )
        # the warned date differs from the reclaim date: not warned about this one yet
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.id
                  FROM res_partner p
                  JOIN res_users u ON u.id = p.user_id
                  JOIN unnest(%(company_ids)s::int[], %(horizons)s::date[])
                       AS h(company_id, horizon)
                       ON h.company_id = COALESCE(p.company_id, u.company_id)
                 WHERE p.followup_reclaim_date > %(today)s
                   AND p.followup_reclaim_date <= %(last_horizon)s
                   AND p.followup_reclaim_date <= h.horizon
                   AND p.followup_reclaim_warned_date IS DISTINCT FROM p.followup_reclaim_date
                 ORDER BY p.id
                """,
                company_ids=list(horizons),
                horizons=list(horizons.values()),
                today=today,
                # a constant bound: the index reads the coming days only
                last_horizon=max(horizons.values()),
            )
        )
        partners = self.browse([row[0] for row in rows])
        run_in_batches(partners, type(self)._followup_warn_batch, batch_size)

    def _followup_schedule_batch(self):
        self.env["mail.activity"]._followup_insert_reminders(self)

    def _followup_warn_batch(self):
        self.env["mail.activity"]._followup_insert_reclaim_warnings(self)

    def _followup_reclaim_batch(self):
        bodies = {
            partner.id: self.env._(
                "Returned to the customer pool: %(salesperson)s logged no follow-up for "
                "%(days)s days (grade %(grade)s).",
                salesperson=partner.user_id.name,
                days=partner.followup_grade_id.reclaim_days,
                grade=partner.followup_grade_id.code,
            )
            for partner in self
        }
        previous = {partner.id: partner.user_id for partner in self}
        self._message_log_batch(bodies)
        self._followup_to_pool()
        self.env["crm.followup.pool.event"]._followup_record("reclaimed", self, previous, bodies)

    def _followup_reminders(self):
        """The open follow-up reminders of these customers."""
        return self._followup_open_activities(
            self.env["crm.followup.grade"]._reminder_activity_types()
        )

    def _followup_reclaim_warnings(self):
        """The open "returns to the pool" warnings of these customers."""
        return self._followup_open_activities(self.env["mail.activity"]._followup_warning_type())

    def _followup_pool_activities(self):
        """Reminders and warnings: what a customer leaving its salesperson drops."""
        types = self.env["crm.followup.grade"]._reminder_activity_types()
        return self._followup_open_activities(
            types | self.env["mail.activity"]._followup_warning_type()
        )

    def _followup_open_activities(self, activity_types):
        """The open activities of ``activity_types`` on these customers, read
        customer by customer through the ``res_id`` index (see
        ``mail.activity._followup_sql_without_open``): a search would let stale
        statistics plan one scan of every partner activity per batch of the
        reclaim cron. OFFSET 0 keeps the subquery per customer."""
        Activity = self.env["mail.activity"]
        if not (self.ids and activity_types):
            return Activity
        Activity.flush_model(["res_id", "res_model", "active", "activity_type_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT open_activity.id
                  FROM unnest(%(ids)s::int[]) AS p(id)
                  JOIN LATERAL (
                      SELECT a.id FROM mail_activity a
                       WHERE a.res_id = p.id AND a.res_model IS NOT DISTINCT FROM 'res.partner'
                         AND a.active AND a.activity_type_id = ANY(%(type_ids)s)
                      OFFSET 0) open_activity ON TRUE
                """,
                ids=self.ids,
                type_ids=activity_types.ids,
            )
        )
        return Activity.browse(row[0] for row in rows)
