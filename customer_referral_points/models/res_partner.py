from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


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
