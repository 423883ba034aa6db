from contextlib import contextmanager

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

from .. import rules
from ..groups import GROUP_DEALER_MANAGER, GROUP_DEALER_USER, is_dealer_manager

# what, changed on a confirmed order, can move a price against the floor
FLOOR_ORDER_FIELDS = frozenset(
    {
        *("partner_id", "partner_invoice_id", "partner_shipping_id"),
        *("pricelist_id", "currency_id", "date_order", "company_id", "state", "order_line"),
    }
)
# the addresses an order reaches a dealer through: the customer first
DEALER_ADDRESS_FIELDS = ("partner_id", "partner_invoice_id", "partner_shipping_id")
# cursor cache key: the orders checked as a whole once the call is done
_FLOOR_CHECK_DEFERRED = "dealer_channel_control.floor_check_deferred"
ALL_ORDERS = "all"


@contextmanager
def floor_check_deferred(env, order_ids):
    """While the orders are changed as a whole (and checked once afterwards), the
    writes on them and their lines skip their own check. Marked on the cursor for
    the call, never in the context: a client sends any context it likes.
    order_ids: ids, or ALL_ORDERS while orders are being created."""
    cache = env.cr.cache
    previous = cache.get(_FLOOR_CHECK_DEFERRED, frozenset())
    cache[_FLOOR_CHECK_DEFERRED] = (
        previous | {ALL_ORDERS} if order_ids == ALL_ORDERS else previous | set(order_ids)
    )
    try:
        yield
    finally:
        cache[_FLOOR_CHECK_DEFERRED] = previous


