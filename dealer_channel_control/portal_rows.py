"""Reading the cells of a dealer's portal submission (form or file), kept free of
the ORM like rules.py."""

import datetime
import re

from odoo import fields
from odoo.exceptions import UserError

# Columns of the portal upload (and of its downloadable template); a header may be
# given in English or in Chinese.
PORTAL_COLUMNS = {
    "date": ("date", "日期"),
    "period_days": ("period_days", "period", "天数", "周期天数"),
    "product": ("product", "产品", "产品编码"),
    "qty_on_hand": ("qty_on_hand", "on hand", "库存数量", "库存"),
    "qty_sold": ("qty_sold", "sold", "销售数量", "销量"),
}


class PortalRowsError(UserError):
    """All the bad rows of a portal submission, one message each: nothing is saved
    while one of them is wrong."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


def portal_column(header):
    """The column a header names, or None."""
    key = re.sub(r"\s+", " ", str(header or "")).strip().lower().replace("_", " ")
    for column, aliases in PORTAL_COLUMNS.items():
        if key in {alias.replace("_", " ") for alias in aliases}:
            return column
    return None


def portal_number(value):
    """A quantity as a float, or None when it is no number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip().replace(",", ""))
    except ValueError:
        return None


def portal_date(value):
    """A date from a cell (a date, a datetime or an ISO text), or None."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return fields.Date.to_date(str(value).strip())
    except ValueError:
        return None
