from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount

from .. import rules
from ..groups import GROUP_DEALER_MANAGER
from .sale_order import DEALER_ADDRESS_FIELDS

APPROVAL_ACTIVITY = "dealer_channel_control.mail_activity_dealer_floor_approval"


class SaleOrder(models.Model):
    """A salesperson's order below the floor goes to the dealer managers for
    approval instead of stopping at Confirm: each manager of the order's company
    gets an activity (whoever is in the office decides); approving confirms the
    order as a manager's confirmation does, refusing sends it back with a reason."""

    # one model's extension split by concern, as Odoo splits its own
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    dealer_approval_state = fields.Selection(
        [("pending", "Waiting for Approval"), ("refused", "Approval Refused")],
        string="Floor Approval",
        readonly=True,
        copy=False,
        tracking=True,
        help="A salesperson's order below the dealer floor price sent to the dealer "
        "managers: approving confirms it and records the violations; a refusal sends it "
        "back with a reason.",
    )
    dealer_below_floor = fields.Boolean(
        string="Below Dealer Floor",
        compute="_compute_dealer_below_floor",
        groups="sales_team.group_sale_salesman",
        help="A product of this order to a dealer is sold below its floor price (net "
        "untaxed unit price over the whole order).",
    )

    @api.depends(
        "order_line.product_id",
        "order_line.product_uom_qty",
        "order_line.product_uom",
        "order_line.price_unit",
        "order_line.discount",
        "order_line.tax_id",
        "currency_id",
        "date_order",
        "company_id",
        *DEALER_ADDRESS_FIELDS,
    )
    def _compute_dealer_below_floor(self):
        orders = self.filtered(lambda o: o.is_dealer_order and o.state in ("draft", "sent"))
        below = {order.id for order, *_rest, is_below in orders._dealer_floor_prices() if is_below}
        for order in self:
            order.dealer_below_floor = order.id in below

    def write(self, vals):
        if "dealer_approval_state" in vals and not (
            self.env.su or self.env.user.has_group(GROUP_DEALER_MANAGER)
        ):
            raise AccessError(
                self.env._("The floor approval of an order moves through its buttons only.")
            )
        return super().write(vals)

    def _dealer_reader_lang(self):
        """The language of whoever reads what the server writes on the order: its
        salesperson, else the company's."""
        self.ensure_one()
        return self.user_id.lang or self.company_id.partner_id.lang or self.env.lang

    def _dealer_check_approver(self):
        if not self.env.user.has_group(GROUP_DEALER_MANAGER):
            raise AccessError(
                self.env._("Only dealer managers approve or refuse orders below the floor.")
            )
        not_pending = self.filtered(lambda o: o.dealer_approval_state != "pending")
        if not_pending:
            raise UserError(
                self.env._(
                    "Order %(order)s is not waiting for approval.", order=not_pending[0].name
                )
            )

    def _dealer_managers(self):
        self.ensure_one()
        return (
            self.env.ref(GROUP_DEALER_MANAGER)
            .sudo()
            .users.filtered(lambda u: not u.share and self.company_id in u.company_ids)
        )

    def action_dealer_send_for_approval(self):
        """One activity per dealer manager of the order's company, in that manager's
        language."""
        # written as superuser below: only who may change the order sends it
        self.check_access("write")
        for order in self:
            if order.state not in ("draft", "sent") or order.dealer_approval_state == "pending":
                raise UserError(
                    self.env._(
                        "Only a quotation not yet sent for approval can be sent: %(order)s",
                        order=order.name,
                    )
                )
            below = [item for item in order._dealer_floor_prices() if item[5]]
            if not below:
                raise UserError(
                    self.env._(
                        "Order %(order)s has no product below the dealer floor price: confirm it.",
                        order=order.name,
                    )
                )
            managers = order._dealer_managers()
            if not managers:
                raise UserError(
                    self.env._(
                        "No dealer manager of %(company)s can approve this order.",
                        company=order.company_id.name,
                    )
                )
            order.sudo().dealer_approval_state = "pending"
            for manager in managers:
                reader = order.with_context(lang=manager.lang or order._dealer_reader_lang())
                reader.sudo().activity_schedule(
                    APPROVAL_ACTIVITY,
                    user_id=manager.id,
                    summary=reader.env._("Approve a price below the dealer floor"),
                    note=Markup("<br/>").join(
                        [
                            reader.env._(
                                "%(user)s asks to confirm %(order)s below the dealer floor:",
                                user=self.env.user.name,
                                order=order.name,
                            ),
                            *reader._dealer_floor_record_lines(below),
                        ]
                    ),
                )
        return True

    def action_dealer_approve(self):
        self._dealer_check_approver()
        return self.action_confirm()

    def action_dealer_refuse(self, reason):
        self._dealer_check_approver()
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the order is refused."))
        for order in self:
            reader = order.with_context(lang=order._dealer_reader_lang())
            body = reader.env._(
                "%(user)s refused the price below the dealer floor: %(reason)s",
                user=self.env.user.name,
                reason=reason,
            )
            order.sudo().dealer_approval_state = "refused"
            order.message_post(body=body, subtype_xmlid="mail.mt_note")
            order._dealer_close_approval(body)
            if order.user_id:
                order.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=order.user_id.id,
                    summary=reader.env._("Floor approval refused"),
                    note=body,
                )
        return True

    def _dealer_close_approval(self, feedback):
        """The deciding manager's activity is done with the decision; the other
        managers' ones are removed (the decision is taken)."""
        activities = self.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(APPROVAL_ACTIVITY)
        )
        mine = activities.filtered(lambda a: a.user_id == self.env.user)
        mine.action_feedback(feedback=feedback)
        (activities - mine).sudo().unlink()

    def action_confirm(self):
        pending = self.filtered(lambda o: o.dealer_approval_state == "pending")
        result = super().action_confirm()
        for order in pending:
            reader = order.with_context(lang=order._dealer_reader_lang())
            order._dealer_close_approval(
                reader.env._("Approved: confirmed by %(user)s.", user=self.env.user.name)
            )
        self.filtered("dealer_approval_state").sudo().dealer_approval_state = False
        return result

    def _action_cancel(self):
        # a cancelled order has nothing left to approve
        pending = self.filtered(lambda o: o.dealer_approval_state == "pending")
        result = super()._action_cancel()
        pending.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(APPROVAL_ACTIVITY)
        ).sudo().unlink()
        pending.sudo().dealer_approval_state = False
        return result

    def _dealer_floor_record_lines(self, below_floor, violations=None):
        """One line per product below the floor: net unit price, floor, quantity,
        shortfall and (once recorded) penalty, in the language of self's env."""
        penalties = {(v.sale_order_id.id, v.product_id.id): v for v in violations or []}
        # the names in this language, read for all the products at once
        products = self.env["product.product"].browse({item[1].id for item in below_floor})
        names = dict(zip(products.ids, products.mapped("display_name"), strict=True))
        lines = []
        for order, product, price, floor, qty, _below in below_floor:
            currency = order.company_id.currency_id
            violation = penalties.get((order.id, product.id))
            values = {
                "product": names[product.id],
                "price": format_amount(self.env, price, currency),
                "floor": format_amount(self.env, floor, currency),
                "qty": format(qty, "g"),
                "shortfall": format_amount(self.env, rules.shortfall(floor, price, qty), currency),
            }
            if violation:
                lines.append(
                    self.env._(
                        "- %(product)s: %(price)s per unit, floor %(floor)s, %(qty)s units: "
                        "shortfall %(shortfall)s, penalty %(penalty)s",
                        penalty=format_amount(self.env, violation.penalty_amount, currency),
                        **values,
                    )
                )
            else:
                lines.append(
                    self.env._(
                        "- %(product)s: %(price)s per unit, floor %(floor)s, %(qty)s units: "
                        "shortfall %(shortfall)s",
                        **values,
                    )
                )
        return lines

    def _dealer_note_floor_recorded(self, below_floor):
        """The chatter of each order a dealer manager confirmed below the floor says
        what was recorded, in the language of its salesperson."""
        violations = (
            self.env["dealer.price.violation"]
            .sudo()
            .search([("source", "=", "sale_order"), ("sale_order_id", "in", self.ids)])
        )
        for order in self:
            items = [item for item in below_floor if item[0] == order]
            if not items:
                continue
            reader = order.with_context(lang=order._dealer_reader_lang())
            order.message_post(
                body=Markup("<br/>").join(
                    [
                        reader.env._(
                            "Confirmed below the dealer floor by %(user)s; price violations "
                            "recorded:",
                            user=self.env.user.name,
                        ),
                        *reader._dealer_floor_record_lines(items, violations),
                    ]
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_dealer_confirm_below_floor(self):
        """The dealer manager's Confirm of an order below the floor: a warning
        saying what will be recorded, first."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Confirm below the Dealer Floor"),
            "res_model": "dealer.floor.confirm.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def action_dealer_refuse_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuse the Price below the Floor"),
            "res_model": "dealer.floor.refuse.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }
