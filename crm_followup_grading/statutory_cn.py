"""China's statutory holidays and make-up working days (调休), from the
``chinesecalendar`` library, free of the ORM so it is tested directly.

The library publishes each year's State Council schedule (usually announced in
October or November for the next year): its data is maintained, dated and
complete for the covered years, which typing the dates into every database is
not. Years it does not cover yet are reported by ``uncovered_years`` so the
caller can tell the manager instead of planning a silent wrong date.
"""

from datetime import timedelta

try:
    from chinese_calendar.constants import holidays as _HOLIDAYS
    from chinese_calendar.constants import workdays as _WORKDAYS
except ImportError:  # declared in the manifest; the setting says so if it is missing
    _HOLIDAYS, _WORKDAYS = {}, {}


def covered_years():
    """``(first, last)`` years the library knows, or None without the library."""
    if not _HOLIDAYS:
        return None
    return min(_HOLIDAYS).year, max(_HOLIDAYS).year


def uncovered_years(start, end):
    """The years between ``start`` and ``end`` (dates) the library does not cover."""
    years = covered_years()
    wanted = range(start.year, end.year + 1)
    if years is None:
        return list(wanted)
    return [year for year in wanted if not years[0] <= year <= years[1]]


def adjust_working_dates(working_dates, start, end):
    """The working dates from ``start`` to ``end`` once China's statutory
    holidays are taken out and its make-up working days (a worked Saturday)
    are put in, on top of the company's weekly schedule ``working_dates``.
    Days of years the library does not cover keep the weekly schedule."""
    dates = set(working_dates)
    day = start
    while day <= end:
        if day in _HOLIDAYS:
            dates.discard(day)
        elif day in _WORKDAYS:
            dates.add(day)
        day += timedelta(days=1)
    return sorted(dates)
