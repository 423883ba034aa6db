from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.channel_suite_base.cron_batches import run_in_batches

# The portal tells the dealer a week after its last report; the salesperson is
# reminded after the company's `dealer_report_overdue_days` (8 by default).
REPORT_DUE_DAYS = 7
OVERDUE_ACTIVITY = "dealer_channel_control.mail_activity_type_dealer_report_overdue"


class DealerReportReminder(models.AbstractModel):
    """Who has not reported its stock: the portal's "this week's report is due" and
    the salesperson's overdue reminders (one open activity on the dealer)."""

    _name = "dealer.report.reminder"
    _description = "Dealer Stock Report Reminders"

    @api.model
    def _last_done_dates(self, dealers):
        """{dealer id: date of its latest done report} in one query, whatever the
        user may read (a portal user's reminder is about its own dealer; the cron
        reads all)."""
        if not dealers:
            return {}
        groups = (
            self.env["dealer.stock.report"]
            .sudo()
            ._read_group(
                [("dealer_id", "in", dealers.ids), ("state", "=", "done")],
                ["dealer_id"],
                ["date:max"],
            )
        )
        return {dealer.id: last for dealer, last in groups}

    @api.model
    def _report_due(self, dealer):
        """This week's report is due: no done report in the last seven days."""
        last = self._last_done_dates(dealer).get(dealer.id)
        today = fields.Date.context_today(self)
        return not last or last <= today - timedelta(days=REPORT_DUE_DAYS)

    @api.model
    def _cron_remind_overdue(self, batch_size=500):
        """One open activity for the salesperson of each dealer without a done
        report for more than the company's `dealer_report_overdue_days`, never a
        second while one is open; in batches (the suite's cron shape)."""
        dealers = self.env["res.partner"].search(
            [("is_dealer", "=", True), ("user_id", "!=", False)]
        )
        run_in_batches(dealers, self._schedule_reminders, batch_size)

    @api.model
    def _overdue_dealers(self, dealers):
        """The dealers whose latest done report is older than their company's limit
        (or who never reported)."""
        today = fields.Date.context_today(self)
        last_dates = self._last_done_dates(dealers)

        def limit(dealer):
            days = (dealer.company_id or self.env.company).dealer_report_overdue_days
            return today - timedelta(days=days)

        return dealers.filtered(lambda d: not last_dates.get(d.id) or last_dates[d.id] < limit(d))

    def _open_reminders(self, dealers):
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", dealers.ids),
                    ("activity_type_id", "=", self.env.ref(OVERDUE_ACTIVITY).id),
                ]
            )
        )

    @api.model
    def _schedule_reminders(self, dealers):
        overdue = self._overdue_dealers(dealers)
        if not overdue:
            return
        reminded = set(self._open_reminders(overdue).mapped("res_id"))
        model_id = self.env["ir.model"]._get_id("res.partner")
        activity_type_id = self.env.ref(OVERDUE_ACTIVITY).id
        today = fields.Date.context_today(self)
        # in the salesperson's language, not the cron's: one lookup per language
        summaries = {
            lang: self.with_context(lang=lang).env._("Weekly stock report overdue")
            for lang in {dealer.user_id.lang for dealer in overdue}
        }
        # no assignment e-mail per dealer (mail_activity_quick_update): the
        # salesperson finds them in the activities, and the batch costs the same
        # queries whatever the number of overdue dealers
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": dealer.id,
                    "activity_type_id": activity_type_id,
                    "user_id": dealer.user_id.id,
                    "date_deadline": today,
                    "summary": summaries[dealer.user_id.lang],
                }
                for dealer in overdue
                if dealer.id not in reminded
            ]
        )

    @api.model
    def _close_reminders(self, dealers):
        """A dealer that reported has nothing overdue any more."""
        reminders = self._open_reminders(dealers)
        if reminders:
            for lang, by_lang in reminders.grouped(lambda a: a.user_id.lang).items():
                by_lang.action_feedback(
                    feedback=self.with_context(lang=lang).env._("The dealer reported its stock.")
                )
