"""Follow-up grading in the browser: a salesperson and a sales manager at work."""

from playwright.sync_api import expect


def _overdue_customer_of(server, login):
    user = server.rpc("res.users", "search", [("login", "=", login)])
    partner_ids = server.rpc(
        "res.partner",
        "search",
        [
            ("user_id", "in", user),
            ("followup_state", "=", "overdue"),
            ("activity_ids", "!=", False),
        ],
        limit=1,
    )
    assert partner_ids, f"the demo has no overdue customer with a reminder for {login}"
    return partner_ids[0]


def test_salesperson_logs_a_follow_up_that_regrades_and_clears_the_reminder(server, login):
    partner_id = _overdue_customer_of(server, "li.wei")
    page = login("li.wei", "li.wei")

    page.goto(f"{server.base_url}/odoo/action-crm_followup_grading.res_partner_action_followup_due")
    expect(page.locator(".o_view_controller")).to_be_visible()
    page.goto(f"{server.base_url}/odoo/res.partner/{partner_id}")
    page.click(".o_notebook_headers a[name=followup]")
    expect(page.locator("div[name=followup_state]")).to_contain_text("Overdue")

    page.click("button[name=action_followup_log]")
    dialog = page.locator(".modal-dialog")
    dialog.locator("div[name=grade_id] input").fill("Deal within 3 months")
    page.locator(".o-autocomplete--dropdown-menu a", has_text="Deal within 3 months").click()
    dialog.locator("div[name=summary] textarea").fill("Visited the plant; trial order next month")
    dialog.get_by_role("button", name="Log follow-up").click()
    expect(dialog).to_have_count(0)

    expect(page.locator("div[name=followup_grade_id]").first).to_contain_text(
        "Deal within 3 months"
    )
    expect(page.locator("div[name=followup_state]")).to_contain_text("Scheduled")
    # The reminder in the chatter is done: no planned activity remains.
    expect(page.locator(".o-mail-Activity")).to_have_count(0)
    partner = server.rpc("res.partner", "read", [partner_id], ["activity_ids", "followup_state"])
    assert partner[0]["activity_ids"] == []


def test_manager_sees_overdue_counts_per_salesperson_in_the_pivot(server, login):
    li_wei = server.rpc("res.users", "search", [("login", "=", "li.wei")])
    overdue = server.rpc(
        "res.partner",
        "search_count",
        [("user_id", "in", li_wei), ("followup_state", "=", "overdue")],
    )
    assert overdue, "the demo should show Li Wei behind"
    page = login("zhao.lei", "zhao.lei")
    page.goto(
        f"{server.base_url}/odoo/action-crm_followup_grading.res_partner_action_followup_report"
    )
    page.click(".o_switch_view.o_pivot")
    expect(page.locator(".o_pivot table")).to_be_visible()
    page.click(".o_searchview_dropdown_toggler")
    page.locator(".o_filter_menu .o_menu_item", has_text="Overdue").click()
    row = page.locator(".o_pivot table tr", has=page.locator("th", has_text="李伟"))
    expect(row.locator("td").last).to_have_text(str(overdue))
