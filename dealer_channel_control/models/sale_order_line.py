from odoo import api, fields, models

from .. import rules


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
        [
            ("under", "Under Stocked"),
            ("normal", "Normal"),
            ("over", "Over Stocked"),
            ("no_sales", "No Sales"),
        ],
        string="Dealer Stock",
        compute="_compute_dealer_stock",
    )
    dealer_overstock = fields.Boolean(
        string="Overstocks Dealer",
        compute="_compute_dealer_stock",
        help="Once delivered, this line takes the dealer above its inventory band.",
    )

    def _dealer_stock_positions(self):
        """{(order id, product id): (first line of the product, report line, quantity
        of the product on the whole order in its unit)} for the orders to a dealer
        whose latest done report lists the product: lines of one product are one
        delivery. Keyed by ids: hashing records per line costs more than the check."""
        dealer_of = {}
        for order in self.order_id:
            dealer = order.partner_id.commercial_partner_id
            if dealer.is_dealer:
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
            qty, uom = line.product_uom_qty, line.product_uom
            if uom != product.uom_id:
                qty = uom._compute_quantity(qty, product.uom_id, round=False)
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
