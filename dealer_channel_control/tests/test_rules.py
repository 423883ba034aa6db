"""The arithmetic of the dealer rules, without the ORM."""

from odoo.addons.dealer_channel_control import rules


def test_daily_sales_and_inventory_days():
    assert rules.daily_sales(70, 7) == 10
    assert rules.inventory_days(220, 10) == 22


def test_no_sales_is_a_state_not_a_division_error():
    assert rules.daily_sales(0, 7) == 0
    assert rules.inventory_days(50, 0) is None
    assert rules.inventory_state(None, 20, 25) == "no_sales"


def test_inventory_state_against_the_band():
    assert rules.inventory_state(19.9, 20, 25) == "under"
    assert rules.inventory_state(20, 20, 25) == "normal"
    assert rules.inventory_state(25, 20, 25) == "normal"
    assert rules.inventory_state(25.1, 20, 25) == "over"


def test_suggested_qty_reaches_the_middle_of_the_band():
    # 10 a day, band 20-25: aim at 22.5 days = 225 units
    assert rules.suggested_qty(100, 10, 20, 25) == 125
    assert rules.suggested_qty(300, 10, 20, 25) == 0
    assert rules.suggested_qty(0, 0, 20, 25) == 0


def test_projected_days_and_overstock():
    assert rules.projected_days(100, 100, 10) == 20
    assert not rules.is_overstock(100, 150, 10, 25)
    assert rules.is_overstock(100, 151, 10, 25)
    # stock of a product that does not sell only piles up
    assert rules.is_overstock(0, 1, 0, 25)
    assert not rules.is_overstock(5, 0, 0, 25)


def test_shortfall_is_what_was_undercut():
    assert rules.shortfall(80, 70, 10) == 100
    assert rules.shortfall(80, 90, 10) == 0


def test_project_key_ignores_case_and_spaces():
    assert rules.project_key("ACME Corp", "New  Plant") == rules.project_key(
        " acme corp", "newplant "
    )
    assert rules.project_key("ACME", "Plant A") != rules.project_key("ACME", "Plant B")


def test_net_unit_price_nets_the_lines_of_a_product():
    # 10 at 90 and a "return" of 5 at 100 on the same order: 400 for 5 units
    prices = rules.net_unit_prices([("tea", 10, 900), ("tea", -5, -500)])
    assert prices == {"tea": (80, 5)}


def test_a_product_returned_in_full_is_not_sold():
    assert rules.net_unit_prices([("tea", 10, 900), ("tea", -10, -900)]) == {}


def test_order_level_discounts_are_allocated_pro_rata_by_amount():
    # 1000 of tea and 1000 of rice, a discount line of -200: each carries 10 %
    prices = rules.net_unit_prices([("tea", 10, 1000), ("rice", 20, 1000), ("discount", 1, -200)])
    assert prices["tea"] == (90, 10)
    assert prices["rice"] == (45, 20)
    assert prices["discount"] == (-200, 1)  # priced, but it has no floor


def test_a_return_of_another_product_counts_as_a_discount():
    prices = rules.net_unit_prices([("tea", 10, 1000), ("rice", -2, -100)])
    assert prices == {"tea": (90, 10)}


def test_free_and_negatively_priced_goods_keep_their_own_price():
    prices = rules.net_unit_prices([("tea", 10, 0), ("rice", 2, -100), ("jam", 1, 100)])
    assert prices["tea"] == (0, 10)
    assert prices["rice"] == (-50, 2)
    assert prices["jam"] == (0, 1)  # the negative rice is a discount on the rest


def test_worse_than_recorded_means_lower_or_a_larger_shortfall():
    def compare(a, b):
        return (round(a, 2) > round(b, 2)) - (round(a, 2) < round(b, 2))

    # recorded: 75 x 10 under a floor of 80 (shortfall 50)
    assert rules.worse_than_recorded(74, 10, 80, 75, 50, compare)
    assert rules.worse_than_recorded(75, 11, 80, 75, 50, compare)
    assert not rules.worse_than_recorded(75, 10, 80, 75, 50, compare)
    assert not rules.worse_than_recorded(75.001, 10, 80, 75, 50, compare)
    assert not rules.worse_than_recorded(78, 12, 80, 75, 50, compare)
