from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

from .. import rules


class SaleOrder(models.Model):
    _inherit = "sale.order"

    is_dealer_order = fields.Boolean(
        related="partner_id.commercial_partner_id.is_dealer", string="Order to a Dealer"
    )
    dealer_violation_ids = fields.One2many(
        "dealer.price.violation", "sale_order_id", string="Price Violations"
    )

    def action_confirm(self):
        """Check orders to dealers against their stock band and the price floors
        before confirming; what a dealer manager lets through is recorded."""
        dealer_orders = self.filtered("is_dealer_order")
        if not dealer_orders:
            return super().action_confirm()
        below_floor = dealer_orders._dealer_below_floor_lines()
        overstock = dealer_orders._dealer_overstock_lines()
        is_manager = self.env.user.has_group("dealer_channel_control.group_dealer_manager")
        if below_floor and not is_manager:
            raise UserError(self._dealer_below_floor_message(below_floor))
        blocked = [
            item
            for item in overstock
            if item[0].order_id.company_id.dealer_overstock_policy == "block"
        ]
        if blocked and not is_manager:
            raise UserError(self._dealer_overstock_message(blocked))
        result = super().action_confirm()
        self._dealer_record_violations(below_floor)
        self._dealer_warn_overstock(overstock)
        return result

    def _dealer_below_floor_lines(self):
        """[(line, unit price in company currency, floor, qty in product unit)] of
        the lines priced under their product's floor: untaxed, after discount, at the
        rate of the order date."""
        found = []
        for order in self:
            company = order.company_id
            rate = self.env["res.currency"]._get_conversion_rate(
                order.currency_id, company.currency_id, company, order.date_order
            )
            lines = order.order_line
            # read on the template: through the variant, each value would be rounded
            # in a currency computed per product on its way into the cache
            floors = {
                product.id: product.product_tmpl_id.dealer_floor_price
                for product in lines.product_id
            }
            for line in lines:
                product = line.product_id
                floor = floors.get(product.id)
                if not floor or line.product_uom_qty <= 0:
                    continue
                qty = line.product_uom_qty
                if line.product_uom != product.uom_id:
                    qty = line.product_uom._compute_quantity(qty, product.uom_id, round=False)
                price = line.price_subtotal / qty * rate
                if price < floor and company.currency_id.compare_amounts(price, floor) < 0:
                    found.append((line, price, floor, qty))
        return found

    def _dealer_overstock_lines(self):
        """[(first line of the product, projected days, band max)] for each product
        whose quantity on the order takes the dealer above its inventory band."""
        found = []
        positions = self.order_line._dealer_stock_positions()
        for line, report_line, qty in positions.values():
            band_max = report_line.report_id.inventory_max_days
            on_hand, per_day = report_line.qty_on_hand, report_line.daily_sales
            if rules.is_overstock(on_hand, qty, per_day, band_max):
                found.append((line, rules.projected_days(on_hand, qty, per_day), band_max))
        return found

    def _dealer_below_floor_message(self, below_floor):
        currency = self.env.company.currency_id
        details = "\n".join(
            self.env._(
                "- %(order)s: %(product)s at %(price)s, floor %(floor)s",
                order=line.order_id.name,
                product=line.product_id.display_name,
                price=format_amount(self.env, price, line.company_id.currency_id or currency),
                floor=format_amount(self.env, floor, line.company_id.currency_id or currency),
            )
            for line, price, floor, _qty in below_floor
        )
        return self.env._(
            "These lines are priced below the dealer floor price (untaxed, after "
            "discount, in company currency). Raise the prices or ask a dealer manager "
            "to confirm:\n%(details)s",
            details=details,
        )

    def _dealer_overstock_details(self, overstock):
        return [
            self.env._(
                "- %(product)s: %(days)s days after this order, band maximum %(max)s",
                product=line.product_id.display_name,
                days=self.env._("no sales") if days is None else f"{days:.1f}",
                max=f"{band_max:g}",
            )
            for line, days, band_max in overstock
        ]

    def _dealer_overstock_message(self, overstock):
        return self.env._(
            "This order would overstock the dealer; reduce these quantities or ask a "
            "dealer manager to confirm:\n%(details)s",
            details="\n".join(self._dealer_overstock_details(overstock)),
        )

    def _dealer_record_violations(self, below_floor):
        if not below_floor:
            return
        self.env["dealer.price.violation"].sudo().with_context(tracking_disable=True).create(
            [
                {
                    "dealer_id": line.order_id.partner_id.commercial_partner_id.id,
                    "product_id": line.product_id.id,
                    "date": line.order_id.date_order.date(),
                    "source": "sale_order",
                    "source_ref": line.order_id.name,
                    "sale_order_id": line.order_id.id,
                    "company_id": line.company_id.id,
                    "floor_price": floor,
                    "price": price,
                    "qty": qty,
                }
                for line, price, floor, qty in below_floor
            ]
        )

    def _dealer_warn_overstock(self, overstock):
        """A chatter note on each order and a to-do for the sales team leader (else
        the salesperson) to follow up with the dealer."""
        for order, items in self._group_by_order(overstock).items():
            details = Markup("<br/>").join(self._dealer_overstock_details(items))
            order.message_post(
                body=Markup("%s<br/>%s")
                % (self.env._("Confirmed although it overstocks the dealer:"), details),
                subtype_xmlid="mail.mt_note",
            )
            order.activity_schedule(
                "dealer_channel_control.mail_activity_dealer_overstock",
                user_id=(order.team_id.user_id or order.user_id or self.env.user).id,
                note=details,
            )

    @staticmethod
    def _group_by_order(items):
        grouped = {}
        for item in items:
            grouped.setdefault(item[0].order_id, []).append(item)
        return grouped
