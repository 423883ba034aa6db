import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_is_zero

from .loyalty_history import ledger_token

_logger = logging.getLogger(__name__)


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    @api.model_create_multi
    def create(self, vals_list):
        # Access first: the guards below read programs as superuser, and their
        # refusal would tell a user without access which cards are referral cards.
        self.check_access("create")
        programs = (
            self.env["loyalty.program"]
            .sudo()
            .browse([vals["program_id"] for vals in vals_list if vals.get("program_id")])
        )
        referral = set(programs.filtered("is_referral_program").ids)
        if any(vals.get("program_id") in referral and vals.get("points") for vals in vals_list):
            self._raise_referral_points_by_hand()
        return super().create(vals_list)

    def write(self, vals):
        self.check_access("write")
        referral = self.sudo().filtered("program_id.is_referral_program")
        if "program_id" in vals and (
            referral
            or self.env["loyalty.program"].sudo().browse(vals["program_id"]).is_referral_program
        ):
            raise UserError(self.env._("A card cannot be moved into or out of a referral program."))
        if (
            referral
            and "partner_id" in vals
            and any(card.partner_id.id != vals["partner_id"] for card in referral)
        ):
            raise UserError(
                self.env._(
                    "A referral card stays with its referrer: the referral rules credit "
                    "the customer who brought the new one."
                )
            )
        if (
            referral
            and "active" in vals
            and not vals["active"]
            and not self.env.su
            and referral.filtered("active").history_ids
        ):
            # the referrer's next sync would issue its points again on a new
            # card, without the points spent from this one
            raise UserError(
                self.env._(
                    "A referral card with a points history stays active: its points follow "
                    "its ledger."
                )
            )
        if referral and "points" in vals and not ledger_token(self.env):
            rounding = 10**-6
            if any(
                not float_is_zero(card.points - vals["points"], precision_rounding=rounding)
                for card in referral
            ):
                self._raise_referral_points_by_hand()
        return super().write(vals)

    def _raise_referral_points_by_hand(self):
        raise UserError(
            self.env._(
                "The points of a referral card follow its ledger: they change only through "
                "the referral rules and the confirmation or cancellation of an order that "
                "spends them."
            )
        )

    def _referral_cards_for(self, referrers, program, create=True):
        """The referral cards of these referrers, {partner id: card}; missing
        cards are created (unless not create), all in a constant number of
        queries."""
        Card = self.sudo().with_context(loyalty_no_mail=True, tracking_disable=True)
        # each referrer's first card, found through the partner index (the
        # ORM's "ORDER BY id" lets the planner walk every card for each batch)
        self.flush_model(["program_id", "partner_id", "active"])
        self.env.cr.execute(
            SQL(
                """SELECT partner_id, MIN(id) FROM loyalty_card
                    WHERE program_id = %(program)s AND partner_id IN %(partners)s AND active
                    GROUP BY partner_id""",
                program=program.id,
                partners=tuple(referrers.ids) or (None,),
            )
        )
        rows = self.env.cr.fetchall()
        cards = Card.browse([card_id for _partner_id, card_id in rows])
        by_partner = dict(zip([partner_id for partner_id, _card_id in rows], cards, strict=True))
        missing = [pid for pid in referrers.ids if pid not in by_partner]
        if missing and create:
            # Two transactions creating the same card would each create one:
            # updating the referrer's row makes the later one fail with a
            # serialisation error, and its retry finds the card.
            self.env.cr.execute(
                SQL(
                    "UPDATE res_partner SET write_date = %(now)s WHERE id IN %(ids)s",
                    now=fields.Datetime.now(),
                    ids=tuple(missing),
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
                "UPDATE loyalty_card SET write_date = %(now)s WHERE id IN %(ids)s",
                now=fields.Datetime.now(),
                ids=tuple(self.ids),
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
            SQL("(%(id)s, %(points)s::float8)", id=card_id, points=points)
            for card_id, points in points_by_card.items()
        )
        self.env.cr.execute(
            SQL(
                """UPDATE loyalty_card c SET points = c.points + v.points
                     FROM (VALUES %(values)s) AS v(id, points)
                    WHERE c.id = v.id""",
                values=values,
            )
        )
        self.browse(list(points_by_card)).invalidate_recordset(["points"])
        self.env["res.partner"].invalidate_model(["referral_points", "referral_history_ids"])

    @api.ondelete(at_uninstall=False)
    def _unlink_except_referral_ledger(self):
        cards = self.sudo()
        if (
            cards.history_ids.filtered("referral_rule")
            or cards.filtered("program_id.is_referral_program").history_ids
        ):
            raise UserError(
                self.env._("A loyalty card holding referral points cannot be deleted; archive it.")
            )

    @api.model
    def _referral_balance_drift(self):
        """{card id: (points, ledger)} of the referral cards whose points are
        not the sum of their ledger (changed in SQL, or by code that bypassed
        the guards). One query, writing nothing."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """SELECT c.id, c.points, COALESCE(SUM(h.issued - COALESCE(h.used, 0)), 0)
                     FROM loyalty_card c
                     JOIN loyalty_program p ON p.id = c.program_id AND p.is_referral_program
                LEFT JOIN loyalty_history h ON h.card_id = c.id
                 GROUP BY c.id
                   HAVING ROUND((c.points - COALESCE(SUM(h.issued - COALESCE(h.used, 0)), 0))
                                ::numeric, 6) <> 0"""
            )
        )
        return {card_id: (points, ledger) for card_id, points, ledger in self.env.cr.fetchall()}

    @api.model
    def _referral_repair_balances(self):
        """Restores from its ledger each referral card whose points drifted,
        with a note on the card. It never writes a ledger line: a line would
        make the tampered balance look earned."""
        drift = self._referral_balance_drift()
        if not drift:
            return
        _logger.warning("Referral cards changed without a ledger line, restored: %s", drift)
        self.env.cr.execute(
            SQL(
                """UPDATE loyalty_card c SET points = v.points
                     FROM (VALUES %(values)s) AS v(id, points)
                    WHERE c.id = v.id""",
                values=SQL(", ").join(
                    SQL("(%(id)s, %(points)s::float8)", id=card_id, points=ledger)
                    for card_id, (_points, ledger) in drift.items()
                ),
            )
        )
        cards = self.sudo().browse(list(drift))
        cards.invalidate_recordset(["points"])
        self.env["res.partner"].invalidate_model(["referral_points"])
        for card in cards:
            points, ledger = drift[card.id]
            card.message_post(
                body=self.env._(
                    "Points restored from the ledger: the card showed %(points)s points, "
                    "its ledger gives %(ledger)s. A balance changed without a ledger line "
                    "is not kept.",
                    points=points,
                    ledger=ledger,
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
