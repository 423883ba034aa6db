from odoo import api, fields, models

from ..groups import GROUP_DEALER_USER
from .sale_order import DEALER_ADDRESS_FIELDS


class SaleOrderLine(models.Model):
    """The floor on the line, as the salesperson types the price: shown in the
    line's unit and the order's currency, and the line marked when its own net
    price is below it. Only a guide: the confirmation judges each product over the
    whole order (order discounts, lines of one product netted)."""

    # one model's extension split by concern, as Odoo splits its own
    _inherit = "sale.order.line"  # pylint: disable=consider-merging-classes-inherited

    dealer_floor_price = fields.Monetary(
        string="Floor Price",
        compute="_compute_dealer_floor",
        currency_field="currency_id",
        # shown to the dealer groups, as the product's floor is
        groups=GROUP_DEALER_USER,
        help="The dealer floor price of the product in this line's unit and the order's "
        "currency (at the order date). The untaxed unit price after discount may not be "
        "lower without a dealer manager.",
    )
    dealer_below_floor = fields.Boolean(
        string="Below Floor",
        compute="_compute_dealer_floor",
        groups="sales_team.group_sale_salesman",
        help="This line's untaxed unit price after discount is below the dealer floor price.",
    )

    @api.depends(
        "product_id",
        "product_uom",
        "product_uom_qty",
        "price_unit",
        "discount",
        "tax_id",
        "order_id.currency_id",
        "order_id.date_order",
        "order_id.company_id",
        *(f"order_id.{address}" for address in DEALER_ADDRESS_FIELDS),
    )
    def _compute_dealer_floor(self):
        dealer_lines = self.filtered(
            lambda ln: ln.order_id.is_dealer_order and ln.product_id and not ln.display_type
        )
        (self - dealer_lines).update({"dealer_floor_price": 0.0, "dealer_below_floor": False})
        # read as superuser, on the template (see sale.order._dealer_floor_prices);
        # one read for all the lines through the prefetch
        floors = {
            product.id: product.product_tmpl_id.dealer_floor_price
            for product in dealer_lines.product_id.sudo()
        }
        rates = {}
        for line in dealer_lines:
            floor = floors.get(line.product_id.id)
            if not floor:
                line.dealer_floor_price = 0.0
                line.dealer_below_floor = False
                continue
            order = line.order_id
            company = order.company_id
            date = order.date_order or fields.Datetime.now()
            key = (order.currency_id.id, company.id, date.date())
            if key not in rates:
                rates[key] = self.env["res.currency"]._get_conversion_rate(
                    company.currency_id, order.currency_id, company, date
                )
            floor = floor * rates[key]
            uom = line.product_uom
            if uom and uom != line.product_id.uom_id:
                floor = line.product_id.uom_id._compute_price(floor, uom)
            line.dealer_floor_price = floor
            line.dealer_below_floor = (
                order.currency_id.compare_amounts(line._dealer_net_unit_price(), floor) < 0
            )

    def _dealer_net_unit_price(self):
        """The untaxed unit price after discount, in the line's unit and currency."""
        self.ensure_one()
        if not self.product_uom_qty:
            return self.price_unit * (1 - self.discount / 100.0)
        return self._dealer_untaxed_amount() / self.product_uom_qty
