from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def write(self, vals):
        # Posting, resetting or cancelling a credit note of a referred
        # customer's order changes the sales counted for the referrer.
        if "state" not in vals:
            return super().write(vals)
        refunds = self.filtered(lambda m: m.move_type == "out_refund")
        states = {move: move.state for move in refunds}
        res = super().write(vals)
        changed = refunds.filtered(
            lambda m: states[m] != m.state and "posted" in (states[m], m.state)
        )
        if changed:
            orders = changed.sudo().line_ids.sale_line_ids.order_id.filtered(
                lambda o: o.state == "sale"
            )
            customers = orders.partner_id.filtered("referred_by_id")
            if customers:
                customers._referral_sync(sources=changed)
        return res
