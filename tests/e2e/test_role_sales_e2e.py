"""The sales team's roles walk the demo in Chinese (the salesperson in English
too): what each of them checks on the screens they work in."""

import re

from playwright.sync_api import expect

from .roles import CHINESE_DATE, demo_id, expect_whole, speaking, user_date
from .test_chinese_e2e import zh

FOLLOWUP = "crm_followup_grading"


def _li_wei(server):
    return server.rpc("res.users", "search", [("login", "=", "li.wei")])[0]


def _a_due_customer_of_li_wei(server):
    """One of Li Wei's overdue customers (the last: another test logs on the first)."""
    partner = server.rpc(
        "res.partner",
        "search_read",
        [("user_id", "=", _li_wei(server)), ("followup_state", "=", "overdue")],
        ["name"],
        order="id desc",
        limit=1,
    )
    assert partner, "the demo should have Li Wei behind on a customer"
    return partner[0]


def _open_pool(page, server):
    page.goto(f"{server.base_url}/odoo/action-{FOLLOWUP}.res_partner_action_followup_pool")
    table = page.locator(".o_list_renderer table")
    expect(table).to_be_visible()
    return table


def test_salesperson_in_chinese_logs_a_follow_up_and_claims_from_the_pool(server, login):
    customer = _a_due_customer_of_li_wei(server)
    with speaking(server, "li.wei", "zh_CN"):
        page = login("li.wei", "li.wei")

        # the due list: the customer is waiting for him
        page.goto(f"{server.base_url}/odoo/action-{FOLLOWUP}.res_partner_action_followup_due")
        expect(page.locator(".o_breadcrumb")).to_contain_text(zh(FOLLOWUP, "Due Follow-ups"))
        row = page.locator(".o_data_row", has_text=customer["name"])
        expect(row.locator("td[name=followup_state]")).to_contain_text(zh(FOLLOWUP, "Overdue"))
        expect(row.locator("td[name=followup_next_date]")).to_have_text(CHINESE_DATE)
        expect_whole(row.locator("td[name=followup_next_date]"))
        row.locator("td[name=display_name]").click()

        # the customer: logs a visit through the button's dialog, grade B
        page.click(".o_notebook_headers a[name=followup]")
        page.get_by_role("button", name=zh(FOLLOWUP, "Log follow-up")).click()
        dialog = page.locator(".modal-dialog")
        grade = zh(FOLLOWUP, "Deal within 3 months")
        dialog.locator("div[name=grade_id] input").fill(grade[:4])
        page.locator(".o-autocomplete--dropdown-menu a", has_text=grade).click()
        dialog.locator("div[name=summary] textarea").fill("拜访了工厂；下月试订一批")
        dialog.get_by_role("button", name=zh(FOLLOWUP, "Log follow-up")).click()
        expect(dialog).to_have_count(0)

        # the new next date, in Chinese and whole, and the customer no longer due
        after = server.rpc(
            "res.partner", "read", [customer["id"]], ["followup_next_date", "followup_state"]
        )[0]
        assert after["followup_state"] == "scheduled", after
        next_date = user_date(server, "zh_CN", after["followup_next_date"])
        assert CHINESE_DATE.match(next_date), next_date
        expect(page.locator("div[name=followup_grade_id]").first).to_contain_text(grade)
        expect(page.locator("div[name=followup_state]")).to_contain_text(zh(FOLLOWUP, "Scheduled"))
        shown = page.locator("div[name=followup_next_date] span").first
        expect(shown).to_have_text(next_date)
        expect_whole(shown)
        page.locator(".o_breadcrumb a", has_text=zh(FOLLOWUP, "Due Follow-ups")).click()
        expect(page.locator(".o_list_renderer")).to_be_visible()
        expect(page.locator(".o_data_row", has_text=customer["name"])).to_have_count(0)

        # the pool: when, from whom and why, filled on every row
        table = _open_pool(page, server)
        for label in ("In Pool Since", "Pooled From", "Why in the Pool", "You May Claim From"):
            expect(table.locator("thead")).to_contain_text(zh(FOLLOWUP, label))
        rows = table.locator(".o_data_row")
        expect(rows.first).to_be_visible()
        for row in rows.all():
            expect(row.locator("td[name=followup_pool_date]")).to_have_text(CHINESE_DATE)
            expect_whole(row.locator("td[name=followup_pool_date]"))
            expect(row.locator("td[name=followup_pool_from_id]")).not_to_have_text("")
            reason = row.locator("td[name=followup_pool_reason]").inner_text()
            assert re.search(r"[\u4e00-\u9fff]", reason), reason
            assert not re.search(r"[A-Za-z]{4,}", reason), f"English in the reason: {reason}"

        # the customer he lost is in his cooldown: the day shown, no Claim button
        lost = server.rpc(
            "res.partner", "read", [demo_id(server, f"{FOLLOWUP}.partner_followup_33")], ["name"]
        )[0]
        lost_row = rows.filter(has_text=lost["name"])
        cooldown = lost_row.locator("td[name=followup_claim_cooldown_until]")
        expect(cooldown).to_have_text(CHINESE_DATE)
        expect_whole(cooldown)
        expect(lost_row.locator("button[name=action_followup_claim]")).to_have_count(0)

        # claims a customer he may take: it leaves the pool and is his
        claimable = rows.filter(has=page.locator("button[name=action_followup_claim]")).first
        name = claimable.locator("td[name=display_name]").inner_text()
        claimable.locator("button[name=action_followup_claim]").click()
        expect(rows.filter(has_text=name)).to_have_count(0)
        expect(rows.filter(has_text=lost["name"])).to_have_count(1)
        claimed = server.rpc("res.partner", "search_read", [("name", "=", name)], ["user_id"])
        assert claimed[0]["user_id"][0] == _li_wei(server)


