from odoo import api, fields, models
from odoo.tools import float_round

from .. import rules
from .sale_order import floor_check_is_deferred

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
        of the product on the whole order in its unit)} for the orders to a dealer
        whose latest done report lists the product: lines of one product are one
        delivery. Keyed by ids: hashing records per line costs more than the check."""
        dealer_of = {}
        orders = self.order_id
        partner_dealers = orders.partner_id._dealer_of()
        for order in orders:
            dealer = partner_dealers.get(order.partner_id.id)
            if dealer:
                dealer_of[order.id] = dealer
        if not dealer_of:
            return {}
        dealers = self.env["res.partner"].union(*dealer_of.values())
        stock = dealers._dealer_stock_lines(self.product_id)
        positions = {}
        for line in self:
            dealer = dealer_of.get(line.order_id.id)
            product = line.product_id
            report_line = dealer and stock.get((dealer.id, product.id))
            if not report_line:
                continue
            qty = line._dealer_qty_in_product_uom()
            key = (line.order_id.id, product.id)
            first, _report_line, total = positions.get(key, (line, report_line, 0.0))
            positions[key] = (first, report_line, total + qty)
        return positions

    @api.depends("product_id", "product_uom_qty", "product_uom", "order_id.partner_id")
    def _compute_dealer_stock(self):
        positions = self._dealer_stock_positions()
        for line in self:
            _first, report_line, qty = positions.get(
                (line.order_id.id, line.product_id.id), (None, None, 0.0)
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
            projected = rules.projected_days(report_line.qty_on_hand, qty, report_line.daily_sales)
            line.dealer_inventory_days = report_line.inventory_days
            line.dealer_projected_days = projected or 0.0
            line.dealer_suggested_qty = report_line.suggested_qty
            line.dealer_stock_state = report_line.inventory_state
            line.dealer_overstock = rules.is_overstock(
                report_line.qty_on_hand,
                qty,
                report_line.daily_sales,
                report_line.report_id.inventory_max_days,
            )
