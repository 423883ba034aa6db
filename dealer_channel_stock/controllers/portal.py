"""The dealer portal's cross-territory pages: a dealer's portal users read their
own dealer's cases (product, lot, province, date, penalty: never who checked nor
the shop), its territories and the lots delivered to it. Read access comes from
record rules on the dealer's commercial partner; the pages write nothing."""

from odoo import http
from odoo.http import request

from odoo.addons.dealer_channel_control.controllers.portal import DealerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class DealerStockPortal(DealerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "dealer_diversion_count" in counters:
            dealer = self._dealer_portal_dealer()
            values["dealer_diversion_count"] = (
                request.env["dealer.diversion.case"].search_count([("dealer_id", "=", dealer.id)])
                if dealer
                else 0
            )
        return values

    @http.route(
        ["/my/dealer/territory", "/my/dealer/territory/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def dealer_territory(self, page=1, **kw):
        dealer = self._dealer_portal_dealer()
        if not dealer:
            return request.redirect("/my")
        Case = request.env["dealer.diversion.case"]
        domain = [("dealer_id", "=", dealer.id)]
        pager = portal_pager(
            url="/my/dealer/territory",
            total=Case.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        cases = Case.search(domain, limit=self._items_per_page, offset=pager["offset"])
        # the lots delivered to the dealer, newest first (record rules: its own only)
        lots = request.env["dealer.lot.delivery.report"].search(
            [("dealer_id", "=", dealer.id)], limit=self._items_per_page
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "dealer_territory",
                # read as the system, field by field in the template: only the
                # product, lot, province, date, penalty and state are shown
                "cases": cases.sudo(),
                "territories": dealer.sudo().with_context(active_test=False).dealer_territory_ids,
                "lots": lots.sudo(),
                "pager": pager,
            }
        )
        return request.render("dealer_channel_stock.portal_my_dealer_territory", values)
