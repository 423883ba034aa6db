from odoo import models

# A change to any of these on a confirmed order can change the referral points.
REFERRAL_FIELDS = {"state", "order_line", "partner_id", "date_order", "currency_id", "company_id"}


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

    def _action_cancel(self):
        # sale_loyalty deletes the history lines of cancelled orders; the
        # referral lines stay and the sync reverses them with a new line.
        return super(SaleOrder, self.with_context(referral_keep_ledger=True))._action_cancel()

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
