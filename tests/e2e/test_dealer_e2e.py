"""Price floors in the browser: a salesperson sees the floor on the line and sends
the order for approval; a dealer manager approves it after a warning."""

import re

from playwright.sync_api import expect


def _demo_record(server, module, name):
    data = server.rpc(
        "ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], ["res_id"]
    )
    return data[0]["res_id"]


def test_below_floor_order_goes_for_approval_and_a_manager_approval_records_a_violation(
    server, login
):
    order_id = _demo_record(server, "dealer_channel_control", "demo_order_below_floor")
    order = server.rpc("sale.order", "read", [order_id], ["name", "state"])[0]
    assert order["state"] == "draft"

    salesperson = login("demo", "demo")
    salesperson.goto(f"{server.base_url}/odoo/sale.order/{order_id}")
    line = salesperson.locator(".o_data_row", has_text="Jasmine Tea 500 g")
    expect(line.locator("td[name=dealer_floor_price]")).to_contain_text("80.00")
    expect(line.locator("td[name=price_unit]")).to_have_class(re.compile(r"\btext-danger\b"))
    expect(salesperson.locator("button[name=action_confirm]:visible")).to_have_count(0)
    salesperson.locator("button[name=action_dealer_send_for_approval]").click()
    expect(salesperson.locator(".o_field_widget[name=dealer_approval_state]")).to_be_visible()
    values = server.rpc("sale.order", "read", [order_id], ["state", "dealer_approval_state"])[0]
    assert (values["state"], values["dealer_approval_state"]) == ("draft", "pending")

    manager = login("zheng.hao", "zheng.hao")
    manager.goto(f"{server.base_url}/odoo/sale.order/{order_id}")
    manager.locator("button[name=action_dealer_confirm_below_floor]:visible").first.click()
    warning = manager.locator(".modal-dialog")
    expect(warning).to_contain_text("Jasmine Tea 500 g")
    expect(warning).to_contain_text("75.00")  # 100 less the 25 % discount
    expect(warning).to_contain_text("80.00")  # the floor
    warning.locator("button[name=action_confirm_order]").click()
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
