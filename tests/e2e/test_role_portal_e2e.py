"""The portal's roles walk the demo in Chinese: a dealer on its stock, its
products and its penalties, a referrer on how points are earned."""

import math
import re

from playwright.sync_api import expect

from .roles import demo_id, speaking
from .test_chinese_e2e import zh
from .test_portal_e2e import portal_sign_in

DEALER = "dealer_channel_control"
REFERRAL = "customer_referral_points"
EARN = (
    "You earn %(sales)s points for every %(step)s a customer you brought buys (before tax), "
    "and %(attendance)s points {} they attend one of our events, for %(days)s days after you "
    "referred them."
)
EARN_ONCE, EARN_EACH = EARN.format("the first time"), EARN.format("each time")
SPEND = (
    "Spend them on your own orders: ask your salesperson to apply a reward to your quotation "
    "(%(rewards)s); the points are taken off when the order is confirmed."
)


def sentence(template, **values):
    """A pattern of the catalogue's sentence template: the placeholders given a
    value hold it, the others anything."""
    pattern = ""
    for part in re.split(r"(%\(\w+\)s)", template):
        name = part[2:-2] if part.startswith("%(") else None
        if name is None:
            pattern += re.escape(part)
        else:
            pattern += re.escape(values[name]) if name in values else ".+?"
    return re.compile(pattern)


def _tile_text(page, url):
    """The tile's text as a person reads it (Odoo's hidden counter placeholder
    left out), on one line."""
    tile = page.locator(f".o_portal_index_card a[href='{url}']")
    expect(tile).to_be_visible()
    return " ".join(tile.inner_text().split())


def test_dealer_in_chinese_reads_whole_units_and_picks_products_by_chinese_name(server, browser):
    dealer_id = demo_id(server, f"{DEALER}.demo_dealer_fresh")
    report_id = demo_id(server, f"{DEALER}.demo_report_fresh_0")
    reports = server.rpc("dealer.stock.report", "search_count", [("dealer_id", "=", dealer_id)])
    projects = server.rpc("dealer.project", "search_count", [("dealer_id", "=", dealer_id)])
    raw = {
        line["product_id"][0]: line["suggested_qty"]
        for line in server.rpc(
            "dealer.stock.report.line",
            "search_read",
            [("report_id", "=", report_id)],
            ["product_id", "suggested_qty"],
        )
    }
    # the demo's week asks for fractions (7.5 bags of rice): the page must not
    assert any(qty != int(qty) for qty in raw.values()), raw
    codes = {
        p["default_code"]: p["id"]
        for p in server.rpc("product.product", "read", list(raw), ["default_code"])
    }
    with speaking(server, "fresh.portal", "zh_CN"):
        page = portal_sign_in(browser, server, "fresh.portal")
        try:
            # /my: the dealer's tiles with their counts
            page.goto(f"{server.base_url}/zh_CN/my")
            assert _tile_text(page, "/my/dealer/stock").startswith(
                f"{reports} {zh(DEALER, 'Stock Reports')} "
            )
            assert _tile_text(page, "/my/dealer/projects").startswith(
                f"{projects} {zh(DEALER, 'Project Registrations')} "
            )

            # the week's report: suggested quantities in whole units, rounded up
            page.goto(f"{server.base_url}/zh_CN/my/dealer/stock/{report_id}")
            standing = page.locator(".o_dealer_standing")
            expect(standing).to_contain_text(zh(DEALER, "Suggested Quantity"))
            expect(standing.locator("tr[data-product=DLR-TEA]")).to_contain_text(
                zh(DEALER, "Jasmine Tea 500 g")
            )
            for code, product_id in codes.items():
                cell = standing.locator(f"tr[data-product={code}] .o_dealer_suggested")
                if raw[product_id]:
                    expect(cell).to_have_text(str(math.ceil(raw[product_id])))
            shown = standing.locator(".o_dealer_suggested").all_inner_texts()
            assert shown and all(re.fullmatch(r"\d+", qty) for qty in shown), shown

            # a project: the products it deals in, listed and typed by their Chinese name
            page.goto(f"{server.base_url}/zh_CN/my/dealer/projects/new")
            options = page.locator("datalist#o_dealer_products option").all_inner_texts()
            tea = zh(DEALER, "Jasmine Tea 500 g")
            assert any(tea in option for option in options), options
            assert any(zh(DEALER, "Fragrant Rice 10 kg") in option for option in options)
            page.fill("input[name=end_customer]", "杭州市西湖区教育局")
            page.fill("input[name=name]", "西湖区 食堂供货项目")
            page.fill("input[name=product_0]", tea)
            page.fill("input[name=qty_0]", "20")
            page.fill("input[name=price_0]", "100")
            page.click("button.o_dealer_project_submit")
            expect(page.locator(".o_dealer_errors")).to_have_count(0)
            expect(page.locator("body")).to_contain_text("西湖区 食堂供货项目")
            expect(page.locator("body")).to_contain_text(tea)
        finally:
            page.context.close()
    project = server.rpc(
        "dealer.project",
        "search_read",
        [("dealer_id", "=", dealer_id), ("name", "=", "西湖区 食堂供货项目")],
        ["line_ids"],
    )
    assert project, "the project was not registered"
    line = server.rpc("dealer.project.line", "read", project[0]["line_ids"], ["product_id"])
    assert [item["product_id"][0] for item in line] == [codes["DLR-TEA"]]


