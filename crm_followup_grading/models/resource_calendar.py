from bisect import bisect_left
from datetime import datetime, time, timedelta

import pytz

from odoo import models

from ..followup_rules import next_followup_date, working_window
from ..statutory_cn import adjust_working_dates


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _followup_next_dates(self, plans, statutory_cn=False):
        """The next follow-up dates of ``plans`` (``(base, interval_days)`` pairs),
        counted in this calendar's working days (and China's statutory calendar
        with ``statutory_cn``). Its working days are read once for all the plans,
        so a batch of customers costs a few queries."""
        self.ensure_one()
        spans = [working_window(base, days) for base, days in plans]
        start, end = min(s for s, _e in spans), max(e for _s, e in spans)
        result = [None] * len(plans)
        for _attempt in range(4):
            working_days = self._followup_working_dates(start, end, statutory_cn)
            for index, (base, days) in enumerate(plans):
                result[index] = result[index] or next_followup_date(base, days, working_days)
            if all(result):
                return result
            # a calendar with unusually few working days: look further ahead
            end += end - start
        # a calendar without working hours cannot plan: count calendar days
        return [date or next_followup_date(*plan) for date, plan in zip(result, plans, strict=True)]

    def _followup_first_working_dates(self, dates, statutory_cn=False):
        """Each of ``dates`` moved forward to the first working day on or after it:
        nobody loses a customer on a day off (a weekend, the Spring Festival)."""
        self.ensure_one()
        start, end = min(dates), max(dates) + timedelta(days=30)
        working_days = self._followup_working_dates(start, end, statutory_cn)
        result = []
        for day in dates:
            index = bisect_left(working_days, day)
            result.append(working_days[index] if index < len(working_days) else day)
        return result

    def _followup_working_dates(self, start, end, statutory_cn=False):
        """The sorted working dates from ``start`` to ``end`` (inclusive): the days
        of the working schedule without its days off and public holidays; with
        ``statutory_cn``, without China's statutory holidays and with its make-up
        working days."""
        tz = pytz.timezone(self.tz or "UTC")
        start_dt = tz.localize(datetime.combine(start, time.min))
        end_dt = tz.localize(datetime.combine(end, time.max))
        intervals = self._work_intervals_batch(start_dt, end_dt)[False]
        dates = sorted({interval_start.date() for interval_start, _stop, _meta in intervals})
        return adjust_working_dates(dates, start, end) if statutory_cn else dates
