from markupsafe import Markup

from odoo import api, fields, models


class DealerFloorConfirmWizard(models.TransientModel):
    """The warning a dealer manager sees before confirming (or approving) an order
    below the floor: what will be recorded."""

    _name = "dealer.floor.confirm.wizard"
    _description = "Confirm an Order below the Dealer Floor"

    order_id = fields.Many2one(
        "sale.order", string="Sales Order", required=True, ondelete="cascade"
    )
    summary = fields.Html(compute="_compute_summary", sanitize=False)

    @api.depends("order_id")
    def _compute_summary(self):
        for wizard in self:
            below = [item for item in wizard.order_id._dealer_floor_prices() if item[5]]
            wizard.summary = Markup("<br/>").join(wizard.order_id._dealer_floor_record_lines(below))

    def action_confirm_order(self):
        self.ensure_one()
        order = self.order_id
        if order.dealer_approval_state == "pending":
            order.action_dealer_approve()
        else:
            order.action_confirm()
        return {"type": "ir.actions.act_window_close"}


class DealerFloorRefuseWizard(models.TransientModel):
    _name = "dealer.floor.refuse.wizard"
    _description = "Refuse an Order below the Dealer Floor"

    order_id = fields.Many2one(
        "sale.order", string="Sales Order", required=True, ondelete="cascade"
    )
    reason = fields.Text(required=True)

    def action_refuse(self):
        self.ensure_one()
        self.order_id.action_dealer_refuse(self.reason)
        return {"type": "ir.actions.act_window_close"}
