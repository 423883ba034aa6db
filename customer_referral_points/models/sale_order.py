from odoo import api, models

from .loyalty_history import order_loyalty_bookkeeping

# A change to any of these on a confirmed order can change the referral points.
REFERRAL_FIELDS = {"state", "order_line", "partner_id", "date_order", "currency_id", "company_id"}
# A change to any of these on a line of a confirmed order changes its untaxed amount.
REFERRAL_LINE_FIELDS = {
    "price_unit",
    "product_uom_qty",
    "discount",
    "product_id",
    "product_uom",
    "tax_id",
    "display_type",
    "order_id",
}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def write(self, vals):
        if not REFERRAL_FIELDS & set(vals):
            return super().write(vals)
        confirmed_before = self.filtered(lambda o: o.state == "sale")
        customers = confirmed_before.partner_id
        res = super().write(vals)
        confirmed = confirmed_before | self.filtered(lambda o: o.state == "sale")
        (customers | confirmed.partner_id).filtered("referred_by_id")._referral_sync(
            sources=confirmed
        )
        return res

    def action_confirm(self):
        # sale_loyalty books the points an order spends from a referral card
        # (its ledger line and the card's balance): the one path besides the
        # referral rules allowed to move them.
        with order_loyalty_bookkeeping(self.env):
            return super().action_confirm()

    def _action_cancel(self):
        # sale_loyalty deletes the history lines of cancelled orders and gives
        # the spent points back; the referral lines stay and the sync
        # reverses them with a new line.
        with order_loyalty_bookkeeping(self.env):
            return super()._action_cancel()

    def _compute_loyalty_data(self):  # pylint: disable=missing-return
        super()._compute_loyalty_data()
        # A referral line names the referred customer's order as its source,
        # but its points went to the referrer's card, not this customer's.
        referral = dict(
            self.env["loyalty.history"]
            .sudo()
            ._read_group(
                [
                    ("order_model", "=", self._name),
                    ("order_id", "in", self.ids),
                    ("referral_rule", "!=", False),
                ],
                ["order_id"],
                ["issued:sum"],
            )
        )
        for order in self:
            issued = referral.get(order.id)
            if not issued or not order.loyalty_data:
                continue
            data = dict(order.loyalty_data, issued=order.loyalty_data["issued"] - issued)
            order.loyalty_data = data if data["issued"] or data["cost"] else {}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # Lines added to, changed on or removed from a confirmed order change the
    # customer's confirmed sales: the referrer's points follow at once.

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._referral_sync_orders(lines.order_id)
        return lines

    def write(self, vals):
        if not REFERRAL_LINE_FIELDS & set(vals):
            return super().write(vals)
        orders = self.order_id
        res = super().write(vals)
        self._referral_sync_orders(orders | self.order_id)
        return res

    def unlink(self):
        orders = self.order_id.filtered(lambda o: o.state == "sale")
        res = super().unlink()
        self._referral_sync_orders(orders.exists())
        return res

    @api.model
    def _referral_sync_orders(self, orders):
        # no query when no order is confirmed: quotations are edited all day
        confirmed = orders.filtered(lambda o: o.state == "sale")
        confirmed.partner_id.filtered("referred_by_id")._referral_sync(sources=confirmed)
