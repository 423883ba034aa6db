from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, split_every

from odoo.addons.channel_suite_base.cron_batches import run_in_batches

from ..referral_rules import ledger_differences

RECONCILE_BATCH = 500


class ResPartner(models.Model):
    _inherit = "res.partner"

    referred_by_id = fields.Many2one(
        "res.partner",
        tracking=True,
        index="btree_not_null",
        copy=False,
        help="The customer who brought this one; they earn referral points when "
        "this customer attends events and buys.",
    )
    referral_date = fields.Date(
        compute="_compute_referral_date",
        store=True,
        readonly=False,
        copy=False,
        tracking=True,
        help="Documents from this day on (within the program's validity) earn "
        "referral points. Set to the day the referrer is entered.",
    )
    referred_partner_ids = fields.One2many(
        "res.partner", "referred_by_id", string="Referred Customers"
    )
    referral_count = fields.Integer(
        compute="_compute_referral_count", string="Referred Customers Count"
    )
    referral_card_ids = fields.One2many(
        "loyalty.card",
        "partner_id",
        domain=[("program_id.is_referral_program", "=", True)],
        string="Referral Cards",
        # loyalty cards and history are for sales users only: without groups
        # a full read() of a partner fails for everyone else (events, HR...).
        groups="sales_team.group_sale_salesman",
    )
    referral_points = fields.Float(
        compute="_compute_referral_points",
        help="Balance of this customer's referral loyalty card.",
        groups="sales_team.group_sale_salesman",
    )
    referral_history_ids = fields.Many2many(
        "loyalty.history",
        compute="_compute_referral_points",
        string="Referral Points History",
        groups="sales_team.group_sale_salesman",
    )

    @api.depends("referred_by_id")
    def _compute_referral_date(self):
        for partner in self:
            if not partner.referred_by_id:
                partner.referral_date = False
            elif not partner.referral_date:
                # A corrected referrer keeps the date the customer was brought.
                partner.referral_date = fields.Date.context_today(partner)

    def _compute_referral_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("referred_by_id", "in", self.ids)], ["referred_by_id"], ["__count"]
            )
        )
        for partner in self:
            partner.referral_count = counts.get(partner, 0)

    @api.depends("referral_card_ids.points", "referral_card_ids.history_ids")
    def _compute_referral_points(self):
        for partner in self:
            cards = partner.sudo().referral_card_ids
            partner.referral_points = sum(cards.mapped("points"))
            # Salespeople with "own documents" only see their customers' lines.
            partner.referral_history_ids = cards.history_ids.with_env(self.env)._filtered_access(
                "read"
            )

    def action_view_referred_partners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_referral_points.res_partner_action_referred"
        )
        action["domain"] = [("referred_by_id", "=", self.id)]
        action["context"] = {"default_referred_by_id": self.id}
        return action

    @api.constrains("referred_by_id", "parent_id")
    def _check_referred_by(self):
        """Self-referral and cycles, between commercial entities: a company
        and its contacts are one customer."""
        # a contact moved into a company may be the referrer of that company
        partners = self.sudo() | self.sudo().referred_partner_ids
        for partner in partners.filtered("referred_by_id"):
            entity = partner.commercial_partner_id
            if partner.referred_by_id.commercial_partner_id == entity:
                raise ValidationError(
                    self.env._(
                        "%(referrer)s cannot refer themselves, their own company or its "
                        "contacts (%(customer)s).",
                        customer=partner.display_name,
                        referrer=partner.referred_by_id.display_name,
                    )
                )
            if entity in partner._referral_upstream_entities():
                raise ValidationError(
                    self.env._(
                        "This referrer would close a referral cycle: a customer cannot be "
                        "referred, directly or through others, by a customer they referred."
                    )
                )

    def _referral_upstream_entities(self):
        """The commercial entities above this partner in the referral chains:
        its referrer's, their referrers' (through any contact), and so on.
        One query per level of the chain."""
        Partner = self.sudo().with_context(active_test=False)
        found = self.referred_by_id.commercial_partner_id
        frontier = found
        while frontier:
            referrers = Partner.search_fetch(
                [("commercial_partner_id", "in", frontier.ids), ("referred_by_id", "!=", False)],
                ["referred_by_id"],
            ).referred_by_id.commercial_partner_id
            frontier = referrers - found
            found |= frontier
        return found

    @api.constrains("referred_by_id", "referral_date", "parent_id")
    def _check_new_customer(self):
        """A customer is new when nobody of their commercial entity (the
        company or any of its contacts) bought or attended an event before
        the referral date."""
        referred = self.sudo().filtered("referred_by_id")
        if not referred:
            return
        entities = referred.commercial_partner_id
        old = (
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [
                    ("partner_id.commercial_partner_id", "in", entities.ids),
                    ("state", "=", "sale"),
                ],
                ["partner_id"],
                ["date_order:min"],
            )
        )
        attended = (
            self.env["event.registration"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id.commercial_partner_id", "in", entities.ids),
                    ("state", "=", "done"),
                ],
                ["partner_id", "event_id"],
            )
        )
        firsts = {}
        for buyer, first in old + [(reg.partner_id, reg.event_id.date_begin) for reg in attended]:
            entity = buyer.commercial_partner_id
            if entity not in firsts or first < firsts[entity]:
                firsts[entity] = first
        for partner in referred:
            first = firsts.get(partner.commercial_partner_id)
            if first and first.date() < partner.referral_date:
                raise ValidationError(
                    self.env._(
                        "%(customer)s already bought or attended an event on %(date)s, "
                        "before the referral date %(referral_date)s: only new customers "
                        "can be referred.",
                        customer=partner.display_name,
                        date=first.date(),
                        referral_date=partner.referral_date,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("referred_by_id") and not vals.get("referral_date"):
                # an explicit empty date would stop the default: today
                vals.pop("referral_date", None)
        if not self._is_referral_manager():
            today = fields.Date.context_today(self)
            for vals in vals_list:
                expected = today if vals.get("referred_by_id") else False
                if (
                    "referral_date" in vals
                    and fields.Date.to_date(vals["referral_date"]) != expected
                ):
                    self._raise_referral_date()
        partners = super().create(vals_list)
        partners.filtered("referred_by_id")._referral_sync()
        return partners

    def write(self, vals):
        referral_keys = {"referred_by_id", "referral_date"} & set(vals)
        if referral_keys:
            self._check_referral_date_allowed(vals)
            self._referral_changed_by(vals)._check_referrer_change_allowed()
        res = super().write(vals)
        if referral_keys:
            self._referral_sync()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_referral(self):
        """Who referred whom and the points it earned outlive a customer: the
        ledger names the referred customer, the referrer holds the card, and
        deleting a referrer would silently drop the referrals of the customers
        it brought. Checked in the database, as the merge moves them in SQL."""
        partners = self.sudo().with_context(active_test=False)
        kept = (
            partners.search([("referred_by_id", "in", partners.ids)], limit=1).referred_by_id
            or self.env["loyalty.history"]
            .sudo()
            .search([("referred_partner_id", "in", partners.ids)], limit=1)
            .referred_partner_id
            or self.env["loyalty.card"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("partner_id", "in", partners.ids),
                    ("program_id.is_referral_program", "=", True),
                    ("history_ids", "!=", False),
                ],
                limit=1,
            )
            .partner_id
        )
        if kept:
            raise UserError(
                self.env._(
                    "%(partner)s referred customers or has referral points on the ledger: "
                    "archive it instead of deleting it.",
                    partner=kept.display_name,
                )
            )

    def _referral_changed_by(self, vals):
        """The partners whose referrer or referral date vals really change."""
        referrer_id = vals.get("referred_by_id") or False
        date = fields.Date.to_date(vals.get("referral_date"))
        return self.filtered(
            lambda p: (
                ("referred_by_id" in vals and p.referred_by_id.id != referrer_id)
                or ("referral_date" in vals and p.referral_date != date)
            )
        )

    def _is_referral_manager(self):
        """Sales managers (and code running as superuser) date referrals, move
        issued points to another referrer and check the whole ledger."""
        return self.env.su or self.env.user.has_group("sales_team.group_sale_manager")

    def _check_referral_date_allowed(self, vals):
        """Only sales managers date a referral: for everyone else it is the
        day the referrer is entered, and it stays that day (a backdated date
        would count sales and events from before the customer was brought)."""
        if "referral_date" not in vals or self._is_referral_manager():
            return
        date = fields.Date.to_date(vals["referral_date"])
        today = fields.Date.context_today(self)
        for partner in self:
            referrer = vals.get("referred_by_id", partner.referred_by_id)
            if not referrer:
                expected = False
            elif partner.referred_by_id and partner.referral_date:
                expected = partner.referral_date
            else:
                expected = today
            if date != expected:
                self._raise_referral_date()

    def _raise_referral_date(self):
        raise AccessError(
            self.env._(
                "Only a sales manager can set a referral date other than the day the "
                "referrer is entered."
            )
        )

    def _check_referrer_change_allowed(self):
        """Once the referral earned points, only sales managers move them."""
        if not self or self._is_referral_manager():
            return
        if self.env["loyalty.history"]._referral_balances(self):
            raise AccessError(
                self.env._(
                    "Referral points were already issued for this customer: only a sales "
                    "manager can change the referrer or the referral date."
                )
            )

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
