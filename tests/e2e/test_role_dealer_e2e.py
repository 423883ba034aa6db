"""The dealer manager walks the demo in Chinese: the floor on the line of an order
to a dealer, and the inventory days of every dealer drawn between the band."""

import re

from playwright.sync_api import expect

from .roles import demo_id, speaking
from .test_chinese_e2e import zh

DEALER = "dealer_channel_control"

# the chart as drawn: each series' legend label, its points, and whether the
# lines are stacked (Odoo's graph keeps its Chart.js instance on the canvas)
CHART = """(canvas) => {
    const chart = Chart.getChart(canvas);
    return {
        stacked: Boolean(chart.options.scales.y.stacked),
        series: chart.data.datasets.map((d) => ({label: d.label, data: d.data})),
    };
}"""


def test_dealer_manager_in_chinese_sees_the_floor_on_the_line_and_the_band(server, login):
    order_id = demo_id(server, f"{DEALER}.demo_order_below_floor_approved")
    rice = server.rpc(
        "product.product",
        "read",
        [demo_id(server, f"{DEALER}.demo_product_rice")],
        ["dealer_floor_price"],
    )[0]
    with speaking(server, "zheng.hao", "zh_CN"):
        page = login("zheng.hao", "zheng.hao")

        # the order confirmed below the floor: the floor beside the price, the price red
        page.goto(f"{server.base_url}/odoo/sale.order/{order_id}")
        lines = page.locator("div[name=order_line]")
        expect(lines.locator("thead")).to_contain_text(zh(DEALER, "Floor Price"))
        line = lines.locator(".o_data_row", has_text=zh(DEALER, "Fragrant Rice 10 kg"))
        expect(line.locator("td[name=dealer_floor_price]")).to_contain_text(
            f"{rice['dealer_floor_price']:.2f}"
        )
        expect(line.locator("td[name=price_unit]")).to_contain_text("36.00")
        expect(line.locator("td[name=price_unit]")).to_have_class(re.compile(r"\btext-danger\b"))

        # the dashboard: one line per dealer, the band's minimum and maximum drawn
        page.goto(f"{server.base_url}/odoo/action-{DEALER}.dealer_inventory_chart_action")
        expect(page.locator(".o_breadcrumb")).to_contain_text(zh(DEALER, "Inventory Days Chart"))
        canvas = page.locator(".o_graph_canvas_container canvas")
        expect(canvas).to_be_visible()
        chart = canvas.evaluate(CHART)
        assert not chart["stacked"], "inventory days are never added up across dealers"
        series = {s["label"]: s["data"] for s in chart["series"]}
        bands = server.rpc(
            "dealer.channel", "search_read", [], ["inventory_min_days", "inventory_max_days"]
        )
        for label, field in (
            ("Band Minimum", "inventory_min_days"),
            ("Band Maximum", "inventory_max_days"),
        ):
            points = [p for p in series.pop(zh(DEALER, label)) if p]
            assert points, f"{label} is not drawn"
            assert set(points) <= {band[field] for band in bands}, (label, points)
        # what is left is one series per dealer, the demo's two among them
        dealers = server.rpc("res.partner", "search_read", [("is_dealer", "=", True)], ["name"])
        assert set(series) <= {dealer["name"] for dealer in dealers}, series.keys()
        for xmlid in ("demo_dealer_fresh", "demo_dealer_bulk"):
            name = server.rpc(
                "res.partner", "read", [demo_id(server, f"{DEALER}.{xmlid}")], ["name"]
            )
            assert any(series[name[0]["name"]]), f"no inventory days drawn for {name}"
