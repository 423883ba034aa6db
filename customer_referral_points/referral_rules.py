"""The referral rules as plain arithmetic, free of the ORM: a referrer earns
points when a customer they brought attends an event (once, by default) and for
each full step of that customer's confirmed sales, net of credit notes, within
the validity window after the referral date.

The models gather the documents and call these; the tests call them directly.
"""

from datetime import timedelta

# Sums of many amounts in floats drift by a few units in the last place: round
# before dividing so that 1,000.00 confirmed is one full step, not 0.999999.
_AMOUNT_DIGITS = 6


def in_validity_window(referral_date, doc_date, validity_days):
    """Whether a document dated doc_date counts for a customer referred on
    referral_date: from that day up to validity_days days later, inclusive."""
    return referral_date <= doc_date <= referral_date + timedelta(days=validity_days)


def sales_points(untaxed_total, step, points_per_step):
    """Points for the cumulative untaxed sales of one referred customer: only
    full steps count, so two orders of 600 with a step of 1,000 give one step."""
    if untaxed_total <= 0:
        return 0.0
    return (round(untaxed_total, _AMOUNT_DIGITS) // step) * points_per_step


def attendance_points(attended_count, points_per_event, first_only):
    """Points for the events one referred customer attended."""
    if first_only:
        return points_per_event if attended_count else 0.0
    return attended_count * points_per_event


def ledger_differences(balances, targets):
    """The ledger lines that make balances equal targets.

    Both map a ledger key (card, referred customer, rule) to points; a key
    missing from targets must end at zero (the points moved elsewhere or the
    documents no longer give any). Returns {key: difference} without zeros.
    """
    differences = {}
    for key in balances.keys() | targets.keys():
        difference = targets.get(key, 0.0) - balances.get(key, 0.0)
        if round(difference, _AMOUNT_DIGITS):
            differences[key] = difference
    return differences
