"""The dealer business rules that are plain arithmetic, kept free of the ORM so
they can be tested directly and reused by models, checks and benchmarks."""

import unicodedata
from collections import defaultdict

NO_SALES = "no_sales"
# Where inventory days fall against the band: the one list of states, for the
# report lines, the reports, the dealers and the order lines.
INVENTORY_STATES = [
    ("under", "Under Stocked"),
    ("normal", "Normal"),
    ("over", "Over Stocked"),
    (NO_SALES, "No Sales"),
]
# The standard band (库存天数 20–25): new channels start with it, and a report of
# a dealer without a channel is judged by it.
DEFAULT_MIN_DAYS = 20.0
DEFAULT_MAX_DAYS = 25.0
# Unicode categories that print nothing: format characters (Cf), separators (Z*)
INVISIBLE_CATEGORIES = frozenset({"Cf", "Zs", "Zl", "Zp"})


def daily_sales(qty_sold, period_days):
    """Average units sold per day over the reporting period."""
    return qty_sold / period_days if period_days > 0 else 0.0


def inventory_days(qty_on_hand, sales_per_day):
    """Days the stock on hand lasts at the current pace; None when nothing sells
    (the stock never runs down, which is a state, not a division error)."""
    if sales_per_day <= 0:
        return None
    return qty_on_hand / sales_per_day


def inventory_state(days, min_days, max_days):
    """Where a number of inventory days falls against the channel's band."""
    if days is None:
        return NO_SALES
    if days < min_days:
        return "under"
    if days > max_days:
        return "over"
    return "normal"


def band_target(min_days, max_days):
    """The stock level aimed at: the middle of the band."""
    return (min_days + max_days) / 2.0


def suggested_qty(qty_on_hand, sales_per_day, min_days, max_days):
    """Units to order to bring the stock to the middle of the band (before the
    unit of measure's rounding), never negative."""
    return max(0.0, band_target(min_days, max_days) * sales_per_day - qty_on_hand)


def projected_days(qty_on_hand, qty_ordered, sales_per_day):
    """Inventory days once the ordered quantity has arrived; None when nothing
    sells."""
    return inventory_days(qty_on_hand + qty_ordered, sales_per_day)


def is_overstock(qty_on_hand, qty_ordered, sales_per_day, max_days):
    """Whether an order leaves the dealer above the band. Adding stock of a
    product that does not sell at all overstocks by definition."""
    days = projected_days(qty_on_hand, qty_ordered, sales_per_day)
    if days is None:
        return qty_ordered > 0
    return days > max_days


def shortfall(floor_price, price, qty):
    """What the dealer undercut the floor by over the quantity (少多少罚多少)."""
    return max(0.0, floor_price - price) * qty


def net_unit_prices(lines):
    """{product: (net unit price, net quantity)} of the products an order sells.

    lines: (product, quantity in the product's unit, untaxed amount) per order
    line, amounts in one currency. Lines of one product are netted: a negative
    quantity line (a return, a "correction") lowers the quantity and the amount of
    that product. Products whose net amount is negative (order-level discount
    lines such as sale's discount wizard or loyalty rewards, returns of other
    products) are a discount on the whole order: it is allocated to the products
    with a positive net amount in proportion to that amount. Only products with a
    positive net quantity are sold, so only those get a price."""
    amounts = defaultdict(float)
    quantities = defaultdict(float)
    for product, qty, amount in lines:
        amounts[product] += amount
        quantities[product] += qty
    sold = sum(amount for amount in amounts.values() if amount > 0)
    discount = sum(amount for amount in amounts.values() if amount < 0)
    share = (sold + discount) / sold if sold else 1.0
    prices = {}
    for product, qty in quantities.items():
        if qty <= 0:
            continue
        amount = amounts[product]
        # what is sold at no or a negative price needs no allocation to be cheap
        prices[product] = ((amount * share if amount > 0 else amount) / qty, qty)
    return prices


def worse_than_recorded(price, qty, floor, recorded_price, recorded_shortfall, compare):
    """Whether a price on a changed order is worse than the one a dealer manager
    let through: lower, or short of the floor by more in total. compare(a, b) is
    the currency's comparison (-1, 0, 1)."""
    if compare(price, recorded_price) < 0:
        return True
    return compare(shortfall(floor, price, qty), recorded_shortfall) > 0


def fold_name(text):
    """A name as it is compared: names that look the same are the same. Unicode
    compatibility forms are folded (NFKC: full-width letters and digits as a
    Chinese input method types them, ligatures), then case (casefold), and the
    invisible format characters (zero-width spaces and joiners, soft hyphens, byte
    order marks: category Cf) and all whitespace (the ideographic space too) are
    dropped."""
    text = unicodedata.normalize("NFKC", text or "")
    # casefolding can undo the normalisation (e.g. ǰ): normalised again after it
    text = unicodedata.normalize("NFKC", text.casefold())
    return "".join(
        char
        for char in text
        if not char.isspace() and unicodedata.category(char) not in INVISIBLE_CATEGORIES
    )


def project_key(end_customer, name):
    """Identity of a project: the same end customer and project name, however
    each dealer typed them (see fold_name). A "|" inside a name is escaped, so
    that no other end customer and name make the same key."""

    def part(text):
        return fold_name(text).replace("\\", "\\\\").replace("|", "\\|")

    return f"{part(end_customer)}|{part(name)}"
