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
