from contextlib import contextmanager

from odoo import api, fields, models
from odoo.exceptions import UserError

# Who may write on a referral card's ledger. Neither marker can come from a
# client: RPC can put any JSON value in a context, never this Python object,
# and it cannot reach the cursor's cache at all.
#   _LEDGER_WRITER: the referral rules (_referral_record), the only writer of
#                   referral lines, passed in the context of that one create;
#   _ORDER_LOYALTY: sale_loyalty's own bookkeeping while an order is confirmed
#                   or cancelled (the line that spends the card's points on a
#                   reward, the card's balance, the line removed on cancel),
#                   set on the cursor for the duration of the call: a context
#                   value would travel into everything the confirmation does
#                   (mails, actions returned to the client) and is no JSON.
_LEDGER_WRITER = object()
_ORDER_LOYALTY = object()
LEDGER_TOKEN = "referral_ledger_writer"
_ORDER_LOYALTY_DEPTH = "customer_referral_points.order_loyalty"


@contextmanager
def order_loyalty_bookkeeping(env):
    """Lets sale_loyalty's order code book points on referral cards."""
    cache = env.cr.cache
    depth = cache.get(_ORDER_LOYALTY_DEPTH, 0)
    cache[_ORDER_LOYALTY_DEPTH] = depth + 1
    try:
        yield
    finally:
        cache[_ORDER_LOYALTY_DEPTH] = depth


