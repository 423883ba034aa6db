"""The arithmetic of the follow-up cadence, free of the ORM so it is tested directly.

Dates are ``datetime.date`` values; the models feed these functions with what
they read from the database and write back what they return.
"""

from bisect import bisect_right
from datetime import timedelta


def next_followup_date(base, interval_days, working_days=None):
    """The date the next follow-up falls due.

    :param base: the last follow-up (or, without one, the date of grading)
    :param interval_days: the grade's cadence, in days (> 0)
    :param working_days: sorted working dates covering the days after ``base``,
        or None to count calendar days
    :return: the ``interval_days``-th (working) day after ``base``, or None when
        ``working_days`` ends too early to tell
    """
    if working_days is None:
        return base + timedelta(days=interval_days)
    index = bisect_right(working_days, base) + interval_days - 1
    return working_days[index] if index < len(working_days) else None


def working_window(base, interval_days):
    """The span of dates whose working days are enough to plan ``interval_days``
    working days after ``base`` in any realistic calendar (five working days a
    week, a few weeks of public holidays a year)."""
    span = interval_days * 7 // 5 + 30 + interval_days // 12
    return base + timedelta(days=1), base + timedelta(days=span)


def suggested_grade_code(close_date, today, horizons, fallback_code):
    """The grade proposed for a deal expected to close on ``close_date``.

    :param horizons: ``(close_within_days, code)`` of the grades that have a
        horizon (> 0)
    :param fallback_code: the grade for deals beyond every horizon or of unknown
        date (D: a latent need, or a deal six months or more away)
    """
    if close_date is None:
        return fallback_code
    days_ahead = (close_date - today).days
    for close_within, code in sorted(horizons):
        if days_ahead <= close_within:
            return code
    return fallback_code


def followup_state(next_date, today):
    """``none`` (not scheduled), ``scheduled``, ``due`` (today) or ``overdue``."""
    if not next_date:
        return "none"
    if next_date > today:
        return "scheduled"
    return "due" if next_date == today else "overdue"


def reclaim_cutoff(today, reclaim_days):
    """A customer served last before this date has been neglected."""
    return today - timedelta(days=reclaim_days)
