from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, format_amount

from .. import rules
from ..groups import GROUP_DEALER_MANAGER
from .dealer_project import PROTECTING_STATES


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

    _sql_constraints = [
        (
            "penalty_not_negative",
            "CHECK(penalty_amount IS NULL OR penalty_amount >= 0)",
            "A penalty cannot be negative: waive the violation instead.",
        )
    ]

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

    @api.model
    def _record_for_orders(self, orders, prices, new_below):
        """Keep one violation per sales order and product in step with the orders.
        prices: [(order, product, price, floor, qty, below the floor)] for every
        floored product of `orders` (see sale.order._dealer_floor_prices);
        new_below: those of them a confirmation or a dealer manager's change took
        below the floor. Each gets a violation unless it has one; every existing
        violation follows its product's current price and quantity (a product back
        at the floor, or no longer sold, to a zero shortfall). A confirmed
        violation that changes goes back to review; an invoiced one keeps its
        values and gets a note. Runs as superuser: the order's check decided who
        may do what."""
        violations = self.sudo().search(
            [("source", "=", "sale_order"), ("sale_order_id", "in", orders.ids)]
        )
        existing = {(v.sale_order_id.id, v.product_id.id): v for v in violations}
        current = {(item[0].id, item[1].id): item for item in prices}
        for key, violation in existing.items():
            _order, _product, price, floor, qty, _below = current.get(
                key, (None, None, violation.price, violation.floor_price, 0.0, False)
            )
            violation._follow_source_price(price, floor, qty)
        to_create = [
            self._sale_order_values(order, product, price, floor, qty)
            for order, product, price, floor, qty, _below in new_below
            if (order.id, product.id) not in existing
        ]
        return self.sudo().with_context(tracking_disable=True).create(to_create)

    @api.model
    def _sale_order_values(self, order, product, price, floor, qty):
        return {
            "dealer_id": order.dealer_partner_id.id,
            "product_id": product.id,
            "date": order.date_order.date(),
            "source": "sale_order",
            "source_ref": order.name,
            "sale_order_id": order.id,
            "company_id": order.company_id.id,
            "floor_price": floor,
            "price": price,
            "qty": qty,
        }

    @api.model
    def _record_for_projects(self, projects):
        """Keep one violation per registered (or won) project and product in step
        with its quote, as for orders: a product quoted below its floor gets one
        unless it has one; an existing one follows the current price and quantity
        (a product back at the floor or no longer quoted, to a zero shortfall). A
        confirmed violation that changes goes back to review; an invoiced one keeps
        its values and gets a note. Runs as superuser: the registration's own checks
        decided who may change what. A below-floor quote is accepted; the fine is
        the manager's to handle."""
        projects = projects.filtered(lambda p: p.state in PROTECTING_STATES)
        if not projects:
            return self.browse()
        prices = projects._floor_prices()
        existing = {
            (violation.project_id.id, violation.product_id.id): violation
            for violation in self.sudo().search(
                [("project_id", "in", projects.ids), ("source", "=", "project")], order="id"
            )
        }
        for violation in existing.values():
            project = projects.browse(violation.project_id.id)
            floor, price, qty = prices.get(
                (project, violation.product_id),
                (violation.floor_price, violation.price, 0.0),
            )
            violation._follow_source_price(price, floor, qty)
        today = fields.Date.context_today(projects)
        to_create = [
            self._project_values(project, product, today, price, floor, qty)
            for (project, product), (floor, price, qty) in prices.items()
            if project.currency_id.compare_amounts(price, floor) < 0
            and (project.id, product.id) not in existing
        ]
        return self.sudo().with_context(tracking_disable=True).create(to_create)

    @api.model
    def _project_values(self, project, product, date, price, floor, qty):
        return {
            "dealer_id": project.dealer_id.id,
            "product_id": product.id,
            "date": date,
            "source": "project",
            "source_ref": project._violation_ref(),
            "project_id": project.id,
            "company_id": project.company_id.id,
            "floor_price": floor,
            "price": price,
            "qty": qty,
        }

    def _follow_source_price(self, price, floor, qty):
        """Follows its order's or registration's new price, floor and quantity:
        a draft or confirmed violation is rewritten (a confirmed one goes back
        to draft, to be confirmed again); an invoiced one keeps its invoice and
        says so in its chatter."""
        self.ensure_one()
        compare = self.currency_id.compare_amounts
        if (
            not compare(self.price, price)
            and not compare(self.floor_price, floor)
            and not float_compare(self.qty, qty, precision_digits=6)
        ):
            return
        if self.state == "invoiced":
            # read by the order's salesperson, else the dealer's, else the company
            reader = (self.sale_order_id.user_id or self.user_id).lang
            env = self.with_context(lang=reader or self.company_id.partner_id.lang).env
            values = {
                "price": format_amount(env, price, self.currency_id),
                "floor": format_amount(env, floor, self.currency_id),
                "qty": qty,
            }
            if self.source == "project":
                body = env._(
                    "The registration was changed after this violation was invoiced: now "
                    "%(price)s (floor %(floor)s) × %(qty)s. The invoice was not changed.",
                    **values,
                )
            else:
                body = env._(
                    "The order was changed after this violation was invoiced: now "
                    "%(price)s (floor %(floor)s) × %(qty)s. The invoice was not changed.",
                    **values,
                )
            self.message_post(body=body, subtype_xmlid="mail.mt_note")
            return
        vals = {"price": price, "floor_price": floor, "qty": qty}
        if self.state == "confirmed":
            vals["state"] = "draft"
        self.write(vals)

    def _check_manager(self):
        if not self.env.user.has_group(GROUP_DEALER_MANAGER):
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
                        # the invoice is the dealer's to read
                        fields.Command.create(
                            violation.with_context(lang=dealer.lang)._prepare_penalty_line(product)
                        )
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
