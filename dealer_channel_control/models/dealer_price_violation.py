from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .. import rules


class DealerPriceViolation(models.Model):
    _name = "dealer.price.violation"
    _description = "Dealer Price Violation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    dealer_id = fields.Many2one(
        "res.partner",
        required=True,
        domain="[('is_dealer', '=', True)]",
        check_company=True,
        index=True,
        tracking=True,
    )
    user_id = fields.Many2one(related="dealer_id.user_id", string="Salesperson", store=True)
    product_id = fields.Many2one("product.product", required=True, check_company=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    source = fields.Selection(
        [("sale_order", "Sales Order"), ("project", "Project"), ("market_check", "Market Check")],
        required=True,
        default="market_check",
    )
    source_ref = fields.Char(string="Source Document")
    sale_order_id = fields.Many2one(
        "sale.order", string="Sales Order", index="btree_not_null", readonly=True
    )
    project_id = fields.Many2one("dealer.project", index="btree_not_null", readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    floor_price = fields.Monetary()
    price = fields.Monetary(help="Untaxed unit price after discount.")
    qty = fields.Float(string="Quantity", digits="Product Unit of Measure")
    shortfall = fields.Monetary(
        compute="_compute_shortfall",
        store=True,
        precompute=True,
        aggregator="sum",
        help="(Floor − price) × quantity: what the dealer undercut the floor by.",
    )
    penalty_amount = fields.Monetary(
        string="Penalty",
        compute="_compute_penalty_amount",
        store=True,
        readonly=False,
        precompute=True,
        aggregator="sum",
        tracking=True,
        help="Defaults to the shortfall: the dealer is fined exactly what it undercut.",
    )
    state = fields.Selection(
        [
            ("draft", "To Review"),
            ("confirmed", "Confirmed"),
            ("waived", "Waived"),
            ("invoiced", "Invoiced"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    invoice_id = fields.Many2one("account.move", readonly=True, copy=False)
    note = fields.Text()

    @api.depends("floor_price", "price", "qty")
    def _compute_shortfall(self):
        for violation in self:
            violation.shortfall = rules.shortfall(
                violation.floor_price, violation.price, violation.qty
            )

    @api.depends("shortfall")
    def _compute_penalty_amount(self):
        for violation in self:
            violation.penalty_amount = violation.shortfall

    @api.depends("dealer_id", "product_id", "date")
    def _compute_name(self):
        for violation in self:
            violation.name = (
                f"{violation.dealer_id.name or ''} / {violation.product_id.display_name or ''}"
            )

    def _check_manager(self):
        if not self.env.user.has_group("dealer_channel_control.group_dealer_manager"):
            raise AccessError(
                self.env._("Only dealer managers may confirm, waive or invoice violations.")
            )

    def _check_state(self, allowed, message):
        wrong = self.filtered(lambda v: v.state not in allowed)
        if wrong:
            raise UserError(
                self.env._(
                    "%(reason)s\n%(violations)s",
                    reason=message,
                    violations=", ".join(wrong.mapped("name")),
                )
            )

    def action_confirm(self):
        self._check_manager()
        self._check_state({"draft"}, self.env._("Only violations to review can be confirmed:"))
        self.write({"state": "confirmed"})

    def action_waive(self):
        self._check_manager()
        self._check_state(
            {"draft", "confirmed"}, self.env._("Invoiced violations can no longer be waived:")
        )
        self.write({"state": "waived"})

    def action_reset_draft(self):
        self._check_manager()
        self._check_state(
            {"confirmed", "waived"},
            self.env._("Only confirmed or waived violations can be reset to review:"),
        )
        self.write({"state": "draft"})

    def action_invoice_penalties(self):
        """One draft customer invoice per dealer and company, one line per confirmed
        violation, on the shipped penalty service product (see README)."""
        self._check_manager()
        self._check_state({"confirmed"}, self.env._("Only confirmed violations can be invoiced:"))
        product = self.env.ref("dealer_channel_control.product_dealer_penalty")
        moves = self.env["account.move"]
        for (dealer, company), violations in self.grouped(
            lambda v: (v.dealer_id, v.company_id)
        ).items():
            move = moves.with_company(company).create(
                {
                    "move_type": "out_invoice",
                    "partner_id": dealer.id,
                    "company_id": company.id,
                    "currency_id": company.currency_id.id,
                    "invoice_origin": ", ".join(filter(None, violations.mapped("source_ref"))),
                    "invoice_line_ids": [
                        fields.Command.create(violation._prepare_penalty_line(product))
                        for violation in violations
                    ],
                }
            )
            violations.write({"state": "invoiced", "invoice_id": move.id})
            moves |= move
        return self._action_view_invoices(moves)

    def _prepare_penalty_line(self, product):
        self.ensure_one()
        return {
            "product_id": product.id,
            "name": self.env._(
                "Price penalty: %(product)s sold at %(price)s under the floor %(floor)s "
                "× %(qty)s (%(ref)s)",
                product=self.product_id.display_name,
                price=self.price,
                floor=self.floor_price,
                qty=self.qty,
                ref=self.source_ref or self.date,
            ),
            "quantity": 1,
            "price_unit": self.penalty_amount,
            "tax_ids": [fields.Command.clear()],
        }

    def _action_view_invoices(self, moves):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        if len(moves) == 1:
            action.update(
                views=[(self.env.ref("account.view_move_form").id, "form")], res_id=moves.id
            )
        else:
            action["domain"] = [("id", "in", moves.ids)]
        return action
