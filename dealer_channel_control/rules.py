"""The dealer business rules that are plain arithmetic, kept free of the ORM so
they can be tested directly and reused by models, checks and benchmarks."""

import re

NO_SALES = "no_sales"


def daily_sales(qty_sold, period_days):
    """Average units sold per day over the reporting period."""
    return qty_sold / period_days if period_days > 0 else 0.0


def inventory_days(qty_on_hand, sales_per_day):
    """Days the stock on hand lasts at the current pace; None when nothing sells
    (the stock never runs down, which is a state, not a division error)."""
    if sales_per_day <= 0:
        return None
    return qty_on_hand / sales_per_day


def inventory_state(days, min_days, max_days):
    """Where a number of inventory days falls against the channel's band."""
    if days is None:
        return NO_SALES
    if days < min_days:
        return "under"
    if days > max_days:
        return "over"
    return "normal"


def band_target(min_days, max_days):
    """The stock level aimed at: the middle of the band."""
    return (min_days + max_days) / 2.0


def suggested_qty(qty_on_hand, sales_per_day, min_days, max_days):
    """Units to order to bring the stock to the middle of the band (before the
    unit of measure's rounding), never negative."""
    return max(0.0, band_target(min_days, max_days) * sales_per_day - qty_on_hand)


def projected_days(qty_on_hand, qty_ordered, sales_per_day):
    """Inventory days once the ordered quantity has arrived; None when nothing
    sells."""
    return inventory_days(qty_on_hand + qty_ordered, sales_per_day)


def is_overstock(qty_on_hand, qty_ordered, sales_per_day, max_days):
    """Whether an order leaves the dealer above the band. Adding stock of a
    product that does not sell at all overstocks by definition."""
    days = projected_days(qty_on_hand, qty_ordered, sales_per_day)
    if days is None:
        return qty_ordered > 0
    return days > max_days


def shortfall(floor_price, price, qty):
    """What the dealer undercut the floor by over the quantity (少多少罚多少)."""
    return max(0.0, floor_price - price) * qty


def project_key(end_customer, name):
    """Identity of a project: the same end customer and project name, whatever
    the case or spacing in which each dealer typed them."""

    def squash(text):
        return re.sub(r"\s+", "", text or "").casefold()

    return f"{squash(end_customer)}|{squash(name)}"
