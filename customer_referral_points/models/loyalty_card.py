import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    def _referral_cards_for(self, referrers, program):
        """The referral cards of these referrers, {partner id: card}; missing
        cards are created, all in a constant number of queries."""
        Card = self.sudo().with_context(loyalty_no_mail=True, tracking_disable=True)
        cards = Card.search_fetch(
            [("program_id", "=", program.id), ("partner_id", "in", referrers.ids)],
            ["partner_id"],
            order="id",
        )
        by_partner = {}
        for card in cards:
            by_partner.setdefault(card.partner_id.id, card)
        missing = [pid for pid in referrers.ids if pid not in by_partner]
        if missing:
            # Two transactions creating the same card would each create one:
            # updating the referrer's row makes the later one fail with a
            # serialisation error, and its retry finds the card.
            self.env.cr.execute(
                SQL(
                    "UPDATE res_partner SET write_date = %s WHERE id IN %s",
                    fields.Datetime.now(),
                    tuple(missing),
                )
            )
            created = Card.create(
                [{"program_id": program.id, "partner_id": pid, "points": 0} for pid in missing]
            )
            by_partner.update(zip(missing, created, strict=True))
        return by_partner

    def _referral_lock(self):
        """Serialises the syncs that touch these cards.

        A plain SELECT ... FOR UPDATE is not enough under Odoo's REPEATABLE
        READ: a concurrent sync that wrote no points (e.g. 600 of sales, no
        full step yet) leaves nothing to conflict with, and two such syncs
        would each miss the other's order. Updating the row makes the later
        transaction fail with a serialisation error once the earlier commits,
        and Odoo retries it with a fresh snapshot that sees both documents.
        """
        if not self:
            return
        self.env.cr.execute(
            SQL(
                "UPDATE loyalty_card SET write_date = %s WHERE id IN %s",
                fields.Datetime.now(),
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["write_date"])

    def _referral_add_points(self, points_by_card):
        """Adds {card id: points} in one statement, as increments, so that the
        balance stays the sum of the ledger whatever else wrote the card."""
        if not points_by_card:
            return
        self.env.flush_all()
        values = SQL(", ").join(
            SQL("(%s, %s::float8)", card_id, points) for card_id, points in points_by_card.items()
        )
        self.env.cr.execute(
            SQL(
                """UPDATE loyalty_card c SET points = c.points + v.points
                     FROM (VALUES %s) AS v(id, points)
                    WHERE c.id = v.id""",
                values,
            )
        )
        self.browse(list(points_by_card)).invalidate_recordset(["points"])
        self.env["res.partner"].invalidate_model(["referral_points", "referral_history_ids"])

    @api.ondelete(at_uninstall=False)
    def _unlink_except_referral_ledger(self):
        if self.sudo().history_ids.filtered("referral_rule"):
            raise UserError(
                self.env._("A loyalty card holding referral points cannot be deleted; archive it.")
            )

    @api.model
    def _referral_repair_balances(self):
        """Writes a correction line on each referral card whose points were
        changed without a ledger line (edited by hand, or in SQL), so that
        every card equals the sum of its ledger again."""
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT c.id, c.points - COALESCE(SUM(h.issued - COALESCE(h.used, 0)), 0)
                 FROM loyalty_card c
                 JOIN loyalty_program p ON p.id = c.program_id AND p.is_referral_program
            LEFT JOIN loyalty_history h ON h.card_id = c.id
             GROUP BY c.id
               HAVING ROUND((c.points - COALESCE(SUM(h.issued - COALESCE(h.used, 0)), 0))
                            ::numeric, 6) <> 0"""
        )
        drift = dict(self.env.cr.fetchall())
        if not drift:
            return
        _logger.warning("Referral cards changed without a ledger line, corrected: %s", drift)
        description = self.env._("Balance correction: points changed without a ledger line")
        self.env["loyalty.history"].sudo().create(
            [
                {"card_id": card_id, "description": description, "issued": points, "used": 0.0}
                for card_id, points in drift.items()
            ]
        )
