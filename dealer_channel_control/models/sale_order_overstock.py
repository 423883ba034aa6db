from markupsafe import Markup

from odoo import models
from odoo.exceptions import UserError

from .. import locks, rules
from ..groups import GROUP_DEALER_MANAGER


class SaleOrder(models.Model):
    """Orders to dealers against the dealer's stock band: what an order would
    overstock is refused where the company blocks it, else noted and followed up."""

    # one model's extension split by concern, as Odoo splits its own
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    def _dealer_check_overstock_block(self):
        """The overstocking lines of the orders; refused to all but dealer managers
        where the company blocks overstock. Two orders to one dealer confirmed at
        the same moment are one after the other there: each counts the other."""
        self.filtered(
            lambda o: o.company_id.dealer_overstock_policy == "block"
        )._dealer_lock_stock()
        overstock = self._dealer_overstock_lines()
        blocked = [
            item
            for item in overstock
            if item[0].order_id.company_id.dealer_overstock_policy == "block"
        ]
        if blocked and not self.env.user.has_group(GROUP_DEALER_MANAGER):
            raise UserError(self._dealer_overstock_message(blocked))
        return overstock

    def _dealer_lock_stock(self):
        """Serialises the confirmations of orders to the same dealers in the same
        companies: the later one waits, is retried once the earlier is committed,
        and counts it among the orders confirmed since the report (see locks.py)."""
        locks.lock(
            self.env,
            {
                ("dealer_stock", order.dealer_partner_id.id, order.company_id.id)
                for order in self
                if order.dealer_partner_id
            },
        )

    def _dealer_overstock_lines(self):
        """[(first line of the product, projected days, band max)] for each product
        whose quantity on the order takes the dealer above its inventory band, once
        the dealer's orders confirmed since its latest report have arrived too
        (an order split in two is the same stock)."""
        found = []
        positions = self.order_line._dealer_stock_positions()
        for line, report_line, qty, pending in positions.values():
            band_max = report_line.report_id.inventory_max_days
            on_hand, per_day = report_line.qty_on_hand + pending, report_line.daily_sales
            if rules.is_overstock(on_hand, qty, per_day, band_max):
                found.append((line, rules.projected_days(on_hand, qty, per_day), band_max))
        return found

    def _dealer_overstock_details(self, overstock):
        return [
            self._dealer_overstock_detail(line.product_id, days, band_max)
            for line, days, band_max in overstock
        ]

    def _dealer_overstock_detail(self, product, days, band_max):
        # one whole sentence each: a translated "no sales" dropped into the days
        # slot does not read in Chinese; the numbers are formatted outside the
        # calls, where Babel's extractor does not try to evaluate them
        band_text = format(band_max, "g")
        if days is None:
            return self.env._(
                "- %(product)s: the dealer reports no sales of it, so any quantity "
                "overstocks (band maximum %(max)s days)",
                product=product.display_name,
                max=band_text,
            )
        days_text = format(days, ".1f")
        return self.env._(
            "- %(product)s: %(days)s days after this order, band maximum %(max)s",
            product=product.display_name,
            days=days_text,
            max=band_text,
        )

    def _dealer_overstock_message(self, overstock):
        return self.env._(
            "This order would overstock the dealer; reduce these quantities or ask a "
            "dealer manager to confirm:\n%(details)s",
            details="\n".join(self._dealer_overstock_details(overstock)),
        )

    def _dealer_warn_overstock(self, overstock):
        """A chatter note on each order, in its salesperson's language, and a to-do
        for the sales team leader (else the salesperson) to follow up with the
        dealer, in the language of whoever gets it."""
        for order, items in self._group_by_order(overstock).items():
            reader = order.with_context(lang=order._dealer_reader_lang())
            order.message_post(
                body=Markup("%s<br/>%s")
                % (
                    reader.env._("Confirmed although it overstocks the dealer:"),
                    Markup("<br/>").join(reader._dealer_overstock_details(items)),
                ),
                subtype_xmlid="mail.mt_note",
            )
            user = order.team_id.user_id or order.user_id or self.env.user
            assignee = order.with_context(lang=user.lang or order._dealer_reader_lang())
            order.activity_schedule(
                "dealer_channel_control.mail_activity_dealer_overstock",
                user_id=user.id,
                note=Markup("<br/>").join(assignee._dealer_overstock_details(items)),
            )

    @staticmethod
    def _group_by_order(items):
        grouped = {}
        for item in items:
            grouped.setdefault(item[0].order_id, []).append(item)
        return grouped
