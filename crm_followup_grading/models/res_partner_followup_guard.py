"""What a create, a write, an archiving or a deletion of a customer must pass,
and what a write stamps: only sales managers grade directly, nobody sets the
cadence or the pool clock by hand, a new grade or salesperson restarts the
cadence and the reclaim clock, and a customer's follow-up history is kept."""

# Odoo extends one model over several files too (mail/models/discuss/res_partner.py)
# pylint: disable=consider-merging-classes-inherited

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from .followup_guard import changed_fields, field_labels
from .followup_holder import MANAGER_GROUP
from .res_partner import FOLLOWUP_FLOW_FIELDS


class ResPartner(models.Model):
    _inherit = "res.partner"

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
            # who assigned it is the event's actor, named in each reader's language
            self.env["crm.followup.pool.event"]._followup_record(
                "assigned", assigned, dict.fromkeys(assigned.ids, user)
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

    # ------------------------------------------------------------------
    # Archiving and deleting
    # ------------------------------------------------------------------

    def _check_followup_archive(self):
        """Archiving hides a customer from the pool, from its claims and from
        the scheduled actions: a salesperson could take a customer out of the
        pool, or keep a neglected one from returning to it. Sales managers
        archive graded and pooled customers; salespeople release them."""
        if self._followup_assigns_freely():
            return
        hidden = self.filtered("active")._followup_pool_held()
        if hidden:
            raise UserError(
                self.env._(
                    "Only sales managers can archive graded customers or customers in the "
                    "customer pool: %(names)s. Release a customer you no longer serve to the "
                    "pool instead.",
                    names=", ".join(hidden.mapped("display_name")),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_followup_history(self):
        """A customer's follow-up logs and pool events are its history: the
        customer is archived, never deleted with them (merging duplicates
        moves them to the kept contact first)."""
        domain = [("partner_id", "in", self.ids)]
        kept = self.browse()
        for model in ("crm.followup.log", "crm.followup.pool.event"):
            kept |= self.browse(
                partner.id
                for [partner] in self.env[model].sudo()._read_group(domain, ["partner_id"])
            )
        if kept:
            raise UserError(
                self.env._(
                    "These customers have a follow-up history (follow-up logs or customer pool "
                    "events) and cannot be deleted: %(names)s. Archive them instead.",
                    names=", ".join(kept.sudo().mapped("display_name")),
                )
            )
