from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import mute_logger

from .. import value_rules
from .res_partner import MANAGER_GROUP


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        if not self.env.su:
            for order in orders:
                orders._check_vip_pricelist_use(order.pricelist_id.id, order)
        return orders

    def write(self, vals):
        if not self.env.su and "date_order" in vals:
            self._check_value_date_change(vals["date_order"])
        if not self.env.su and vals.get("pricelist_id"):
            self._check_vip_pricelist_use(vals["pricelist_id"])
        return super().write(vals)

    def _check_value_date_change(self, date_order):
        """The date of a confirmed order places it in a month for VIP status and
        in a period for the 80/20 view: only sales managers change it."""
        if self.env.user.has_group(MANAGER_GROUP):
            return
        new = fields.Datetime.to_datetime(date_order)
        if any(order.state == "sale" and order.date_order != new for order in self):
            raise UserError(
                self.env._(
                    "The date of a confirmed order counts for VIP status and the customer "
                    "classes: only sales managers change it."
                )
            )

    def _check_vip_pricelist_use(self, pricelist_id, orders=None):
        """Only VIP customers buy on their company's VIP pricelist."""
        if self.env.user.has_group(MANAGER_GROUP):
            return
        for order in orders or self:
            if (
                order.company_id.vip_pricelist_id.id == pricelist_id
                and order.partner_id.commercial_partner_id.vip_state != "vip"
            ):
                raise UserError(
                    self.env._(
                        "%(partner)s is not a VIP customer: the VIP pricelist is not for it.",
                        partner=order.partner_id.commercial_partner_id.display_name,
                    )
                )

    def action_confirm(self):
        if not self.env.su:
            for order in self:
                self._check_vip_pricelist_use(order.pricelist_id.id, order)
        result = super().action_confirm()
        self._vip_propose_applications()
        return result

    def _vip_propose_applications(self):
        """A confirmation that qualifies its customer for VIP status (the order
        alone, or its month's orders together) proposes an application to a
        sales manager, unless one is waiting already or the customer is VIP."""
        Application = self.env["customer.vip.application"].sudo()
        confirmed = self.filtered(lambda o: o.state == "sale")
        for company in confirmed.company_id:
            orders = confirmed.filtered(lambda o, c=company: o.company_id == c)
            partners = orders.partner_id.commercial_partner_id.filtered(
                lambda p: p.vip_state != "vip"
            )
            if not partners:
                continue
            days = [order._value_day() for order in orders]
            date_from = min(days).replace(day=1)
            date_to = max(days) + relativedelta(day=31)
            by_partner = partners._vip_orders(company, date_from, date_to)
            pending = set(
                Application.search(
                    [
                        ("partner_id", "in", partners.ids),
                        ("company_id", "=", company.id),
                        ("state", "=", "submitted"),
                    ]
                ).partner_id.ids
            )
            for partner in partners:
                if partner.id in pending:
                    continue
                own = {
                    o.id: o._value_day().replace(day=1)
                    for o in orders
                    if o.partner_id.commercial_partner_id == partner
                }
                rows = [
                    row
                    for row in by_partner.get(partner.id, [])
                    if row[0] in own or row[1] in own.values()
                ]
                progress = value_rules.vip_progress(
                    rows, company.vip_single_order_amount, company.vip_month_amount
                )
                if progress["basis"] and self._vip_own_qualifies(progress, own):
                    self._vip_propose(company, partner, progress, orders)

    def _vip_own_qualifies(self, progress, own):
        if progress["basis"] == "single_order":
            return bool(set(progress["single_order_ids"]) & own.keys())
        return progress["month_start"] in own.values()

    def _vip_propose(self, company, partner, progress, orders):
        Application = self.env["customer.vip.application"].sudo()
        if progress["basis"] == "single_order":
            amount, order_ids = progress["single"], progress["single_order_ids"]
        else:
            amount, order_ids = progress["month"], progress["month_order_ids"]
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                application = Application.with_context(vip_application_flow=True).create(
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "state": "submitted",
                        "basis": progress["basis"],
                        "qualifying_amount": amount,
                        "qualifying_order_ids": [fields.Command.set(order_ids)],
                    }
                )
        except IntegrityError:
            return  # another confirmation proposed it at the same moment
        team = orders.filtered(lambda o: o.partner_id.commercial_partner_id == partner).team_id[:1]
        application._vip_notify_managers(team)

    def _value_day(self):
        """The order's day in the company's time zone, as the SQL counts it."""
        self.ensure_one()
        tz = self.company_id.partner_id.tz or "UTC"
        return fields.Datetime.context_timestamp(self.with_context(tz=tz), self.date_order).date()
