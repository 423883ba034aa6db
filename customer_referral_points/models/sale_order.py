from contextlib import contextmanager

from odoo import api, fields, models
from odoo.exceptions import UserError

from .computed_totals import ORDER_LINE_TOTALS, ORDER_TOTALS, check_totals_unchanged
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
# What a confirmed order of a referred customer is dated and whose sale it is:
# set by its confirmation, then changed by sales managers only.
CONFIRMED_ORDER_FACTS = ("date_order", "partner_id")
# cursor cache key, set while the Confirm button's code runs: a client sends
# any context it likes, never this
_CONFIRMING = "customer_referral_points.confirming"


@contextmanager
def confirming(env):
    """Marks the orders' own confirmation, the one way into 'sale' that dates
    the order (now) whoever confirms."""
    cache = env.cr.cache
    depth = cache.get(_CONFIRMING, 0)
    cache[_CONFIRMING] = depth + 1
    try:
        yield
    finally:
        cache[_CONFIRMING] = depth


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model_create_multi
    def create(self, vals_list):
        # Odoo computes the totals of a new order itself, whatever vals say;
        # an order created confirmed would be dated by the client
        created_confirmed = [vals for vals in vals_list if vals.get("state") == "sale"]
        if created_confirmed:
            customers = self.env["res.partner"].browse(
                [vals.get("partner_id") for vals in created_confirmed]
            )
            self._referral_check_confirmation(customers)
        return super().create(vals_list)

    def write(self, vals):
        check_totals_unchanged(self, vals, ORDER_TOTALS)
        if "currency_id" in vals:
            # chosen with the pricelist until the confirmation; a referred
            # customer's confirmed sale is then converted from it (Odoo's own
            # flows and tests change it on other confirmed orders)
            referred = self.filtered(
                lambda o: o.state == "sale" and o.partner_id.commercial_partner_id.referred_by_id
            )
            check_totals_unchanged(referred, vals, ("currency_id",))
        self._referral_check_confirmed_facts(vals)
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

    def _referral_check_confirmed_facts(self, vals):
        """The date and the customer of a confirmed order of a referred
        customer decide whether and when its sale counts: the confirmation
        sets them (the date to now), sales managers correct them. Entering
        'sale' otherwise than by confirming would let the client date it."""
        entering = vals.get("state") == "sale" and not self.env.cr.cache.get(_CONFIRMING)
        facts = [fname for fname in CONFIRMED_ORDER_FACTS if fname in vals]
        if not (entering or facts):
            return
        entered = self.filtered(lambda o: o.state != "sale") if entering else self.browse()
        confirmed = self.filtered(lambda o: o.state == "sale") if facts else self.browse()
        Partner = self.env["res.partner"]
        if not (entered or confirmed) or Partner._is_referral_manager():
            return
        new_customer = Partner.sudo().browse(vals.get("partner_id"))
        if entered:
            entered._referral_check_confirmation(new_customer if "partner_id" in vals else None)
        new = {
            "date_order": fields.Datetime.to_datetime(vals.get("date_order")),
            "partner_id": new_customer,
        }
        for order in confirmed.sudo():
            changed = [fname for fname in facts if order[fname] != new[fname]]
            if changed and (order.partner_id | new_customer).referred_by_id:
                raise UserError(
                    self.env._(
                        "Order %(order)s is confirmed and its customer was referred: its date "
                        "and its customer decide the referral points, and only a sales manager "
                        "changes them.",
                        order=order.name,
                    )
                )

    def _referral_check_confirmation(self, customers=None):
        """Orders of referred customers enter 'sale' through their Confirm
        button only (sales managers excepted): created or written confirmed,
        they would carry a date of the client's choosing. customers: the
        orders' customers when they are not (yet) on the orders."""
        if self.env["res.partner"]._is_referral_manager():
            return
        customers = (self.partner_id if customers is None else customers).sudo()
        referred = customers.filtered("referred_by_id")
        if referred:
            raise UserError(
                self.env._(
                    "Orders of %(customer)s, a referred customer, are confirmed with their "
                    "Confirm button, which dates them: they cannot be created or written as "
                    "confirmed.",
                    customer=referred[0].display_name,
                )
            )

    def action_confirm(self):
        # sale_loyalty books the points an order spends from a referral card
        # (its ledger line and the card's balance): the one path besides the
        # referral rules allowed to move them.
        with order_loyalty_bookkeeping(self.env), confirming(self.env):
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
        check_totals_unchanged(self, vals, ORDER_LINE_TOTALS)
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
