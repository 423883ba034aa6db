import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools.sql import column_exists, create_column

from ..cron_batches import run_in_batches
from ..followup_rules import followup_state, next_followup_date, reclaim_cutoff
from .followup_guard import changed_fields, field_labels

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
)
SALES_GROUP = "sales_team.group_sale_salesman"
MANAGER_GROUP = "sales_team.group_sale_manager"


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

    def _auto_init(self):
        # No customer is graded before this addon exists, so the stored next date is
        # NULL for all of them: creating the column ourselves spares the ORM from
        # computing it record by record on large databases.
        if not column_exists(self.env.cr, "res_partner", "followup_next_date"):
            create_column(self.env.cr, "res_partner", "followup_next_date", "date")
        return super()._auto_init()

    @api.depends(
        "followup_grade_id.interval_days",
        "followup_last_date",
        "followup_grade_date",
        "company_id.followup_working_days",
        "company_id.resource_calendar_id",
        "user_id.company_id.followup_working_days",
        "user_id.company_id.resource_calendar_id",
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
                by_calendar[company.resource_calendar_id] |= partner
            else:
                partner.followup_next_date = next_followup_date(
                    base, partner.followup_grade_id.interval_days
                )
        for calendar, partners in by_calendar.items():
            plans = [
                (p.followup_last_date or p.followup_grade_date, p.followup_grade_id.interval_days)
                for p in partners
            ]
            for partner, next_date in zip(
                partners, calendar._followup_next_dates(plans), strict=True
            ):
                partner.followup_next_date = next_date

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
            if reassigned and not self.env.su:
                reassigned._check_followup_reassign_access()
            if not vals["user_id"]:
                reassigned = self.browse()  # clearing the salesperson restarts no clock
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

    def _check_followup_reassign_access(self):
        """Giving a graded or pooled customer another salesperson restarts its
        reclaim clock: only sales managers reassign; salespeople claim from the pool."""
        if self.env.user.has_group(MANAGER_GROUP):
            return
        held = self.filtered(lambda p: p.followup_grade_id or p.followup_pool_date)
        if held:
            raise UserError(
                self.env._(
                    "Only sales managers can change the salesperson of graded customers or of "
                    "customers in the pool (claim those from the customer pool): %(names)s.",
                    names=", ".join(held.mapped("display_name")),
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

    def action_followup_claim(self):
        """A salesperson takes customers out of the pool."""
        if not self.env.user.has_group(SALES_GROUP):
            raise AccessError(
                self.env._("Only salespeople can claim customers from the customer pool.")
            )
        outside = self.filtered(lambda p: not p.followup_pool_date or p.user_id)
        if outside:
            raise UserError(
                self.env._(
                    "Only customers in the customer pool can be claimed; these are not: %(names)s.",
                    names=", ".join(outside.mapped("display_name")),
                )
            )
        # claiming is allowed to every salesperson, even without write access to contacts
        self.sudo().write({"user_id": self.env.user.id})
        return True

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
        their grade's reclaim period to the customer pool."""
        companies = self.env["res.company"].search([("followup_reclaim_enabled", "=", True)])
        if not companies:
            return
        today = fields.Date.context_today(self)
        partner_ids = []
        for grade in self.env["crm.followup.grade"].search([("reclaim_days", ">", 0)]):
            cutoff = reclaim_cutoff(today, grade.reclaim_days)
            partner_ids += self.search(
                [
                    ("followup_grade_id", "=", grade.id),
                    ("user_id", "!=", False),
                    "|",
                    ("company_id", "in", companies.ids),
                    "&",
                    ("company_id", "=", False),
                    ("user_id.company_id", "in", companies.ids),
                    "|",
                    ("followup_last_date", "<", cutoff),
                    "&",
                    ("followup_last_date", "=", False),
                    ("followup_grade_date", "<", cutoff),
                    "|",
                    ("followup_assigned_date", "=", False),
                    ("followup_assigned_date", "<", cutoff),
                ],
                order="id",
            ).ids
        run_in_batches(self.browse(partner_ids), type(self)._followup_reclaim_batch, batch_size)

    def _followup_schedule_batch(self):
        self.env["mail.activity"]._followup_insert_reminders(self)

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
        self._message_log_batch(bodies)
        self._followup_reminders().unlink()
        # the note above names the salesperson: no tracking message per customer
        self.sudo().with_context(mail_notrack=True).write(
            {"user_id": False, "followup_pool_date": fields.Date.context_today(self)}
        )

    def _followup_reminders(self):
        """The open follow-up reminders of these customers."""
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", self.ids),
                (
                    "activity_type_id",
                    "in",
                    self.env["crm.followup.grade"]._reminder_activity_types().ids,
                ),
            ]
        )
