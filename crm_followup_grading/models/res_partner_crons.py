"""The scheduled actions on customers and their batches: the follow-up
reminders, the return of neglected customers to the pool and the warnings
before it; and the open reminders and warnings they keep, read customer by
customer."""

# Odoo extends one model over several files too (mail/models/discuss/res_partner.py)
# pylint: disable=consider-merging-classes-inherited

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.channel_suite_base.cron_batches import run_in_batches


class ResPartner(models.Model):
    _inherit = "res.partner"

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
        # the note is for the salesperson who loses the customer: in their language
        bodies = {
            partner.id: self.with_context(lang=partner.user_id.lang or None).env._(
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
        self.env["crm.followup.pool.event"]._followup_record(
            "reclaimed",
            self,
            previous,
            values={
                partner.id: {
                    "reason_code": "overdue",
                    "reason_days": partner.followup_grade_id.reclaim_days,
                    "reason_grade_id": partner.followup_grade_id.id,
                }
                for partner in self
            },
        )

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
