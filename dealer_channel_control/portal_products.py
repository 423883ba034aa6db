"""The products a dealer names in the portal (stock form, upload, registration
form): found by the code or by the name the dealer sees, in one query whatever the
size of the catalogue."""

import re
from collections import defaultdict

from odoo.osv import expression
from odoo.tools import escape_psql

# "[TEA-01] Green Tea", as Odoo displays a product with a code
DISPLAY_NAME = re.compile(r"\[(?P<code>[^\]]+)\]")


def product_key(text):
    """How a typed product is compared: without surrounding blanks, in any case."""
    return str(text or "").strip().lower()


def product_codes(text):
    """The codes a typed text may be: itself, or the code of an "[CODE] Name"."""
    key = product_key(text)
    found = DISPLAY_NAME.match(key)
    return {key, product_key(found["code"])} if found else {key}


def portal_product_domain(env, dealer):
    """What a dealer may report and register: what we sell, in the dealer's company."""
    return [
        ("sale_ok", "=", True),
        ("company_id", "in", [dealer.company_id.id or env.company.id, False]),
    ]


def allowed_products(env, dealer, products):
    """The given products a dealer may name (no catalogue loaded to tell), with
    sudo: a portal user may not read products itself."""
    return products.sudo().filtered_domain(portal_product_domain(env, dealer))


def match_products(env, dealer, texts):
    """{typed text: the products it names}, each text compared by product_key: the
    products whose code it is, else those whose name (in the language of `env`, the
    dealer's) it is, with sudo (a portal user may not read products itself). An
    empty recordset is an unknown product, more than one an
    ambiguous one: the caller refuses both. One search for all the texts."""
    Product = env["product.product"].sudo()
    keys = {product_key(text) for text in texts} - {""}
    if not keys:
        return {}
    codes = set().union(*(product_codes(key) for key in keys))
    by_code = expression.OR([[("default_code", "=ilike", escape_psql(c))] for c in codes])
    by_name = expression.OR([[("name", "=ilike", escape_psql(key))] for key in keys])
    found = Product.search(
        expression.AND(
            [
                portal_product_domain(env, dealer),
                expression.OR([by_code, [("product_tmpl_id", "any", by_name)]]),
            ]
        )
    )
    code_index, name_index = defaultdict(Product.browse), defaultdict(Product.browse)
    for product in found:
        if product.default_code:
            code_index[product_key(product.default_code)] |= product
        name_index[product_key(product.name)] |= product
    matches = {}
    for text in texts:
        key = product_key(text)
        in_codes = Product.browse().union(*(code_index[c] for c in product_codes(key)))
        matches[text] = in_codes or name_index[key]
    return matches


def order_quantity(qty, unit_rounding=1.0, pack_size=0.0):
    """The quantity to order for a need of `qty`: rounded UP to a whole number of
    packs of `pack_size` units when the product is sold by the pack, else to a
    whole number of units (or of the unit of measure's rounding, when that is
    coarser than one unit). Nobody orders 40.72 bags."""
    if qty <= 0:
        return 0.0
    step = pack_size if pack_size and pack_size > 0 else max(1.0, unit_rounding or 1.0)
    # a need of 2.0000000001 packs is 2 packs: float noise is no extra pack
    packs = -(-round(qty / step, 6) // 1)
    return packs * step


def suggested_orders(report_lines):
    """{report line: (quantity to order, packaging or None)} of the lines that
    suggest ordering: the suggested quantity rounded up (order_quantity) to the
    product's smallest sales packaging when it has one, else to whole units. The
    packagings of all the lines are read in one query."""
    lines = report_lines.sudo().filtered(lambda line: line.suggested_qty > 0)
    packagings = (
        lines.env["product.packaging"]
        .sudo()
        .search(
            [("product_id", "in", lines.product_id.ids), ("sales", "=", True), ("qty", ">", 0)],
            order="qty",
        )
    )
    smallest = {}
    for packaging in packagings:
        smallest.setdefault(packaging.product_id, packaging)
    orders = {}
    for line in lines:
        packaging = smallest.get(line.product_id)
        qty = order_quantity(
            line.suggested_qty,
            unit_rounding=line.product_id.uom_id.rounding,
            pack_size=packaging.qty if packaging else 0.0,
        )
        orders[line] = (qty, packaging)
    return orders
