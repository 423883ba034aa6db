"""The referral ledger of referred customers: the sync that writes it, the
check that compares it with the documents, and the nightly reconcile."""

from collections import defaultdict

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, split_every

from ..cron_batches import run_in_batches
from ..referral_rules import ledger_differences

RECONCILE_BATCH = 500


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _referral_sync(self, sources=None):
        """Writes the ledger lines that make the referral points of these
        referred customers equal what the rules give for their documents.

        Idempotent, and its query count does not depend on the number of
        customers. sources: documents (sale.order, event.registration) that
        caused the change, named on the lines they lead to.
        """
        differences = self._referral_differences(lock=True)
        if not differences:
            return
        self.env["loyalty.history"]._referral_record(differences, self._referral_sources(sources))
        points_by_card = defaultdict(float)
        for (card_id, _partner_id, _rule), points in differences.items():
            points_by_card[card_id] += points
        self.env["loyalty.card"]._referral_add_points(points_by_card)

    def _referral_differences(self, lock=False):
        """What the ledger of these referred customers lacks to equal what the
        rules give for their documents: {(card id, customer id, rule): points},
        without zeros. A constant number of queries.

        With lock (the sync about to write them), the referrers' missing cards
        are created and every card concerned is locked before its ledger is
        read (see LoyaltyCard._referral_lock). Without, nothing is written: a
        referrer who has no card yet is keyed on card id False.
        """
        partners = self.sudo().exists()
        if not partners:
            return {}
        Card = self.env["loyalty.card"]
        targets = {}
        by_company = partners.filtered("referred_by_id").grouped("company_id")
        for company, referred in by_company.items():
            program = self.env["loyalty.program"]._referral_program_for(company)
            if not program:
                # No active program (e.g. archived): the points earned stay.
                partners -= referred
                continue
            cards = Card._referral_cards_for(referred.referred_by_id, program, create=lock)
            for (partner_id, rule), points in program._referral_targets(referred).items():
                card = cards.get(partners.browse(partner_id).referred_by_id.id)
                targets[card.id if card else False, partner_id, rule] = points
        if lock:
            Card.browse(list({key[0] for key in targets}))._referral_lock()
        balances = self.env["loyalty.history"]._referral_balances(partners)
        if lock:
            Card.browse(
                list({key[0] for key in balances} - {key[0] for key in targets})
            )._referral_lock()
        return ledger_differences(balances, targets)

    @api.model
    def _referral_reconcile_partners(self):
        """Everyone the nightly reconcile looks at: the referred customers and
        those who were (their lines may have to be reversed)."""
        self.flush_model(["referred_by_id"])
        self.env["loyalty.history"].flush_model(["referred_partner_id", "referral_rule"])
        self.env.cr.execute(
            SQL(
                """SELECT id FROM res_partner WHERE referred_by_id IS NOT NULL
                    UNION
                   SELECT referred_partner_id FROM loyalty_history
                    WHERE referral_rule IS NOT NULL
                    ORDER BY 1"""
            )
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def referral_ledger_check(self, batch_size=RECONCILE_BATCH):
        """The nightly reconcile's check over every referred customer, writing
        nothing: what it would correct. Sales managers only (it reads every
        referrer's ledger); callable through RPC, e.g. by a load test.

        Returns {"ledger": [{"card_id", "referrer_id", "referred_partner_id",
        "rule", "difference"}], "cards": [{"card_id", "referrer_id", "points",
        "ledger"}]}: the ledger lines the rules would write (card_id False when
        the referrer has no card yet), and the referral cards whose points
        differ from the sum of their ledger. Both empty when everything holds.
        """
        if not self._is_referral_manager():
            raise AccessError(self.env._("Only sales managers can check the referral ledger."))
        partners = self.sudo()._referral_reconcile_partners()
        differences = {}
        for batch in split_every(batch_size, partners.ids, partners.browse):
            differences.update(batch._referral_differences())
        Card = self.env["loyalty.card"].sudo()
        # a line to reverse sits on the card of a former referrer
        card_holders = {
            card.id: card.partner_id.id
            for card in Card.browse(list({key[0] for key in differences if key[0]}))
        }
        ledger = [
            {
                "card_id": card_id,
                "referrer_id": card_holders.get(card_id)
                or partners.browse(partner_id).referred_by_id.id,
                "referred_partner_id": partner_id,
                "rule": rule,
                "difference": difference,
            }
            for (card_id, partner_id, rule), difference in sorted(differences.items())
        ]
        drift = self.env["loyalty.card"]._referral_balance_drift()
        return {
            "ledger": ledger,
            "cards": [
                {
                    "card_id": card.id,
                    "referrer_id": card.partner_id.id,
                    "points": drift[card.id][0],
                    "ledger": drift[card.id][1],
                }
                for card in Card.browse(sorted(drift))
            ],
        }

    @api.model
    def _referral_sources(self, sources):
        """{(customer id, rule): document} for the documents behind a change."""
        rules = {"sale.order": "sales", "event.registration": "attendance", "account.move": "sales"}
        result = {}
        for doc in sources or []:
            # a credit note names the customers of the orders it refunds
            customers = (
                doc.sudo().line_ids.sale_line_ids.order_id.partner_id
                if doc._name == "account.move"
                else doc.partner_id
            )
            for customer in customers:
                result[customer.id, rules[doc._name]] = doc
        return result

    @api.model
    def _cron_referral_reconcile(self, batch_size=RECONCILE_BATCH):
        """Nightly: restores the ledger of every referred customer, including
        after changes made behind the ORM's back (imports, SQL), then the
        balance of every referral card from its ledger."""
        partners = self._referral_reconcile_partners()
        run_in_batches(partners, type(self)._referral_reconcile_batch, batch_size)
        self.env["loyalty.card"]._referral_repair_balances()

    def _referral_reconcile_batch(self):
        """One batch of the nightly job: the check first, and the sync, which
        locks the cards, only for a batch that has something to correct. A
        batch that writes nothing cannot lose a concurrent change (whoever
        changes a document syncs it, locked), and the night takes no lock on
        the cards of thousands of referrers for nothing."""
        if self._referral_differences():
            self._referral_sync()
