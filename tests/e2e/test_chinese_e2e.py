"""The same screens in Simplified Chinese: the labels a user reads come from
each addon's zh_CN.po."""

import polib
from playwright.sync_api import expect

from .server import REPO


def zh(addon, msgid):
    po = polib.pofile(str(REPO / addon / "i18n" / "zh_CN.po"))
    translated = po.find(msgid)
    assert translated and translated.msgstr, f"{addon}: no Chinese for {msgid!r}"
    return translated.msgstr


def test_a_chinese_salesperson_reads_chinese_labels(server, login):
    server.set_language("li.wei", "zh_CN")
    try:
        partner_id = server.rpc("res.partner", "search", [("name", "=", "苏州金龙泵业有限公司")])[0]
        page = login("li.wei", "li.wei")
        page.goto(f"{server.base_url}/odoo/res.partner/{partner_id}")
        followup_tab = page.locator(".o_notebook_headers a[name=followup]")
        expect(followup_tab).to_have_text(zh("crm_followup_grading", "Follow-up"))
        followup_tab.click()
        expect(page.locator("button[name=action_followup_log]")).to_contain_text(
            zh("crm_followup_grading", "Log follow-up")
        )
        expect(page.locator(".o_notebook_headers a[name=referral]")).to_have_text(
            zh("customer_referral_points", "Referral")
        )
    finally:
        server.set_language("li.wei", "en_US")


def test_a_chinese_dealer_manager_reads_chinese_labels(server, login):
    server.set_language("zheng.hao", "zh_CN")
    try:
        page = login("zheng.hao", "zheng.hao")
        page.goto(
            f"{server.base_url}/odoo/action-dealer_channel_control.dealer_price_violation_action"
        )
        expect(page.locator(".o_breadcrumb")).to_contain_text(
            zh("dealer_channel_control", "Price Violations")
        )
    finally:
        server.set_language("zheng.hao", "en_US")
