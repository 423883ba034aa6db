from odoo import models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        """The kept contact takes the duplicates' orders, registrations,
        ledger lines, referral card and referred customers (Odoo moves them
        in SQL). It keeps one referral, its own or else the last duplicate's,
        with that referral's date; the merge is refused where it would move
        points already issued to another referrer, for anyone but sales
        managers, and the referral checks and the ledger are restored
        afterwards."""
        kept_partner, src_partners = self._merge_sides(partner_ids, dst_partner)
        if not kept_partner:
            return super()._merge(partner_ids, dst_partner, extra_checks)
        dst_partner = kept_partner
        kept = self._referral_check_merge(src_partners, dst_partner)
        if kept and not dst_partner.referred_by_id:
            # before Odoo's own merge writes the referrer and the date
            # restarts today: the referral kept is the duplicate's, as dated
            dst_partner.sudo().write(kept)
        # A duplicate's referral card goes to the kept contact as it is, the
        # way Odoo moves the rest in SQL (loyalty's merge would rewrite it,
        # which the card refuses): the kept contact has no other one.
        self.env["loyalty.card"].flush_model(["partner_id", "program_id"])
        self.env.cr.execute(
            SQL(
                """UPDATE loyalty_card c SET partner_id = %(dst)s
                     FROM loyalty_program p
                    WHERE p.id = c.program_id AND p.is_referral_program
                      AND c.partner_id IN %(src)s""",
                dst=dst_partner.id,
                src=tuple(src_partners.ids),
            )
        )
        self.env["loyalty.card"].invalidate_model(["partner_id"])
        result = super()._merge(partner_ids, dst_partner, extra_checks)
        # a ledger line without a source document names its referred customer
        self.env.cr.execute(
            SQL(
                """UPDATE loyalty_history SET order_id = %(dst)s
                    WHERE order_model = 'res.partner' AND order_id IN %(src)s""",
                dst=dst_partner.id,
                src=tuple(src_partners.ids),
            )
        )
        self.env["loyalty.history"].invalidate_model(["order_id"])
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        concerned = dst_partner.sudo() | Partner.search([("referred_by_id", "=", dst_partner.id)])
        concerned._check_referred_by()
        concerned._check_new_customer()
        concerned._referral_sync()
        return result

    def _referral_check_merge(self, src_partners, dst_partner):
        """Refuses the merge before anything moves where it would not keep
        the ledger true; returns the referral the kept contact ends with,
        {"referred_by_id", "referral_date"}, or {}."""
        partners = (src_partners | dst_partner).sudo()
        card_holders = (
            self.env["loyalty.card"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [("partner_id", "in", partners.ids), ("program_id.is_referral_program", "=", True)]
            )
            .partner_id
        )
        if len(card_holders) > 1:
            # one contact has one referral card; two would leave the points
            # spent from one behind while the points issued move to the other
            raise UserError(
                self.env._(
                    "%(partners)s each hold a referral card: a contact keeps one card, so "
                    "they cannot be merged.",
                    partners=", ".join(card_holders.mapped("display_name")),
                )
            )
        referral = next(
            (p for p in (dst_partner, *reversed(src_partners)) if p.referred_by_id), None
        )
        kept = (
            {"referred_by_id": referral.referred_by_id.id, "referral_date": referral.referral_date}
            if referral
            else {}
        )
        if self.env["res.partner"]._is_referral_manager():
            return kept
        issued = {
            partner_id
            for _card, partner_id, _rule in self.env["loyalty.history"]._referral_balances(partners)
        }
        for partner in partners.filtered(lambda p: p.id in issued):
            if (partner.referred_by_id.id, partner.referral_date) != (
                kept.get("referred_by_id", False),
                kept.get("referral_date", False),
            ):
                raise AccessError(
                    self.env._(
                        "Referral points were already issued for %(partner)s: only a sales "
                        "manager merges it with a contact of another referrer or referral date. "
                        "Merge the others into it instead.",
                        partner=partner.display_name,
                    )
                )
        return kept
