"""The arithmetic of customer value, with no ORM in it: the 80/20 classes, the
VIP thresholds and the risk signals."""

from collections import defaultdict
from math import floor

A_SHARE = 80.0  # the customers making the first 80 % of the business are class A
C_COUNT = 0.2  # the last 20 % of the customers by count are class C
FALL_RISK = 30.0  # sales down by more than this % on the period before


def classify(values):
    """[(share, class)] for ``values`` sorted from the largest down: the share is
    the cumulative % of the total up to and including the customer (0–100); a
    customer is ``a`` while the share before it is under 80 % (the one crossing
    80 % is ``a``), ``c`` among the last 20 % of the customers by count (rounded
    down), ``b`` otherwise."""
    count = len(values)
    total = sum(values)
    first_c = count - floor(count * C_COUNT)
    result = []
    running = 0.0
    for index, value in enumerate(values):
        before = running / total * 100.0 if total > 0 else 100.0
        running += value
        share = min(max(running / total * 100.0, 0.0), 100.0) if total > 0 else 100.0
        if before < A_SHARE:
            value_class = "a"
        elif index >= first_c:
            value_class = "c"
        else:
            value_class = "b"
        result.append((round(share, 2), value_class))
    return result


def sales_fall(current, previous):
    """The % by which sales fell on the period before (0 when they did not)."""
    if previous <= 0 or current >= previous:
        return 0.0
    return (previous - current) / previous * 100.0


def vip_progress(orders, single_threshold, month_threshold):
    """What a customer's confirmed orders come to against the VIP thresholds.

    ``orders``: [(order id, month (a date's first day), amount)]. Returns a dict:
    ``single`` (the best order's amount), ``single_order_ids``, ``month`` (the
    best calendar month's total), ``month_start``, ``month_order_ids``, and
    ``basis`` (``single_order``, ``month_total`` or None when neither threshold
    is reached; a single order wins when both are)."""
    best_single, single_ids = 0.0, []
    months = defaultdict(lambda: [0.0, []])
    for order_id, month, amount in orders:
        if amount > best_single:
            best_single, single_ids = amount, [order_id]
        months[month][0] += amount
        months[month][1].append(order_id)
    best_month, month_start, month_ids = 0.0, None, []
    for month, (amount, ids) in sorted(months.items()):
        if amount > best_month:
            best_month, month_start, month_ids = amount, month, ids
    basis = None
    if best_single and best_single >= single_threshold:
        basis = "single_order"
    elif best_month and best_month >= month_threshold:
        basis = "month_total"
    return {
        "single": best_single,
        "single_order_ids": single_ids,
        "month": best_month,
        "month_start": month_start,
        "month_order_ids": sorted(month_ids),
        "basis": basis,
    }