def ledger_token(env):
    """_LEDGER_WRITER, _ORDER_LOYALTY or None: who is writing."""
    if env.context.get(LEDGER_TOKEN) is _LEDGER_WRITER:
        return _LEDGER_WRITER
    if env.cr.cache.get(_ORDER_LOYALTY_DEPTH):
        return _ORDER_LOYALTY
    return None


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

    def _ledger_token(self):
        return ledger_token(self.env)

    @api.model
    def _referral_card_ids(self, card_ids):
        """The ids among card_ids of cards of a referral program (sudo: the
        guard must see cards the user cannot read)."""
        card_ids = [card_id for card_id in card_ids if card_id]
        if not card_ids:
            return set()
        cards = self.env["loyalty.card"].sudo().browse(card_ids)
        return set(cards.filtered("program_id.is_referral_program").ids)

    @api.model_create_multi
    def create(self, vals_list):
        # Access first, as in LoyaltyCard: a refusal names no referral card.
        self.check_access("create")
        token = self._ledger_token()
        if token is not _LEDGER_WRITER:
            if any(
                vals.get("referral_rule") or vals.get("referred_partner_id") for vals in vals_list
            ):
                raise UserError(
                    self.env._("Referral points are issued by the referral rules only.")
                )
            referral_cards = self._referral_card_ids([vals.get("card_id") for vals in vals_list])
            on_referral_cards = [
                vals for vals in vals_list if vals.get("card_id") in referral_cards
            ]
            if on_referral_cards:
                self._check_order_loyalty_lines(on_referral_cards)
                # sale_loyalty books a line for every coupon entry of an order,
                # even one that moves no point (an entry written on the
                # referral card by hand): on a referral card it is noise
                idle = {
                    id(vals)
                    for vals in on_referral_cards
                    if not vals.get("issued") and not vals.get("used")
                }
                vals_list = [vals for vals in vals_list if id(vals) not in idle]
        return super().create(vals_list)

    @api.model
    def _check_order_loyalty_lines(self, vals_list):
        """Plain lines on a referral card: only sale_loyalty's line of an order
        that spends the card's points (or earns by a purchase rule the program
        was given), as the order is confirmed; never a hand-made line, a
        negative one, or points earned from a program without rules."""
        cards = self.env["loyalty.card"].sudo().browse([vals["card_id"] for vals in vals_list])
        with_rules = set(cards.filtered("program_id.rule_ids").ids)
        if self._ledger_token() is not _ORDER_LOYALTY or any(
            (vals.get("issued") or 0.0) < 0
            or (vals.get("used") or 0.0) < 0
            or ((vals.get("issued") or 0.0) > 0 and vals["card_id"] not in with_rules)
            for vals in vals_list
        ):
            raise UserError(
                self.env._(
                    "Lines of a referral card are written by the referral rules and by the "
                    "orders that spend its points, never by hand."
                )
            )

    def write(self, vals):
        if self._ledger_token() is _LEDGER_WRITER:
            return super().write(vals)
        self.check_access("write")
        if vals.get("referral_rule") or vals.get("referred_partner_id"):
            raise UserError(self.env._("Referral points are issued by the referral rules only."))
        on_referral_card = self._referral_card_ids([*self.sudo().card_id.ids, vals.get("card_id")])
        if self.sudo().filtered("referral_rule") or on_referral_card:
            raise UserError(
                self.env._(
                    "Referral ledger lines cannot be changed: the referral rules write "
                    "a correcting line when documents change."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_referral_line(self):
        lines = self.sudo()
        if self._ledger_token() is _ORDER_LOYALTY:
            # the cancelled order's own spending line goes, as sale_loyalty wants
            lines = lines.filtered("referral_rule")
        if lines.filtered("referral_rule") or self._referral_card_ids(lines.card_id.ids):
            raise UserError(
                self.env._(
                    "Referral ledger lines cannot be deleted: the referral rules write "
                    "a correcting line when documents change."
                )
            )

    def unlink(self):
        # Cancelling an order makes sale_loyalty delete the order's history
        # lines; ours stay, and the sync writes their reversal instead.
        if self._ledger_token() is _ORDER_LOYALTY:
            self -= self.sudo().filtered("referral_rule")
        return super().unlink()

    def _get_order_portal_url(self):
        # The source of a referral line is another customer's document.
        if self.referral_rule:
            return False
        return super()._get_order_portal_url()

    @api.model
    def _referral_balances(self, partners):
        """The ledger of these referred customers, {(card id, customer id, rule): points}.

        Only the referral rules write referred_partner_id, always with a rule:
        filtering on the customer alone keeps the planner on that index, not
        on the rule's, which holds every referral line."""
        groups = self.sudo()._read_group(
            [("referred_partner_id", "in", partners.ids)],
            ["card_id", "referred_partner_id", "referral_rule"],
            ["issued:sum"],
        )
        return {(card.id, partner.id, rule): issued for card, partner, rule, issued in groups}

    @api.model
    def _referral_descriptions(self, lang):
        """The ledger line texts in ``lang``, by (rule, reversal). One whole
        sentence per case: translators never see fragments."""
        env = self.with_context(lang=lang).env
        return {
            ("sales", False): env._("Referred customer %(customer)s: confirmed sales"),
            ("sales", True): env._("Referred customer %(customer)s: confirmed sales (reversal)"),
            ("attendance", False): env._("Referred customer %(customer)s: event attendance"),
            ("attendance", True): env._(
                "Referred customer %(customer)s: event attendance (reversal)"
            ),
        }

    @api.model
    def _referral_record(self, differences, sources):
        """Writes one ledger line per difference {(card id, customer id, rule): points}.

        sources maps (customer id, rule) to the document that caused the
        change; without one, the line names the referred customer.
        """
        customers = self.env["res.partner"].browse(list({key[1] for key in differences}))
        # the line is the referrer's: written in their language, not the cron's
        cards = self.env["loyalty.card"].sudo().browse(list({key[0] for key in differences}))
        lang_of = {card.id: card.partner_id.lang or None for card in cards}
        descriptions = {lang: self._referral_descriptions(lang) for lang in set(lang_of.values())}
        vals_list = []
        for (card_id, partner_id, rule), points in differences.items():
            customer = customers.browse(partner_id)
            source = sources.get((partner_id, rule)) or customer
            description = descriptions[lang_of[card_id]][rule, points < 0] % {
                "customer": customer.display_name
            }
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
        return self.sudo().with_context(**{LEDGER_TOKEN: _LEDGER_WRITER}).create(vals_list)
