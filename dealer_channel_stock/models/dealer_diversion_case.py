from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, create_index

from odoo.addons.dealer_channel_control.groups import GROUP_DEALER_USER, is_dealer_manager

# stock_move_line has no index on lot_id, stock_lot only a trigram one on its
# name: the trace finds a lot by its exact code, then the lines of that lot
LOT_INDEX = "dealer_channel_stock_move_line_lot_id_index"
LOT_NAME_INDEX = "dealer_channel_stock_lot_name_index"
# what a dealer manager changes on an open case; everything else is the trace's
MANAGER_FIELDS = {"dealer_id", "penalty_amount"}


class DealerDiversionCase(models.Model):
    """A cross-territory case (窜货): goods of a lot delivered to a dealer were seen
    in a province outside its territories."""

    _name = "dealer.diversion.case"
    _description = "Cross-Territory Case"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    # who checked and where is for the company's people, never for the dealer
    check_id = fields.Many2one(
        "dealer.price.check",
        string="Market Check",
        required=True,
        readonly=True,
        ondelete="restrict",
        index=True,
        groups=GROUP_DEALER_USER,
    )
    dealer_id = fields.Many2one(
        "res.partner",
        string="Origin Dealer",
        domain="[('id', 'in', candidate_dealer_ids)]",
        check_company=True,
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        help="The dealer the goods came from; a dealer manager picks it among the "
        "candidates when the lot was delivered to several.",
    )
    user_id = fields.Many2one(related="dealer_id.user_id", string="Salesperson")
    candidate_dealer_ids = fields.Many2many(
        "res.partner",
        "dealer_diversion_case_candidate_rel",
        "case_id",
        "partner_id",
        string="Candidate Dealers",
        readonly=True,
        groups=GROUP_DEALER_USER,
        help="The dealers the lot was delivered to (net of returns), none of which may "
        "sell in the province seen.",
    )
    product_id = fields.Many2one("product.product", required=True, readonly=True)
    lot_id = fields.Many2one("stock.lot", readonly=True)
    lot_name = fields.Char(string="Lot Code", required=True, readonly=True)
    qty = fields.Float(string="Quantity Seen", readonly=True, digits="Product Unit of Measure")
    place_state_id = fields.Many2one(
        "res.country.state", string="Province Seen In", required=True, readonly=True
    )
    date = fields.Date(required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    penalty_amount = fields.Monetary(
        string="Penalty",
        compute="_compute_penalty_amount",
        store=True,
        readonly=False,
        precompute=True,
        aggregator="sum",
        tracking=True,
        help="Defaults to the quantity seen times the company's penalty per unit.",
    )
    state = fields.Selection(
        [
            ("to_review", "Pick the Origin"),
            ("draft", "To Decide"),
            ("confirmed", "Confirmed"),
            ("waived", "Waived"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    violation_id = fields.Many2one(
        "dealer.price.violation", string="Penalty Violation", readonly=True, copy=False
    )
    lot_returned_qty = fields.Float(
        string="Returned Since",
        compute="_compute_lot_returned_qty",
        digits="Product Unit of Measure",
        groups=GROUP_DEALER_USER,
        help="Quantity of this lot the origin dealer returned after the case's date. "
        "The case stands (the goods were seen); the manager decides whether it "
        "changes the penalty.",
    )

    _sql_constraints = [
        (
            "penalty_not_negative",
            "CHECK(penalty_amount IS NULL OR penalty_amount >= 0)",
            "A cross-territory penalty cannot be negative: waive the case instead.",
        )
    ]

    def init(self):
        create_index(
            self.env.cr,
            LOT_INDEX,
            "stock_move_line",
            ["lot_id"],
            where="lot_id IS NOT NULL",
        )
        create_index(self.env.cr, LOT_NAME_INDEX, "stock_lot", ["name"])

    @api.depends("qty", "company_id")
    def _compute_penalty_amount(self):
        for case in self:
            case.penalty_amount = case.qty * case.company_id.dealer_diversion_penalty_per_unit

    def _compute_lot_returned_qty(self):
        cases = self.filtered(lambda c: c.dealer_id and c.lot_id)
        returns = self._lot_returns(
            cases.lot_id.ids, cases.company_id.ids, min(cases.mapped("date"), default=None)
        )
        for case in self:
            case.lot_returned_qty = sum(
                qty
                for lot_id, company_id, dealer_id, day, qty in returns
                if (lot_id, company_id, dealer_id)
                == (case.lot_id.id, case.company_id.id, case.dealer_id.id)
                and day > case.date
            )

    @api.constrains("dealer_id", "candidate_dealer_ids")
    def _check_dealer_candidate(self):
        for case in self.sudo():
            if case.dealer_id and case.dealer_id not in case.candidate_dealer_ids:
                raise ValidationError(
                    self.env._(
                        "%(dealer)s is not among the dealers lot %(lot)s was delivered to.",
                        dealer=case.dealer_id.display_name,
                        lot=case.lot_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        # cases come from the trace only (see _create_from_trace)
        if not self.env.su:
            raise AccessError(self.env._("Cross-territory cases are opened by market checks."))
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("dealer.diversion.case")
        return super().create(vals_list)

    @api.model
    def _create_from_trace(self, vals_list):
        """Open the cases a trace found, as the system: who recorded the check is
        not the case's author (a dealer reading its case never learns who checked)."""
        if not vals_list:
            return self.browse()
        return (
            self.with_user(SUPERUSER_ID)
            .with_context(mail_create_nosubscribe=True)
            .create(vals_list)
            .with_env(self.env)
        )

    def write(self, vals):
        if not self.env.su:
            self._check_manager()
            fixed = set(vals) - MANAGER_FIELDS - set(self.env["mail.thread"]._fields)
            if fixed:
                raise UserError(
                    self.env._(
                        "%(fields)s of a cross-territory case come from the market check "
                        "and its trace; the case changes only through its buttons.",
                        fields=", ".join(
                            self._fields[f].get_description(self.env)["string"]
                            for f in sorted(fixed)
                            if f in self._fields
                        ),
                    )
                )
            if MANAGER_FIELDS & set(vals):
                self._check_state(
                    {"to_review", "draft"}, self.env._("Decided cases cannot be changed:")
                )
        if "dealer_id" in vals and "state" not in vals:
            # picking the origin among the candidates moves the case on to decide
            picked, cleared = self.browse(), self.browse()
            for case in self:
                if vals["dealer_id"]:
                    picked |= case
                else:
                    cleared |= case
            if vals["dealer_id"]:
                return super(DealerDiversionCase, picked).write(vals | {"state": "draft"})
            if any(len(case.sudo().candidate_dealer_ids) < 2 for case in cleared):
                raise UserError(
                    self.env._("A case with a single candidate keeps it as its origin dealer.")
                )
            return super(DealerDiversionCase, cleared).write(vals | {"state": "to_review"})
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        if any(case.state in ("confirmed", "waived") for case in self):
            raise UserError(
                self.env._("A decided cross-territory case is kept: it cannot be deleted.")
            )

    def _check_manager(self):
        if not is_dealer_manager(self.env):
            raise AccessError(
                self.env._(
                    "Only dealer managers pick the origin of, confirm, waive or change "
                    "cross-territory cases."
                )
            )

    def _check_state(self, allowed, message):
        wrong = self.filtered(lambda c: c.state not in allowed)
        if wrong:
            raise UserError(
                self.env._(
                    "%(reason)s %(cases)s", reason=message, cases=", ".join(wrong.mapped("name"))
                )
            )

    def action_confirm(self):
        """The penalty becomes a violation of the origin dealer, which the penalty
        invoicing and the dealer's violations page carry."""
        self._check_manager()
        self._check_state(
            {"draft"}, self.env._("Only cases whose origin dealer is known can be confirmed:")
        )
        violations = (
            self.env["dealer.price.violation"]
            .sudo()
            .with_context(tracking_disable=True)
            .create([case._violation_values() for case in self])
        )
        # confirming the case is the manager's review of the penalty: the
        # violation is confirmed with it, ready to invoice, not reviewed twice
        violations.with_user(self.env.user).action_confirm()
        for case, violation in zip(self, violations, strict=True):
            super(DealerDiversionCase, case.sudo()).write(
                {"state": "confirmed", "violation_id": violation.id}
            )
        return True

    def action_waive(self):
        self._check_manager()
        self._check_state(
            {"to_review", "draft", "confirmed"}, self.env._("These cases are already waived:")
        )
        invoiced = self.violation_id.filtered(lambda v: v.state == "invoiced")
        if invoiced:
            raise UserError(
                self.env._(
                    "The penalty of these cases is invoiced; credit the invoice instead: %(cases)s",
                    cases=", ".join(invoiced.diversion_case_id.mapped("name")),
                )
            )
        self.violation_id.filtered(lambda v: v.state != "waived").action_waive()
        return super(DealerDiversionCase, self.sudo()).write({"state": "waived"})

    def _violation_values(self):
        self.ensure_one()
        return {
            "dealer_id": self.dealer_id.id,
            "product_id": self.product_id.id,
            "date": self.date,
            "source": "diversion",
            "source_ref": self.name,
            "diversion_case_id": self.id,
            "company_id": self.company_id.id,
            "floor_price": 0.0,
            "price": 0.0,
            "qty": self.qty,
            "penalty_amount": self.penalty_amount,
        }

    @api.model
    def _lot_flows(self, lot_ids, company_ids):
        """{(lot id, company id): [(dealer id, delivered, returned)]}: the done
        deliveries of these lots to dealers (the commercial partner of the
        delivery's partner) and the returns of those deliveries, in one query."""
        if not lot_ids or not company_ids:
            return {}
        self.env.cr.execute(
            SQL(
                """SELECT sml.lot_id, sml.company_id, dealer.id,
                          COALESCE(SUM(sml.quantity_product_uom) FILTER (WHERE %(out)s), 0),
                          COALESCE(SUM(sml.quantity_product_uom) FILTER (WHERE NOT %(out)s), 0)
                     %(lines)s
                 GROUP BY sml.lot_id, sml.company_id, dealer.id""",
                out=SQL("own_type.code = 'outgoing'"),
                lines=self._lot_lines_sql(lot_ids, company_ids),
            )
        )
        flows = {}
        for lot_id, company_id, dealer_id, delivered, returned in self.env.cr.fetchall():
            flows.setdefault((lot_id, company_id), []).append((dealer_id, delivered, returned))
        return flows

    @api.model
    def _lot_returns(self, lot_ids, company_ids, since):
        """[(lot id, company id, dealer id, day, quantity)]: the returns of these
        lots' deliveries to dealers done after `since`, in one query."""
        if not lot_ids or not company_ids:
            return []
        self.env.cr.execute(
            SQL(
                """SELECT sml.lot_id, sml.company_id, dealer.id, sml.date::date,
                          sml.quantity_product_uom
                     %(lines)s AND own_type.code != 'outgoing' AND sml.date::date > %(since)s""",
                lines=self._lot_lines_sql(lot_ids, company_ids),
                since=since,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _lot_lines_sql(self, lot_ids=None, company_ids=None):
        """The done move lines that delivered a lot to a dealer or returned such a
        delivery (of these lots in these companies, or all), with the dealer
        (`dealer`), the lot (`lot`) and the line's own operation type
        (`own_type`): a return counts for the dealer of the delivery it returns.
        Pick and pack steps are internal: only the outgoing step is a delivery."""
        for model in ("stock.move.line", "stock.move", "stock.picking", "res.partner"):
            self.env[model].flush_model()
        only = SQL("")
        if lot_ids is not None:
            only = SQL(
                "AND sml.lot_id IN %s AND sml.company_id IN %s",
                tuple(lot_ids),
                tuple(company_ids),
            )
        return SQL(
            """FROM stock_move_line sml
                  JOIN stock_lot lot ON lot.id = sml.lot_id
                  JOIN stock_move move ON move.id = sml.move_id
                  JOIN stock_picking own ON own.id = move.picking_id
                  JOIN stock_picking_type own_type ON own_type.id = own.picking_type_id
             LEFT JOIN stock_move origin ON origin.id = move.origin_returned_move_id
             LEFT JOIN stock_picking orig ON orig.id = origin.picking_id
             LEFT JOIN stock_picking_type orig_type ON orig_type.id = orig.picking_type_id
                  JOIN res_partner partner
                    ON partner.id = CASE WHEN own_type.code = 'outgoing'
                                         THEN own.partner_id ELSE orig.partner_id END
                  JOIN res_partner dealer ON dealer.id = partner.commercial_partner_id
                 WHERE sml.state = 'done' AND dealer.is_dealer
                   AND (own_type.code = 'outgoing' OR orig_type.code = 'outgoing')
                   %s""",
            only,
        )
