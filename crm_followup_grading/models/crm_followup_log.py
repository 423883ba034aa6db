from contextlib import nullcontext

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .followup_guard import changed_fields, field_labels

CHANNELS = [
    ("call", "Phone call"),
    ("visit", "Visit"),
    ("message", "Message"),
    ("email", "Email"),
    ("meeting", "Meeting"),
    ("order", "Order"),
    ("other", "Other"),
]

# what a log says happened: the customer's grade and cadence were computed from
# it, so it is never rewritten (summary and channel may be corrected by managers)
AUDITED_FIELDS = ("partner_id", "user_id", "date", "grade_before_id", "grade_id", "company_id")


class CrmFollowupLog(models.Model):
    _name = "crm.followup.log"
    _description = "Customer Follow-up Log"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        # the customer's history outlives no deletion: the customer is archived instead
        ondelete="restrict",
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", default=lambda self: self.env.user, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    channel = fields.Selection(CHANNELS, required=True, default="call")
    summary = fields.Text(help="What was discussed; also the feedback of the closed reminder.")
    grade_before_id = fields.Many2one("crm.followup.grade", readonly=True, ondelete="restrict")
    grade_id = fields.Many2one(
        "crm.followup.grade",
        string="New Grade",
        required=True,
        ondelete="restrict",
        help="The customer's grade after this follow-up.",
    )
    expected_close_date = fields.Date(
        string="Deal Expected By", help="Proposes the grade that matches this closing date."
    )

    @api.onchange("partner_id", "expected_close_date")
    def _onchange_propose_grade(self):
        if self.expected_close_date:
            self.grade_id = self.env["crm.followup.grade"]._suggest_for_close_date(
                self.expected_close_date
            )
        elif self.partner_id and not self.grade_id:
            self.grade_id = (
                self.partner_id.followup_grade_id or self.partner_id.followup_suggested_grade_id
            )

    @api.constrains("date")
    def _check_date(self):
        today = fields.Date.context_today(self)
        if any(log.date > today for log in self):
            raise ValidationError(self.env._("A follow-up cannot be logged in the future."))

    @api.model_create_multi
    def create(self, vals_list):
        defaults = self.default_get(["partner_id", "grade_id", "user_id"])
        if not self.env.su:
            self._check_logged_as_self(
                [vals.get("user_id", defaults.get("user_id")) for vals in vals_list]
            )
        partner_ids = [vals.get("partner_id") or defaults.get("partner_id") for vals in vals_list]
        if not all(partner_ids):
            raise ValidationError(self.env._("Choose the customer this follow-up was with."))
        partners = self.env["res.partner"].browse(partner_ids)
        if not self.env.su:
            self._check_may_log(partners)
        for vals, partner in zip(vals_list, partners, strict=True):
            # logs written for the system (orders, reminders) keep the current grade
            vals.setdefault("grade_id", defaults.get("grade_id") or partner.followup_grade_id.id)
            if not vals["grade_id"]:
                raise ValidationError(
                    self.env._(
                        "Choose the grade of %(customer)s after this follow-up.",
                        customer=partner.display_name,
                    )
                )
            vals["grade_before_id"] = partner.followup_grade_id.id
            vals.setdefault("company_id", partner.company_id.id or self.env.company.id)
        # a follow-up that makes a customer count against the cap on customers held
        # may be refused once written (see res.partner._check_followup_newly_held):
        # then the log is not kept either
        grades = self.env["crm.followup.grade"].browse([vals["grade_id"] for vals in vals_list])
        may_be_refused = any(
            grade.reclaim_days > 0 >= partner.followup_grade_id.reclaim_days
            for grade, partner in zip(grades, partners, strict=True)
        )
        with self.env.cr.savepoint() if may_be_refused else nullcontext():
            logs = super().create(vals_list)
            logs._apply_to_partners()
        if not (self.env.su and self.env.context.get("followup_from_activity")):
            logs._close_reminders()
        return logs

    def _check_may_log(self, partners):
        """The record rules would refuse the log of another's customer with
        Odoo's generic access error; say which customer and why, first (a
        customer reclaimed into the pool while its salesperson was typing is
        the common case)."""
        refused = partners - partners._followup_may_log()
        if not refused:
            return
        customer = refused[0].sudo()
        if not self.env.user.has_group("sales_team.group_sale_salesman"):
            message = self.env._("Only salespeople log follow-ups.")
        elif not customer.user_id:
            message = self.env._(
                "%(customer)s is in the customer pool: claim it before logging a follow-up.",
                customer=customer.display_name,
            )
        else:
            message = self.env._(
                "%(customer)s is %(salesperson)s's customer: only they and sales managers "
                "log its follow-ups.",
                customer=customer.display_name,
                salesperson=customer.user_id.name,
            )
        raise AccessError(message)

    def _check_logged_as_self(self, user_ids):
        """Salespeople log what they did themselves; sales managers may log for
        a salesperson (e.g. a visit reported by phone)."""
        if any(uid != self.env.uid for uid in user_ids) and not self.env.user.has_group(
            "sales_team.group_sale_manager"
        ):
            raise UserError(
                self.env._(
                    "You can only log your own follow-ups; only sales managers log one for "
                    "another salesperson."
                )
            )

    def write(self, vals):
        if not self.env.su:
            audited = changed_fields(self, vals, AUDITED_FIELDS)
            if audited:
                raise UserError(
                    self.env._(
                        "A follow-up log is part of the customer's history: %(fields)s cannot be "
                        "changed. Log a new follow-up instead.",
                        fields=field_labels(self, audited),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        # runs after the access check: salespeople get the access error, managers the reason
        if not self.env.su:
            raise UserError(
                self.env._(
                    "Follow-up logs are the customer's history and cannot be deleted. "
                    "Log a new follow-up to correct one."
                )
            )

    def _apply_to_partners(self):
        """The latest follow-up of each customer sets its grade and last
        follow-up: a back-dated log moves neither the last date back nor the
        grade, when the customer was followed up or re-graded after its date."""
        latest = {}
        for log in self.sorted(lambda lg: (lg.date, lg.id)):
            latest[log.partner_id] = log
        # group customers that get the same values into one write
        groups = {}
        for partner, log in latest.items():
            vals = {}
            if not partner.followup_last_date or partner.followup_last_date < log.date:
                vals["followup_last_date"] = log.date
            known = [d for d in (partner.followup_last_date, partner.followup_grade_date) if d]
            # same day: this log is the newer one (higher id)
            is_latest = not known or log.date >= max(known)
            if is_latest and partner.followup_grade_id != log.grade_id:
                vals.update(followup_grade_id=log.grade_id.id, followup_grade_date=log.date)
            if vals:
                key = tuple(sorted(vals.items()))
                groups[key] = groups.get(key, partner.browse()) | partner
        for key, partners in groups.items():
            # logging is how salespeople re-grade: allowed to whoever may log
            partners.sudo().with_context(followup_from_log=True).write(dict(key))

    def _close_reminders(self):
        # a follow-up keeps the customer: its warning of the pool is void
        self.partner_id.filtered(
            "followup_reclaim_warned_date"
        ).sudo()._followup_reclaim_warnings().unlink()
        summaries = {log.partner_id.id: log.summary for log in self}
        reminders = self.partner_id.sudo()._followup_reminders()
        for summary in set(summaries.values()):
            todo = reminders.filtered(lambda a, s=summary: summaries[a.res_id] == s)
            if todo:
                todo.with_context(followup_from_log=True)._action_done(feedback=summary)
