"""The dealer and referrer portal in a real browser, as the demo's portal users."""

import datetime
import io
import re

import openpyxl
from playwright.sync_api import expect

from .test_chinese_e2e import zh


def portal_sign_in(browser, server, login):
    """A new browser context signed in to the portal (demo password = login)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{server.base_url}/web/login")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", login)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/my.*"))
    return page


def _week_file():
    """This week's stock as an XLSX, dated a day the demo has no report for."""
    today = datetime.date.today()
    day = today if today.weekday() else today - datetime.timedelta(days=1)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["产品", "库存数量", "销售数量", "日期", "天数"])
    sheet.append(["DLR-TEA", 30, 70, day.isoformat(), 7])
    sheet.append(["DLR-RICE", 500, 70, day.isoformat(), 7])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_chinese_dealer_reports_by_upload_and_requests_the_order(server, browser, login):
    server.set_language("fresh.portal", "zh_CN")
    dealer = server.rpc("res.partner", "search", [("name", "=", "杭州鲜佳超市有限公司")])[0]
    page = portal_sign_in(browser, server, "fresh.portal")
    try:
        # the portal's language is the frontend's (the login page set English): a
        # Chinese dealer opens it under /zh_CN/ once, or picks 中文, and it stays
        page.goto(f"{server.base_url}/zh_CN/my/dealer/stock")
        expect(page.locator("a.o_dealer_report_new")).to_have_text(
            zh("dealer_channel_control", "Report this week")
        )
        page.set_input_files(
            "input[name=report_file]",
            files=[
                {
                    "name": "week.xlsx",
                    "mimeType": "application/octet-stream",
                    "buffer": _week_file(),
                }
            ],
        )
        page.click("button.o_dealer_upload")
        standing = page.locator(".o_dealer_standing")
        expect(standing).to_contain_text(zh("dealer_channel_control", "Where you stand"))
        # tea: 30 on hand, 10 a day → 3.0 days, under the 20–25 band; suggest 195
        tea = standing.locator("tr[data-product=DLR-TEA]")
        expect(tea.locator(".o_dealer_days")).to_have_text("3.0")
        expect(tea.locator(".badge")).to_have_text(zh("dealer_channel_control", "Under Stocked"))
        expect(tea.locator(".o_dealer_suggested")).to_have_text("195")
        page.click("button.o_dealer_request_order")
        message = page.locator(".o_dealer_message")
        expect(message).to_be_visible()
        order_name = re.search(r"S\d+", message.inner_text()).group(0)
    finally:
        page.context.close()
        server.set_language("fresh.portal", "en_US")

    order = server.rpc(
        "sale.order",
        "search_read",
        [("name", "=", order_name), ("partner_id", "=", dealer)],
        ["state", "user_id", "order_line"],
    )[0]
    assert order["state"] == "draft"
    salesperson = login("demo", "demo")
    salesperson.goto(f"{server.base_url}/odoo/sale.order/{order['id']}")
    expect(salesperson.locator(".o_field_widget[name=partner_id] input")).to_have_value(
        re.compile("鲜佳超市")
    )
    expect(salesperson.locator(".o_data_row", has_text="Jasmine Tea")).to_contain_text("195")
    activities = server.rpc(
        "mail.activity",
        "search_count",
        [
            ("res_model", "=", "sale.order"),
            ("res_id", "=", order["id"]),
            ("user_id", "=", order["user_id"][0]),
        ],
    )
    assert activities == 1


def test_a_second_dealer_sees_only_the_minimum_price(server, browser):
    page = portal_sign_in(browser, server, "bulk.portal")
    try:
        page.goto(f"{server.base_url}/my/dealer/projects/new")
        page.fill("input[name=end_customer]", "宁波市文化广电旅游局")
        page.fill("input[name=name]", "宁波市 图书馆改造工程")
        page.fill("input[name=product_0]", "DLR-TEA")
        page.fill("input[name=qty_0]", "10")
        page.fill("input[name=price_0]", "90")
        page.click("button.o_dealer_project_submit")
        errors = page.locator(".o_dealer_errors")
        expect(errors).to_contain_text("Jasmine Tea 500 g")
        expect(errors).to_contain_text("95.00")
        expect(errors).not_to_contain_text("鲜佳")
        expect(page.locator("body")).not_to_contain_text("鲜佳")
    finally:
        page.context.close()


def test_a_referrer_sees_their_points(server, browser):
    page = portal_sign_in(browser, server, "wang.portal")
    try:
        page.goto(f"{server.base_url}/my/referrals")
        points = page.locator(".o_referral_points .h3")
        expect(points).not_to_have_text("0")
        expect(page.locator("tr.o_referred_partner").first).to_be_visible()
    finally:
        page.context.close()