def floor_check_is_deferred(env, order_ids):
    """Whether all these orders (ids, or ALL_ORDERS: any) are checked later."""
    deferred = env.cr.cache.get(_FLOOR_CHECK_DEFERRED, frozenset())
    if ALL_ORDERS in deferred:
        return True
    return order_ids != ALL_ORDERS and set(order_ids) <= deferred


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dealer_partner_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        compute="_compute_dealer_partner_id",
        help="The dealer this order is to: the dealer of its customer, else of its invoice "
        "address, else of its delivery address (a dealer, one of its contacts or one of "
        "its branches).",
    )
    is_dealer_order = fields.Boolean(
        string="Order to a Dealer",
        compute="_compute_dealer_partner_id",
        help="Sold, invoiced or delivered to a dealer, one of its contacts or one of its branches.",
    )
    dealer_violation_ids = fields.One2many(
        "dealer.price.violation",
        "sale_order_id",
        string="Price Violations",
        # violations are the dealer groups' documents: a read() of all fields
        # must still work for the other sales users
        groups=GROUP_DEALER_USER,
    )

    @api.depends(
        *(
            f"{address}.{path}is_dealer"
            for address in DEALER_ADDRESS_FIELDS
            for path in ("", "parent_id.", "parent_id.parent_id.")
        )
    )
    def _compute_dealer_partner_id(self):
        dealers = self._dealer_of_orders()
        for order in self:
            order.dealer_partner_id = dealers[order.id]
            order.is_dealer_order = bool(dealers[order.id])

    def _dealer_of_orders(self):
        """{order id: the dealer the order is to, or an empty recordset}. A dealer is a
        dealer whichever address it hides behind: the order is to the dealer of its
        customer, else of its invoice address, else of its delivery address (see
        res.partner._dealer_of: a contact or a branch belongs to its dealer). The one
        answer to "the dealer of this order" for the floor, the stock band, the
        order lines' stock figures and the violations."""
        partners = self.env["res.partner"].union(
            *(self.mapped(address) for address in DEALER_ADDRESS_FIELDS)
        )
        dealer_of = partners._dealer_of()
        empty = self.env["res.partner"]
        return {
            order.id: next(
                (
                    dealer_of[order[address].id]
                    for address in DEALER_ADDRESS_FIELDS
                    if order[address] and dealer_of[order[address].id]
                ),
                empty,
            )
            for order in self
        }

    @api.model_create_multi
    def create(self, vals_list):
        # an order may be created confirmed (RPC, imports): checked as a change
        if floor_check_is_deferred(self.env, ALL_ORDERS):
            return super().create(vals_list)
        with floor_check_deferred(self.env, ALL_ORDERS):
            orders = super().create(vals_list)
        orders._dealer_check_floor_change({})
        orders.filtered(
            lambda o: o.state == "sale" and o.is_dealer_order
        )._dealer_check_overstock_block()
        return orders

    def write(self, vals):
        if "date_order" in vals:
            self._dealer_check_date_change(vals["date_order"])
        if not FLOOR_ORDER_FIELDS & vals.keys() or floor_check_is_deferred(self.env, self.ids):
            return super().write(vals)
        before = self._dealer_floor_snapshot()
        # confirmed by writing the state, not through the button: the band too
        confirming = (
            self.filtered(lambda o: o.state != "sale")
            if vals.get("state") == "sale"
            else self.browse()
        )
        with floor_check_deferred(self.env, self.ids):
            result = super().write(vals)
        self._dealer_check_floor_change(before)
        confirming.filtered("is_dealer_order")._dealer_check_overstock_block()
        return result

    def _dealer_check_date_change(self, date_order):
        """The date of a confirmed order to a dealer is a fact the rules read (the
        currency rate of the floor, the stock report the order follows): set by the
        confirmation, changed afterwards by dealer managers only."""
        if is_dealer_manager(self.env):
            return
        new = fields.Datetime.to_datetime(date_order)
        changed = self.filtered(
            lambda o: o.state == "sale" and o.is_dealer_order and o.date_order != new
        )
        if changed:
            raise UserError(
                self.env._(
                    "The date of confirmed order %(order)s to a dealer decides its currency "
                    "rate and the stock report it follows: only dealer managers change it.",
                    order=changed[0].name,
                )
            )

    def action_confirm(self):
        """Check orders to dealers against their stock band and the price floors
        before confirming; what a dealer manager lets through is recorded."""
        dealer_orders = self.filtered("is_dealer_order")
        if not dealer_orders:
            return super().action_confirm()
        prices = dealer_orders._dealer_floor_prices()
        below_floor = [item for item in prices if item[5]]
        if below_floor and not self.env.user.has_group(GROUP_DEALER_MANAGER):
            raise UserError(self._dealer_below_floor_message(below_floor))
        overstock = dealer_orders._dealer_check_overstock_block()
        # checked here, before: confirming is no change to check again
        with floor_check_deferred(self.env, self.ids):
            result = super().action_confirm()
        self.env["dealer.price.violation"]._record_for_orders(dealer_orders, prices, below_floor)
        if below_floor:
            dealer_orders._dealer_note_floor_recorded(below_floor)
        self._dealer_warn_overstock(overstock)
        return result

    def _dealer_floor_prices(self):
        """[(order, product, price, floor, qty, below the floor)] for each product
        with a floor sold on the orders: its net untaxed unit price over the whole
        order in company currency at the order date, and its net quantity in the
        product's unit (see rules.net_unit_prices for the netting of negative
        lines and the allocation of order-level discounts)."""
        found = []
        products = self.order_line.product_id
        # read as superuser (the floor binds whoever changes the order), on the
        # template: through the variant, each value would be rounded in a currency
        # computed per product on its way into the cache
        floors = {p.id: p.product_tmpl_id.dealer_floor_price for p in products.sudo()}
        for order in self:
            company = order.company_id
            rate = self.env["res.currency"]._get_conversion_rate(
                order.currency_id, company.currency_id, company, order.date_order
            )
            rows = [
                (
                    line.product_id.id,
                    line._dealer_qty_in_product_uom(),
                    line._dealer_untaxed_amount() * rate,
                )
                for line in order.order_line
                if not line.display_type
            ]
            for product_id, (price, qty) in rules.net_unit_prices(rows).items():
                floor = floors.get(product_id)
                if not floor:
                    continue
                below = company.currency_id.compare_amounts(price, floor) < 0
                found.append((order, products.browse(product_id), price, floor, qty, below))
        return found

    def _dealer_floor_snapshot(self):
        """{(order id, product id): (price, qty)} of the floored products of the
        orders that are confirmed and to a dealer, as they stand now."""
        confirmed = self.filtered(lambda o: o.state == "sale" and o.is_dealer_order)
        return {
            (order.id, product.id): (price, qty)
            for order, product, price, _floor, qty, _below in confirmed._dealer_floor_prices()
        }

    def _dealer_check_floor_change(self, before):
        """After a change of orders: on those confirmed and to a dealer, a product
        the change took below its floor, or further below it (lower price, or a
        larger shortfall), is refused to all but dealer managers. What passes is
        recorded: the orders' violations follow their prices, and a dealer
        manager's change below the floor gets one. `before`: the snapshot taken
        before the change."""
        orders = self.filtered(lambda o: o.state == "sale" and o.is_dealer_order)
        if not orders:
            return
        prices = orders._dealer_floor_prices()
        worse = [item for item in prices if item[5] and self._dealer_worse(item, before)]
        if worse and not self.env.user.has_group(GROUP_DEALER_MANAGER):
            raise UserError(self._dealer_floor_change_message(worse))
        self.env["dealer.price.violation"]._record_for_orders(orders, prices, worse)

    @staticmethod
    def _dealer_worse(item, before):
        order, product, price, floor, qty, _below = item
        previous = before.get((order.id, product.id))
        if previous is None:
            return True
        previous_price, previous_qty = previous
        return rules.worse_than_recorded(
            price,
            qty,
            floor,
            previous_price,
            rules.shortfall(floor, previous_price, previous_qty),
            order.company_id.currency_id.compare_amounts,
        )

    def _dealer_below_floor_details(self, below_floor):
        return "\n".join(
            self.env._(
                "- %(order)s: %(product)s at %(price)s, floor %(floor)s",
                order=order.name,
                product=product.display_name,
                price=format_amount(self.env, price, order.company_id.currency_id),
                floor=format_amount(self.env, floor, order.company_id.currency_id),
            )
            for order, product, price, floor, _qty, _below in below_floor
        )

    def _dealer_below_floor_message(self, below_floor):
        return self.env._(
            "These products are sold below the dealer floor price (net untaxed unit "
            "price over the whole order, after discounts, in company currency). Raise "
            "the prices or ask a dealer manager to confirm:\n%(details)s",
            details=self._dealer_below_floor_details(below_floor),
        )

    def _dealer_floor_change_message(self, below_floor):
        return self.env._(
            "This change of a confirmed order to a dealer puts these products below the "
            "dealer floor price, or further below it (net untaxed unit price over the "
            "whole order, after discounts, in company currency). Nothing was changed; "
            "ask a dealer manager to make the change:\n%(details)s",
            details=self._dealer_below_floor_details(below_floor),
        )
