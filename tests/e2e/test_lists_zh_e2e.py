"""Every list of the suite, in Simplified Chinese at 1440 px, as the
administrator (who may open them all) reads it: no date and no column title
cut off.

Odoo gives a date column a fixed 80 px, enough for "12/03/2026" but not for
"2026年12月03日"; the lists give their date columns the width the Chinese date
needs. The actions are read from the database, so a list added later is
checked too."""

import re

import pytest
from playwright.sync_api import expect

from tools.suite import ADDONS

# A cell or title is cut when its text needs more room than the cell gives it
# (Odoo truncates with an ellipsis).
CUT_CELLS = """(table) => {
    const cut = (el) => el.scrollWidth > el.clientWidth + 1;
    const dates = [...table.querySelectorAll("td.o_data_cell")]
        .filter((td) => /\\d{4}年/.test(td.innerText) && cut(td))
        .map((td) => `${td.getAttribute("name")}: ${td.innerText}`);
    const titles = [...table.querySelectorAll("thead th .text-truncate")]
        .filter((span) => span.innerText.trim() && cut(span))
        .map((span) => `title: ${span.innerText}`);
    return [...new Set([...dates, ...titles])];
}"""


def list_actions(server):
    """The window actions of the suite's addons that open a list."""
    data = server.rpc(
        "ir.model.data",
        "search_read",
        [("model", "=", "ir.actions.act_window"), ("module", "in", list(ADDONS))],
        fields=["module", "name", "res_id"],
    )
    actions = {
        a["id"]: a
        for a in server.rpc(
            "ir.actions.act_window",
            "read",
            [d["res_id"] for d in data],
            fields=["view_mode", "res_model", "target"],
        )
    }
    return sorted(
        f"{d['module']}.{d['name']}"
        for d in data
        if "list" in actions[d["res_id"]]["view_mode"].split(",")
        and actions[d["res_id"]]["target"] != "new"
    )


@pytest.fixture
def manager_page(server, login):
    server.set_language("admin", "zh_CN")
    yield login("admin", "admin")
    server.set_language("admin", "en_US")


def open_list(page, server, xmlid):
    page.goto(f"{server.base_url}/odoo/action-{xmlid}")
    page.wait_for_selector(".o_action_manager .o_view_controller, .o_error_dialog")
    assert not page.locator(".o_error_dialog").count(), f"{xmlid}: an error opening the list"
    switch = page.locator(".o_switch_view.o_list")
    if switch.count():
        switch.click()
    table = page.locator(".o_list_renderer table").first
    expect(table).to_be_visible()
    return table


def test_no_list_of_the_suite_cuts_a_chinese_date_or_title(server, manager_page):
    actions = list_actions(server)
    assert len(actions) >= 10, actions
    cut = {}
    for xmlid in actions:
        table = open_list(manager_page, server, xmlid)
        found = table.evaluate(CUT_CELLS)
        if found:
            cut[xmlid] = found
    assert not cut, f"cut off in Chinese at 1440 px: {cut}"


def test_the_demo_dates_are_chinese_in_the_lists(server, manager_page):
    """The check above only means something if the lists show Chinese dates."""
    table = open_list(manager_page, server, "crm_followup_grading.crm_followup_log_action")
    dates = table.evaluate(
        "(t) => [...t.querySelectorAll('td.o_data_cell')].map((td) => td.innerText)"
    )
    assert any(re.search(r"\d{4}年", text) for text in dates), dates
