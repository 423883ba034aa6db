from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.dealer_channel_control.groups import is_dealer_manager

from .. import rules

# what the trace reads from a check: a change of any re-traces it
TRACED_FIELDS = ("lot_name", "place_state_id", "product_id", "qty", "date", "company_id")
OPEN_CASE_STATES = ("to_review", "draft")


class DealerPriceCheck(models.Model):
    """A market check may also record the lot code on the goods and where they
    were seen; saving it traces the lot to the dealers it was delivered to."""

    _inherit = "dealer.price.check"

    # goods seen in a shop that is no dealer are still traced by their lot
    dealer_id = fields.Many2one(required=False)
    lot_name = fields.Char(
        string="Lot Code", help="The batch code printed on the goods seen.", copy=False
    )
    place_state_id = fields.Many2one(
        "res.country.state",
        string="Province Seen In",
        help="The province where the goods were seen; required with a lot code.",
    )
    place_city = fields.Char(string="City Seen In")
    trace_result = fields.Selection(
        [
            (rules.CASE, "Cross-territory case"),
            (rules.COVERED, "Sold within a territory"),
            (rules.UNKNOWN_LOT, "No delivery of this lot to a dealer"),
        ],
        readonly=True,
        copy=False,
        help="What tracing the lot found when the check was saved.",
    )
    diversion_case_ids = fields.One2many(
        "dealer.diversion.case", "check_id", string="Cross-Territory Cases", readonly=True
    )
    below_floor = fields.Boolean(
        compute="_compute_below_floor",
        store=True,
        help="The observed price was below the product's floor when the check was saved.",
    )

    @api.depends("price", "product_id")
    def _compute_below_floor(self):
        for check in self:
            floor = check.floor_price
            check.below_floor = (
                bool(floor) and check.currency_id.compare_amounts(check.price, floor) < 0
            )

    @api.constrains("dealer_id", "lot_name", "place_state_id", "product_id")
    def _check_dealer_or_lot(self):
        for check in self:
            if not check.dealer_id and not check.lot_name:
                raise ValidationError(
                    self.env._(
                        "A market check names the dealer, or the lot code of the goods seen."
                    )
                )
            if check.lot_name and not check.place_state_id:
                raise ValidationError(
                    self.env._(
                        "Lot %(lot)s: say in which province the goods were seen.",
                        lot=check.lot_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_trace_vals(vals)
        checks = super().create(vals_list)
        checks._trace_lots()
        return checks

    def write(self, vals):
        self._check_trace_vals(vals)
        retrace = self._traced_changes(vals)
        if retrace:
            # as the system: whoever edits the check may not read every case
            cases = retrace.sudo().diversion_case_ids
            decided = cases.filtered(lambda c: c.state not in OPEN_CASE_STATES)
            if decided:
                raise UserError(
                    self.env._(
                        "A dealer manager has decided the cross-territory case of this "
                        "market check (%(cases)s): what was seen, where and when can no "
                        "longer be changed.",
                        cases=", ".join(decided.mapped("name")),
                    )
                )
            # the case stands on what was seen: changing it would erase the case
            if cases and not is_dealer_manager(self.env):
                raise UserError(
                    self.env._(
                        "This market check opened the cross-territory case %(cases)s: only "
                        "a dealer manager may change what was seen, where or when, which "
                        "traces the lot again. Ask a dealer manager, or add a note.",
                        cases=", ".join(cases.mapped("name")),
                    )
                )
        res = super().write(vals)
        if retrace:
            # an open case stood on the old values: the new trace replaces it
            retrace.sudo().diversion_case_ids.unlink()
            retrace._trace_lots()
        return res

    def _traced_changes(self, vals):
        """The checks whose traced values `vals` changes: a value written back
        unchanged, as a form or an import may send it, traces nothing again."""
        fnames = [fname for fname in TRACED_FIELDS if fname in vals]
        if not fnames:
            return self.browse()
        new = self.new({fname: vals[fname] for fname in fnames})
        return self.filtered(lambda check: any(check[f] != new[f] for f in fnames))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_case(self):
        if self.sudo().diversion_case_ids:
            raise UserError(
                self.env._(
                    "A market check that raised a cross-territory case is its evidence "
                    "and cannot be deleted."
                )
            )

    def _check_trace_vals(self, vals):
        if {"trace_result", "diversion_case_ids"} & set(vals):
            raise UserError(
                self.env._("A market check's trace result and cases are set by the trace.")
            )
        if vals.get("lot_name"):
            vals["lot_name"] = vals["lot_name"].strip()

    def _create_violations(self):
        """Only checks of a dealer can find it below the floor, and a company that
        monitors resale prices records them without proposing a penalty."""
        penalized = self.filtered(
            lambda c: c.dealer_id and c.company_id.dealer_market_check_mode == "penalize"
        )
        return super(DealerPriceCheck, penalized)._create_violations()

    # ------------------------------------------------------------------ trace

    def _trace_lots(self):
        """Trace the lot of each check to the dealers it was delivered to and open
        a case where none of them may sell in the province seen. A fixed number
        of queries for any number of checks, lots and deliveries."""
        checks = self.filtered("lot_name")
        results = {}
        if checks:
            lots = checks._traced_lots()
            flows = self.env["dealer.diversion.case"]._lot_flows(
                [lot.id for lot in lots.values() if lot], checks.company_id.ids
            )
            origins = {
                check: rules.net_origins(flows.get((lots[check].id, check.company_id.id), ()))
                for check in checks
            }
            # an archived territory still binds the dealers who hold it: archiving
            # hides it from the lists, it does not free them to sell anywhere
            dealers = (
                self.env["res.partner"]
                .sudo()
                .with_context(active_test=False)
                .browse({dealer for found in origins.values() for dealer in found})
            )
            territories = {}
            for dealer in dealers:
                for territory in dealer.dealer_territory_ids:
                    key = (territory.company_id.id, dealer.id)
                    territories.setdefault(key, set()).update(territory.state_ids.ids)
            cases = []
            for check in checks:
                result, uncovered = rules.trace_outcome(
                    origins[check],
                    check.place_state_id.id,
                    {
                        dealer: territories.get((check.company_id.id, dealer), set())
                        for dealer in origins[check]
                    },
                )
                results[check.id] = result
                if result == rules.CASE:
                    cases.append(check._diversion_case_values(lots[check], uncovered))
            self.env["dealer.diversion.case"]._create_from_trace(cases)
        # the check that raised a violation is frozen for every client write (and
        # trace_result is refused to clients): the trace records its own result
        self.flush_recordset(["trace_result"])
        for result in (*set(results.values()), None):
            ids = [c.id for c in self if results.get(c.id) == result]
            if ids:
                self.env.cr.execute(
                    SQL(
                        "UPDATE dealer_price_check SET trace_result = %s WHERE id IN %s",
                        result,
                        tuple(ids),
                    )
                )
        self.invalidate_recordset(["trace_result"])

    def _traced_lots(self):
        """{check: the stock.lot of its code and product in its company (or shared
        between companies), or an empty recordset}. A code that is the lot of
        another product only is refused: the product or the code was mistyped."""
        Lot = self.env["stock.lot"].sudo()
        found = Lot.search_fetch(
            [
                ("name", "in", list(set(self.mapped("lot_name")))),
                ("company_id", "in", [*self.company_id.ids, False]),
            ],
            ["name", "product_id", "company_id"],
        )
        by_key = {(lot.name, lot.product_id.id, lot.company_id.id): lot for lot in found}
        lots = {}
        for check in self:
            key = (check.lot_name, check.product_id.id)
            lot = by_key.get((*key, check.company_id.id)) or by_key.get((*key, False))
            others = found.filtered(
                lambda lot, c=check: (
                    lot.name == c.lot_name
                    and lot.company_id in (c.company_id, Lot.env["res.company"])
                )
            )
            if not lot and others:
                raise ValidationError(
                    self.env._(
                        "Lot %(lot)s is a lot of %(products)s, not of %(product)s: check "
                        "the product and the code.",
                        lot=check.lot_name,
                        products=", ".join(others.product_id.mapped("display_name")),
                        product=check.product_id.display_name,
                    )
                )
            lots[check] = lot or Lot
        return lots

    def _diversion_case_values(self, lot, dealer_ids):
        self.ensure_one()
        return {
            "check_id": self.id,
            "dealer_id": dealer_ids[0] if len(dealer_ids) == 1 else False,
            "candidate_dealer_ids": [fields.Command.set(dealer_ids)],
            "state": "draft" if len(dealer_ids) == 1 else "to_review",
            "product_id": self.product_id.id,
            "lot_id": lot.id,
            "lot_name": self.lot_name,
            "qty": self.qty,
            "place_state_id": self.place_state_id.id,
            "date": self.date,
            "company_id": self.company_id.id,
        }
