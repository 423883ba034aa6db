"""Old customers bring new, in the browser: a salesperson records who brought a
customer, confirms its first order, and the referrer's points show."""

from playwright.sync_api import expect


def test_referrer_earns_points_when_the_new_customer_buys(server, login):
    referrer_id = server.rpc("res.partner", "search", [("name", "=", "王建国")])[0]
    before = server.rpc("res.partner", "read", [referrer_id], ["referral_points"])[0]
    page = login("demo", "demo")

    page.goto(f"{server.base_url}/odoo/res.partner/new")
    page.locator("div[name=name] input").fill("Zhejiang Newcomer Trading")
    page.click(".o_notebook_headers a[name=referral]")
    page.locator("div[name=referred_by_id] input").fill("王建国")
    page.locator(".o-autocomplete--dropdown-menu a", has_text="王建国").click()
    page.locator(".o_form_button_save").click()
    expect(page.locator(".o_form_saved")).to_be_visible()
    customer_id = server.rpc("res.partner", "search", [("name", "=", "Zhejiang Newcomer Trading")])
    assert customer_id

    product = server.rpc(
        "product.product", "create", {"name": "Showroom sofa", "list_price": 1200, "taxes_id": []}
    )
    demo_user = server.rpc("res.users", "search", [("login", "=", "demo")])[0]
    order_id = server.rpc(
        "sale.order",
        "create",
        {
            "partner_id": customer_id[0],
            "user_id": demo_user,
            "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 1, "tax_id": []})],
        },
    )
    page.goto(f"{server.base_url}/odoo/sale.order/{order_id}")
    page.locator("button[name=action_confirm]:visible").first.click()
    expect(page.locator(".o_statusbar_status button.o_arrow_button_current")).to_have_text(
        "Sales Order"
    )

    after = server.rpc("res.partner", "read", [referrer_id], ["referral_points"])[0]
    assert after["referral_points"] == before["referral_points"] + 100
    page.goto(f"{server.base_url}/odoo/res.partner/{referrer_id}")
    page.click(".o_notebook_headers a[name=referral]")
    expect(page.locator("div[name=referral_points]")).to_have_text(
        f"{after['referral_points']:,.2f}"
    )
    expect(page.locator("div[name=referred_partner_ids]")).to_contain_text(
        "Zhejiang Newcomer Trading"
    )