def test_salesperson_in_english_reads_the_pool_in_english(server, login):
    page = login("li.wei", "li.wei")
    table = _open_pool(page, server)
    expect(page.locator(".o_breadcrumb")).to_contain_text("Customer Pool")
    for label in ("In Pool Since", "Pooled From", "Why in the Pool", "You May Claim From"):
        expect(table.locator("thead")).to_contain_text(label)
    reasons = table.locator("td[name=followup_pool_reason]").all_inner_texts()
    assert reasons and any("logged no follow-up" in reason for reason in reasons), reasons
    dates = table.locator("td[name=followup_pool_date]").all_inner_texts()
    assert all(re.fullmatch(r"\d{2}/\d{2}/\d{4}", date) for date in dates), dates


def test_sales_manager_groups_the_salesperson_grade_pivot_by_follow_up_status(server, login):
    overdue = server.rpc(
        "res.partner",
        "search_count",
        [("followup_grade_id", "!=", False), ("followup_state", "=", "overdue")],
    )
    scheduled = server.rpc(
        "res.partner",
        "search_count",
        [("followup_grade_id", "!=", False), ("followup_state", "=", "scheduled")],
    )
    assert overdue and scheduled, "the demo has customers both behind and on time"
    with speaking(server, "zhao.lei", "zh_CN"):
        page = login("zhao.lei", "zhao.lei")
        page.goto(f"{server.base_url}/odoo/action-{FOLLOWUP}.res_partner_action_followup_report")
        pivot = page.locator(".o_pivot table")
        expect(pivot).to_be_visible()
        expect(pivot.locator("thead")).to_contain_text(zh(FOLLOWUP, "Deal within 3 months"))
        page.click(".o_searchview_dropdown_toggler")
        page.locator(".o_group_by_menu").get_by_role(
            "menuitemcheckbox", name=zh(FOLLOWUP, "Follow-up Status")
        ).click()
        for state, count in (("Overdue", overdue), ("Scheduled", scheduled)):
            row = pivot.locator("tbody tr", has=page.locator("th", has_text=zh(FOLLOWUP, state)))
            expect(row.locator("td").last).to_have_text(str(count))
