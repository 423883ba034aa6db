from odoo import api, models
from odoo.tools import SQL, format_date

# activity categories that tell how the customer was reached
CHANNEL_BY_CATEGORY = {"phonecall": "call", "meeting": "meeting"}


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """A follow-up reminder marked done in the activity widget counts as a
        follow-up: it is logged (grade unchanged) so the cadence restarts."""
        reminders = self.browse()
        if not self.env.context.get("followup_from_log"):
            reminder_types = self.env["crm.followup.grade"]._reminder_activity_types()
            reminders = self.filtered(
                lambda a: a.res_model == "res.partner" and a.activity_type_id in reminder_types
            )
        log_vals = [
            {
                "partner_id": activity.res_id,
                "user_id": self.env.user.id,
                "channel": CHANNEL_BY_CATEGORY.get(activity.activity_type_id.category, "other"),
                "summary": feedback or activity.summary or activity.activity_type_id.name,
            }
            for activity in reminders
        ]
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if log_vals:
            partners = self.env["res.partner"].browse([v["partner_id"] for v in log_vals])
            # a customer ungraded since its reminder was made has no cadence to restart;
            # a reminder closed by someone who may not log for the customer (one put on a
            # colleague's customer) is just done: it does not count as a follow-up
            loggable = set(partners.exists().filtered("followup_grade_id")._followup_may_log().ids)
            self.env["crm.followup.log"].sudo().with_context(followup_from_activity=True).create(
                [vals for vals in log_vals if vals["partner_id"] in loggable]
            )
        return result

    @api.model
    def _followup_insert_reminders(self, partners):
        """Inserts the missing reminders of ``partners`` in one statement.

        Measured on 10,000 due customers, one batched ``mail.activity.create``
        per thousand costs 7-8 times this statement (docs/benchmarks.md), too
        much for a nightly cron. So other modules' ``create`` overrides, the
        assignment e-mail and the activity bus notification are skipped for
        these reminders; the rows hold what ``create`` writes for a reminder
        made without e-mail (``mail_activity_quick_update``), and the
        salesperson follows the customer as ``create`` would have made them
        (tests/test_reminder_rows.py compares the two). The summary is in the
        salesperson's language."""
        self.env.flush_all()
        grades = self.env["crm.followup.grade"].with_context(active_test=False).search([])
        # the summary in each salesperson's language: one per grade and installed
        # language (a cached list), chosen in the statement by the user's language
        lang_grades = [
            (grade, lang)
            for lang, _name in self.env["res.lang"].get_installed()
            for grade in grades
        ]
        created = self.env.execute_query(
            SQL(
                """
                WITH batch AS MATERIALIZED (
                    SELECT p.id, p.complete_name, p.followup_grade_id, p.followup_next_date,
                           p.user_id
                      FROM res_partner p
                     WHERE p.id = ANY(%(ids)s) AND p.followup_next_date IS NOT NULL)
                INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name,
                                           activity_type_id, summary, date_deadline, user_id,
                                           user_tz, automated, active,
                                           create_uid, create_date, write_uid, write_date)
                SELECT %(model_id)s, 'res.partner', b.id, b.complete_name,
                       s.activity_type_id, COALESCE(ls.summary, s.summary),
                       b.followup_next_date, b.user_id,
                       up.tz, TRUE, TRUE,
                       %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
                  FROM batch b
                  JOIN unnest(%(grade_ids)s::int[], %(type_ids)s::int[],
                              %(summaries)s::varchar[]) AS s(grade_id, activity_type_id, summary)
                       ON s.grade_id = b.followup_grade_id
                  JOIN res_users u ON u.id = b.user_id
                  JOIN res_partner up ON up.id = u.partner_id
                  LEFT JOIN unnest(%(lang_grade_ids)s::int[], %(langs)s::varchar[],
                                   %(lang_summaries)s::varchar[]) AS ls(grade_id, lang, summary)
                       ON ls.grade_id = b.followup_grade_id AND ls.lang = up.lang
                  %(no_open_activity)s
                RETURNING res_id
                """,
                model_id=self.env["ir.model"]._get_id("res.partner"),
                uid=self.env.uid,
                grade_ids=grades.ids,
                type_ids=[grade.activity_type_id.id for grade in grades],
                summaries=[
                    self._followup_reminder_summary(grade, self.env.lang) for grade in grades
                ],
                lang_grade_ids=[grade.id for grade, _lang in lang_grades],
                langs=[lang for _grade, lang in lang_grades],
                lang_summaries=[
                    self._followup_reminder_summary(grade, lang) for grade, lang in lang_grades
                ],
                ids=partners.ids,
                no_open_activity=self._followup_sql_without_open(grades.activity_type_id.ids),
            )
        )
        if created:
            self._followup_add_followers([res_id for [res_id] in created])
        self.invalidate_model()
        self.env["mail.followers"].invalidate_model()
        partners.invalidate_recordset()

    @api.model
    def _followup_reminder_summary(self, grade, lang):
        """The summary of a reminder of ``grade``, in ``lang``."""
        return self.with_context(lang=lang).env._("Follow up (grade %(grade)s)", grade=grade.code)

    @api.model
    def _followup_warning_type(self):
        return self.env.ref("crm_followup_grading.mail_activity_type_reclaim_warning")

    @api.model
    def _followup_insert_reclaim_warnings(self, partners):
        """Inserts one "returns to the pool" warning per customer in one statement
        (as the reminders are, see above), due the day before its reclaim date,
        and notes the reclaim date warned about: dismissing the warning does not
        bring it back, a new reclaim date (after a follow-up) does."""
        self.env.flush_all()
        summaries = {}
        for partner in partners:
            lang = partner.user_id.lang or self.env.lang
            env = self.with_context(lang=lang).env
            summaries[partner.id] = env._(
                "Customer returns to the pool on %(date)s",
                date=format_date(env, partner.followup_reclaim_date, lang_code=lang),
            )
        type_id = self._followup_warning_type().id
        created = self.env.execute_query(
            SQL(
                """
                WITH batch AS MATERIALIZED (
                    SELECT p.id, p.complete_name, p.followup_reclaim_date, p.user_id, s.summary
                      FROM res_partner p
                      JOIN unnest(%(ids)s::int[], %(summaries)s::varchar[]) AS s(id, summary)
                           ON s.id = p.id
                     WHERE p.followup_reclaim_date IS NOT NULL)
                INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name,
                                           activity_type_id, summary, date_deadline, user_id,
                                           user_tz, automated, active,
                                           create_uid, create_date, write_uid, write_date)
                SELECT %(model_id)s, 'res.partner', b.id, b.complete_name,
                       %(type_id)s, b.summary, b.followup_reclaim_date - 1, b.user_id,
                       up.tz, TRUE, TRUE,
                       %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
                  FROM batch b
                  JOIN res_users u ON u.id = b.user_id
                  JOIN res_partner up ON up.id = u.partner_id
                  %(no_open_activity)s
                RETURNING res_id
                """,
                model_id=self.env["ir.model"]._get_id("res.partner"),
                type_id=type_id,
                uid=self.env.uid,
                ids=list(summaries),
                summaries=list(summaries.values()),
                no_open_activity=self._followup_sql_without_open([type_id]),
            )
        )
        self.env.execute_query(
            SQL(
                """
                UPDATE res_partner SET followup_reclaim_warned_date = followup_reclaim_date
                 WHERE id = ANY(%(ids)s)
                """,
                ids=partners.ids,
            )
        )
        if created:
            self._followup_add_followers([res_id for [res_id] in created])
        self.invalidate_model()
        self.env["mail.followers"].invalidate_model()
        partners.invalidate_recordset()

    @api.model
    def _followup_sql_without_open(self, type_ids):
        """The end of an insert from ``batch b``: only the customers with no open
        activity of ``type_ids``, so that the crons never make a second one.

        Each customer is probed through the ``res_id`` index (a lateral join
        with a limit, and a model test no index serves): the planner cannot
        trade it for one scan of every partner activity per batch, which it
        does when mail_activity's statistics are stale (a fresh database, or
        the thousands of rows the night's earlier batches just added) and which
        made each batch cost as much as all the reminders already open."""
        return SQL(
            """
            LEFT JOIN LATERAL (
                SELECT a.id FROM mail_activity a
                 WHERE a.res_id = b.id AND a.res_model IS NOT DISTINCT FROM 'res.partner'
                   AND a.active AND a.activity_type_id = ANY(%(type_ids)s)
                 LIMIT 1) open_activity ON TRUE
            WHERE open_activity.id IS NULL
            """,
            type_ids=list(type_ids),
        )

    @api.model
    def _followup_add_followers(self, partner_ids):
        """The salesperson follows the customers, as ``mail.activity.create``
        would have made them."""
        if partner_ids:
            subtypes = self.env["mail.message.subtype"].default_subtypes("res.partner")[0]
            self.env.execute_query(
                SQL(
                    """
                    WITH new AS (
                        INSERT INTO mail_followers (res_model, res_id, partner_id)
                        SELECT 'res.partner', p.id, u.partner_id
                          FROM res_partner p JOIN res_users u ON u.id = p.user_id
                         WHERE p.id = ANY(%(ids)s)
                        ON CONFLICT DO NOTHING
                        RETURNING id)
                    INSERT INTO mail_followers_mail_message_subtype_rel
                                (mail_followers_id, mail_message_subtype_id)
                    SELECT new.id, subtype_id FROM new, unnest(%(subtypes)s::int[]) subtype_id
                    """,
                    ids=partner_ids,
                    subtypes=subtypes.ids,
                )
            )
