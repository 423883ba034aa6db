from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import float_round

from .. import rules
from .sale_order import DEALER_ADDRESS_FIELDS, floor_check_is_deferred

# taxes added on top of the price: the untaxed amount is price × quantity after
# discount, whatever their rate
PLAIN_TAX_TYPES = ("percent", "fixed")
# what, changed on a line of a confirmed order, can move a price against the floor
FLOOR_LINE_FIELDS = frozenset(
    {
        "order_id",
        "product_id",
        "product_uom_qty",
        "product_uom",
        "price_unit",
        "discount",
        "tax_id",
        "display_type",
    }
)


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    dealer_inventory_days = fields.Float(
        compute="_compute_dealer_stock",
        digits=(16, 1),
        help="The dealer's inventory days for this product in its latest done stock report.",
    )
    dealer_projected_days = fields.Float(
        string="Projected Days",
        compute="_compute_dealer_stock",
        digits=(16, 1),
        help="The dealer's inventory days for this product once this order has arrived.",
    )
    dealer_suggested_qty = fields.Float(
        string="Suggested Quantity",
        compute="_compute_dealer_stock",
        digits="Product Unit of Measure",
        help="Quantity that brings the dealer to the middle of its inventory band.",
    )
    dealer_stock_state = fields.Selection(
        rules.INVENTORY_STATES,
        string="Dealer Stock",
        compute="_compute_dealer_stock",
    )
    dealer_overstock = fields.Boolean(
        string="Overstocks Dealer",
        compute="_compute_dealer_stock",
        help="Once delivered, this line takes the dealer above its inventory band.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["sale.order"].browse(
            {vals["order_id"] for vals in vals_list if vals.get("order_id")}
        )
        if floor_check_is_deferred(self.env, orders.ids):
            return super().create(vals_list)
        before = orders._dealer_floor_snapshot()
        lines = super().create(vals_list)
        lines.order_id._dealer_check_floor_change(before)
        return lines

    def write(self, vals):
        if not FLOOR_LINE_FIELDS & vals.keys() or floor_check_is_deferred(
            self.env, self.order_id.ids
        ):
            return super().write(vals)
        orders = self.order_id
        before = orders._dealer_floor_snapshot()
        result = super().write(vals)
        (orders | self.order_id)._dealer_check_floor_change(before)
        return result

    def _dealer_qty_in_product_uom(self):
        """The line's quantity in its product's unit, unrounded: the floor and the
        stock band are per unit of the product."""
        self.ensure_one()
        qty, uom, product = self.product_uom_qty, self.product_uom, self.product_id
        if uom and product and uom != product.uom_id:
            qty = uom._compute_quantity(qty, product.uom_id, round=False)
        return qty

    def _dealer_untaxed_amount(self):
        """The line's untaxed amount as sale computes it (and its invoice will),
        from price, discount, quantity and taxes, rather than the stored
        price_subtotal: a client can write a stored computed field."""
        self.ensure_one()
        if all(not tax.price_include and tax.amount_type in PLAIN_TAX_TYPES for tax in self.tax_id):
            # what the computation below comes to when no tax is in the price, at
            # a fraction of its cost (it prepares a dict of a dozen fields per line)
            amount = self.price_unit * (1 - self.discount / 100.0) * self.product_uom_qty
            if self.company_id.tax_calculation_rounding_method == "round_per_line":
                amount = float_round(amount, precision_rounding=self.currency_id.rounding)
            return amount
        base_line = self._prepare_base_line_for_taxes_computation()
        self.env["account.tax"]._add_tax_details_in_base_line(base_line, self.company_id)
        return base_line["tax_details"]["raw_total_excluded_currency"]

    def _dealer_stock_positions(self):
        """{(order id, product id): (first line of the product, report line, quantity
        of the product on the whole order in its unit, quantity of it on the dealer's
        orders confirmed since the report)} for the orders to a dealer whose latest
        done report in the order's company lists the product: lines of one product
        are one delivery. Keyed by ids: hashing records per line costs more than
        the check."""
        orders = self.order_id
        dealer_of = {oid: dealer for oid, dealer in orders._dealer_of_orders().items() if dealer}
        if not dealer_of:
            return {}
        dealers = self.env["res.partner"].union(*dealer_of.values())
        stock = dealers._dealer_stock_lines(self.product_id, orders.company_id)
        if not stock:
            return {}
        pending = self._dealer_confirmed_since(stock)
        positions = {}
        for line in self:
            order = line.order_id
            dealer = dealer_of.get(order.id)
            product = line.product_id
            stock_key = dealer and (dealer.id, order.company_id.id, product.id)
            report_line = stock_key and stock.get(stock_key)
            if not report_line:
                continue
            qty = line._dealer_qty_in_product_uom()
            key = (order.id, product.id)
            first, _report_line, total, _pending = positions.get(key, (line, report_line, 0.0, 0))
            positions[key] = (first, report_line, total + qty, pending.get(stock_key, 0.0))
        return positions

    def _dealer_confirmed_since(self, stock):
        """{(dealer id, company id, product id): quantity in the product's unit} of the
        products of `stock` (see res.partner._dealer_stock_lines) on the orders of
        that dealer and company confirmed on or after the day of its report, other
        than the orders of self: they are on their way to the dealer's stock,
        which the report does not hold yet. One grouped query whatever the number
        of orders, as superuser: all the dealer's orders count, whoever sells them."""
        report_lines = self.env["dealer.stock.report.line"].sudo().union(*stock.values())
        dealer_ids = list({key[0] for key in stock})
        since = fields.Datetime.to_datetime(min(report_lines.mapped("date")))
        address_domains = [
            [(f"order_id.{address}", "child_of", dealer_ids)] for address in DEALER_ADDRESS_FIELDS
        ]
        groups = (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(
                expression.AND(
                    [
                        [
                            ("order_id.state", "=", "sale"),
                            ("order_id.company_id", "in", list({key[1] for key in stock})),
                            ("order_id.date_order", ">=", since),
                            ("order_id", "not in", self.order_id._origin.ids),
                            ("product_id", "in", list({key[2] for key in stock})),
                            ("display_type", "=", False),
                        ],
                        expression.OR(address_domains),
                    ]
                ),
                ["order_id", "product_id", "product_uom"],
                ["product_uom_qty:sum"],
            )
        )
        orders = self.env["sale.order"].sudo().union(*(group[0] for group in groups))
        dealer_of = orders._dealer_of_orders()
        pending = {}
        for order, product, uom, qty in groups:
            dealer = dealer_of[order.id]
            key = (dealer.id, order.company_id.id, product.id)
            report_line = stock.get(key)
            if not report_line or order.date_order < fields.Datetime.to_datetime(report_line.date):
                continue
            if uom and uom != product.uom_id:
                qty = uom._compute_quantity(qty, product.uom_id, round=False)
            pending[key] = pending.get(key, 0.0) + qty
        return pending

    @api.depends(
        "product_id",
        "product_uom_qty",
        "product_uom",
        *(f"order_id.{address}" for address in DEALER_ADDRESS_FIELDS),
        "order_id.company_id",
    )
    def _compute_dealer_stock(self):
        positions = self._dealer_stock_positions()
        for line in self:
            _first, report_line, qty, pending = positions.get(
                (line.order_id.id, line.product_id.id), (None, None, 0.0, 0.0)
            )
            if report_line is None:
                line.update(
                    {
                        "dealer_inventory_days": 0.0,
                        "dealer_projected_days": 0.0,
                        "dealer_suggested_qty": 0.0,
                        "dealer_stock_state": False,
                        "dealer_overstock": False,
                    }
                )
                continue
            # what the dealer has once the orders confirmed since its report and
            # this one have arrived
            on_hand = report_line.qty_on_hand + pending
            projected = rules.projected_days(on_hand, qty, report_line.daily_sales)
            line.dealer_inventory_days = report_line.inventory_days
            line.dealer_projected_days = projected or 0.0
            line.dealer_suggested_qty = max(0.0, report_line.suggested_qty - pending)
            line.dealer_stock_state = report_line.inventory_state
            line.dealer_overstock = rules.is_overstock(
                on_hand,
                qty,
                report_line.daily_sales,
                report_line.report_id.inventory_max_days,
            )
