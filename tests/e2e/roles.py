"""What the role walks share: a user in a language for the length of a test,
the Chinese a screen should show (read from the addons' catalogues), dates as
the user's language writes them, and whether a text fits its box."""

import datetime
import re
from contextlib import contextmanager

from playwright.sync_api import expect

# A text is cut when it needs more room than its box gives it (Odoo truncates
# with an ellipsis): the check a person makes by reading the whole date.
IS_CUT = "(el) => el.scrollWidth > el.clientWidth + 1"
CHINESE_DATE = re.compile(r"^\d{4}年\d{2}月\d{2}日$")


@contextmanager
def speaking(server, login, lang):
    """login works in lang during the block, back to English after it."""
    server.set_language(login, lang)
    try:
        yield
    finally:
        server.set_language(login, "en_US")


def user_date(server, lang, value):
    """value (an ORM date string) as the web client shows it in lang."""
    date_format = server.rpc("res.lang", "search_read", [("code", "=", lang)], ["date_format"])[0]
    return datetime.date.fromisoformat(value).strftime(date_format["date_format"])


def demo_id(server, xmlid):
    module, name = xmlid.split(".")
    data = server.rpc(
        "ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], ["res_id"]
    )
    return data[0]["res_id"]


def expect_whole(locator):
    """locator shows its whole text, nothing cut off."""
    expect(locator).to_be_visible()
    assert not locator.evaluate(IS_CUT), f"cut off: {locator.inner_text()!r}"
