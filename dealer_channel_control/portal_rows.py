"""Reading the cells of a dealer's portal submission (form or file), kept free of
the ORM like rules.py."""

import datetime
import math
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
# No dealer holds, sells or quotes a billion of anything: a bigger figure is a typo
# or a probe, and would make the inventory days and amounts computed from it
# meaningless (or overflow them).
MAX_PORTAL_NUMBER = 10**9
# A plain decimal number as people type it ("1,200.5", "-3", "2e3", full-width
# digits folded by \d): no "nan", "inf", "0x10" or "1_000" that float() would take.
NUMBER_PATTERN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# how much of a bad cell a message repeats
PREVIEW_CHARS = 40


class PortalRowsError(UserError):
    """All the bad rows of a portal submission, one message each: nothing is saved
    while one of them is wrong."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


class PortalValueError(ValueError):
    """A cell that is no acceptable value; args[0] is the message for the dealer,
    in its language, naming the row and the field."""


def portal_column(header):
    """The column a header names, or None."""
    key = re.sub(r"\s+", " ", str(header or "")).strip().lower().replace("_", " ")
    for column, aliases in PORTAL_COLUMNS.items():
        if key in {alias.replace("_", " ") for alias in aliases}:
            return column
    return None


def portal_preview(value):
    """A cell as a message may repeat it: its text, cut short."""
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text if len(text) <= PREVIEW_CHARS else f"{text[:PREVIEW_CHARS]}…"


def _as_float(value):
    """The number a cell holds (NaN and infinities included), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            return float(value)
        except OverflowError:  # an int beyond any float
            return math.inf if value > 0 else -math.inf
    text = str(value).strip().replace(",", "").replace("，", "")
    if not NUMBER_PATTERN.fullmatch(text):
        return None
    try:
        return float(text)  # "1e999" is inf: refused as too large below
    except ValueError:
        return None


def portal_number(
    env,
    value,
    field,
    row=None,
    *,
    default=None,
    minimum=0,
    above_minimum=False,
    maximum=MAX_PORTAL_NUMBER,
    integer=False,
):
    """The one reader of every number a dealer sends through the portal (upload,
    stock form, registration form) and of the values the portal's model methods
    receive: a finite number from `minimum` (excluded with above_minimum) to
    `maximum`, whole when `integer` (then returned as an int). An empty cell is
    `default` (None: refused). Anything else raises a PortalValueError whose
    message names the row (when given), the field (a translated label) and the
    value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if default is not None:
            return default
        raise PortalValueError(row_message(env, row, env._("%(field)s is missing.", field=field)))
    number = _as_float(value)
    shown = portal_preview(value)
    if number is None or math.isnan(number):
        message = env._("%(field)s: %(value)s is not a number.", field=field, value=shown)
    elif number < minimum or (above_minimum and number == minimum):
        if minimum == 0 and above_minimum:
            message = env._("%(field)s: %(value)s is not above zero.", field=field, value=shown)
        elif minimum == 0:
            message = env._(
                "%(field)s: %(value)s is negative; give zero or more.", field=field, value=shown
            )
        else:
            message = env._(
                "%(field)s: %(value)s is less than %(minimum)s.",
                field=field,
                value=shown,
                minimum=minimum,
            )
    elif number > maximum:
        # formatted outside the call: Odoo's term extractor cannot read an
        # f-string among the arguments, and skips the whole file
        largest = f"{maximum:,}"
        message = env._(
            "%(field)s: %(value)s is more than the largest value accepted, %(maximum)s.",
            field=field,
            value=shown,
            maximum=largest,
        )
    elif integer and number != int(number):
        message = env._("%(field)s: %(value)s is not a whole number.", field=field, value=shown)
    else:
        return int(number) if integer else number
    raise PortalValueError(row_message(env, row, message))


def row_message(env, row, message):
    """A message about a field ("On Hand: ...") prefixed with its row, if any."""
    return message if row is None else env._("Row %(row)s, %(error)s", row=row, error=message)


def portal_date(value):
    """A date from a cell (a date, a datetime or an ISO text), or None."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return fields.Date.to_date(str(value).strip())
    except (ValueError, OverflowError):
        return None
