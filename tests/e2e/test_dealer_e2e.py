"""Price floors in the browser: a salesperson is stopped, a dealer manager approves."""

from playwright.sync_api import expect


def _demo_record(server, module, name):
    data = server.rpc(
        "ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], ["res_id"]
    )
    return data[0]["res_id"]


def test_below_floor_order_stops_a_salesperson_and_a_manager_approval_records_a_violation(
    server, login
):
    order_id = _demo_record(server, "dealer_channel_control", "demo_order_below_floor")
    order = server.rpc("sale.order", "read", [order_id], ["name", "state"])[0]
    assert order["state"] == "draft"

    salesperson = login("demo", "demo")
    salesperson.goto(f"{server.base_url}/odoo/sale.order/{order_id}")
    salesperson.locator("button[name=action_confirm]:visible").first.click()
    error = salesperson.locator(".modal-dialog")
    expect(error).to_contain_text("Jasmine Tea 500 g")
    expect(error).to_contain_text("75.00")  # 100 less the 25 % discount
    expect(error).to_contain_text("80.00")  # the floor
    assert server.rpc("sale.order", "read", [order_id], ["state"])[0]["state"] == "draft"

    manager = login("zheng.hao", "zheng.hao")
    manager.goto(f"{server.base_url}/odoo/sale.order/{order_id}")
    manager.locator("button[name=action_confirm]:visible").first.click()
    expect(manager.locator(".o_statusbar_status button.o_arrow_button_current")).to_have_text(
        "Sales Order"
    )
    manager.goto(
        f"{server.base_url}/odoo/action-dealer_channel_control.dealer_price_violation_action"
    )
    manager.click(".o_switch_view.o_list")
    row = manager.locator(".o_data_row", has_text=order["name"])
    expect(row).to_contain_text("Jasmine Tea 500 g")
    expect(row).to_contain_text("100.00")  # shortfall (80 - 75) x 20, fined in full
