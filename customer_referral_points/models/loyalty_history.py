from odoo import api, fields, models
from odoo.exceptions import UserError

# Only _referral_record() writes referral lines. A Python object cannot come
# through RPC in a context, so no client can pass this key to forge one.
_LEDGER_WRITER = object()


class LoyaltyHistory(models.Model):
    _inherit = "loyalty.history"

    referral_rule = fields.Selection(
        [("attendance", "Event attendance"), ("sales", "Confirmed sales")],
        readonly=True,
        index="btree_not_null",
        help="The referral rule that issued these points; empty for ordinary loyalty lines.",
    )
    referred_partner_id = fields.Many2one(
        "res.partner",
        string="Referred Customer",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    referrer_id = fields.Many2one(
        related="card_id.partner_id", string="Referrer", store=True, index="btree_not_null"
    )

    @api.model_create_multi
    def create(self, vals_list):
        if (
            any(vals.get("referral_rule") or vals.get("referred_partner_id") for vals in vals_list)
            and self.env.context.get("referral_ledger_writer") is not _LEDGER_WRITER
        ):
            raise UserError(self.env._("Referral points are issued by the referral rules only."))
        return super().create(vals_list)

    def write(self, vals):
        if self.filtered("referral_rule"):
            raise UserError(
                self.env._(
                    "Referral ledger lines cannot be changed: the referral rules write "
                    "a correcting line when documents change."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_referral_line(self):
        if self.filtered("referral_rule"):
            raise UserError(
                self.env._(
                    "Referral ledger lines cannot be deleted: the referral rules write "
                    "a correcting line when documents change."
                )
            )

    def unlink(self):
        # Cancelling an order makes sale_loyalty delete the order's history
        # lines; ours stay, and the sync writes their reversal instead.
        if self.env.context.get("referral_keep_ledger"):
            self -= self.filtered("referral_rule")
        return super().unlink()

    def _get_order_portal_url(self):
        # The source of a referral line is another customer's document.
        if self.referral_rule:
            return False
        return super()._get_order_portal_url()

    @api.model
    def _referral_balances(self, partners):
        """The ledger of these referred customers, {(card id, customer id, rule): points}."""
        groups = self.sudo()._read_group(
            [("referred_partner_id", "in", partners.ids), ("referral_rule", "!=", False)],
            ["card_id", "referred_partner_id", "referral_rule"],
            ["issued:sum"],
        )
        return {(card.id, partner.id, rule): issued for card, partner, rule, issued in groups}

    @api.model
    def _referral_record(self, differences, sources):
        """Writes one ledger line per difference {(card id, customer id, rule): points}.

        sources maps (customer id, rule) to the document that caused the
        change; without one, the line names the referred customer.
        """
        customers = self.env["res.partner"].browse(list({key[1] for key in differences}))
        descriptions = {
            "sales": self.env._("Referred customer %(customer)s: confirmed sales"),
            "attendance": self.env._("Referred customer %(customer)s: event attendance"),
        }
        reversal = self.env._("reversal")
        vals_list = []
        for (card_id, partner_id, rule), points in differences.items():
            customer = customers.browse(partner_id)
            source = sources.get((partner_id, rule)) or customer
            description = descriptions[rule] % {"customer": customer.display_name}
            if points < 0:
                description = f"{description} ({reversal})"
            vals_list.append(
                {
                    "card_id": card_id,
                    "referral_rule": rule,
                    "referred_partner_id": partner_id,
                    "issued": points,
                    "used": 0.0,
                    "description": description,
                    "order_model": source._name,
                    "order_id": source.id,
                }
            )
        return self.sudo().with_context(referral_ledger_writer=_LEDGER_WRITER).create(vals_list)