def test_dealer_in_chinese_reads_its_reviewed_penalties_and_their_cause(server, browser):
    dealer_id = demo_id(server, f"{DEALER}.demo_dealer_bulk")
    violations = server.rpc(
        "dealer.price.violation",
        "search_read",
        [("dealer_id", "=", dealer_id)],
        ["state", "source", "source_ref"],
    )
    reviewed = [v for v in violations if v["state"] != "draft"]
    assert reviewed and len(reviewed) < len(violations), "the demo has both kinds"
    with speaking(server, "bulk.portal", "zh_CN"):
        page = portal_sign_in(browser, server, "bulk.portal")
        try:
            page.goto(f"{server.base_url}/zh_CN/my")
            assert _tile_text(page, "/my/dealer/violations").startswith(
                f"{len(reviewed)} {zh(DEALER, 'Price Violations')} "
            )
            page.goto(f"{server.base_url}/zh_CN/my/dealer/violations")
            table = page.locator(".o_portal_my_doc_table")
            for title in ("Caused by", "Review Status", "Invoice Status"):
                expect(table.locator("thead")).to_contain_text(zh(DEALER, title))
            rows = table.locator("tr.o_dealer_violation")
            expect(rows).to_have_count(len(reviewed))
            sources = rows.locator(".o_dealer_violation_source").all_inner_texts()
            labels = {"sale_order": "Sales Order", "market_check": "Market Check"}
            for violation in reviewed:
                label = zh(DEALER, labels[violation["source"]])
                assert any(text.startswith(label) for text in sources), (label, sources)
            order = next(v for v in reviewed if v["source"] == "sale_order")
            expect(rows.locator(".o_dealer_violation_source a")).to_have_text(
                re.compile(re.escape(order["source_ref"]))
            )
            assert not any(text.startswith(zh(DEALER, "Project")) for text in sources), sources
            expect(rows.first).to_contain_text(zh(DEALER, "Confirmed"))
            expect(rows.first.locator(".o_dealer_violation_invoice")).to_have_text(
                zh(DEALER, "Not invoiced yet")
            )
        finally:
            page.context.close()


def test_referrer_in_chinese_reads_how_points_are_earned(server, browser):
    referrer = server.rpc(
        "res.partner",
        "read",
        [demo_id(server, f"{REFERRAL}.demo_referrer_wang")],
        ["referral_points"],
    )[0]
    program = server.rpc(
        "loyalty.program",
        "search_read",
        [("is_referral_program", "=", True)],
        [
            "referral_sales_points",
            "referral_attendance_points",
            "referral_attendance_once",
            "referral_validity_days",
        ],
    )[0]
    with speaking(server, "wang.portal", "zh_CN"):
        page = portal_sign_in(browser, server, "wang.portal")
        try:
            page.goto(f"{server.base_url}/zh_CN/my/referrals")
            expect(page.locator(".o_referral_points .h3")).to_have_text(
                f"{referrer['referral_points']:g}"
            )
            how = page.locator(".o_referral_how")
            earn = EARN_ONCE if program["referral_attendance_once"] else EARN_EACH
            expect(how).to_contain_text(
                sentence(
                    zh(REFERRAL, earn),
                    sales=f"{program['referral_sales_points']:g}",
                    attendance=f"{program['referral_attendance_points']:g}",
                    days=str(program["referral_validity_days"]),
                )
            )
            expect(how).to_contain_text(sentence(zh(REFERRAL, SPEND)))
            expect(how).not_to_contain_text("You earn")
        finally:
            page.context.close()
