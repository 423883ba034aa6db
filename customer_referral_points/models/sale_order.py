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
