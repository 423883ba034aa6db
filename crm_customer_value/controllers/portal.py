"""/my/vip: a portal customer sees its VIP status, how far it is from each
threshold, its applications, and applies. Portal users have no access to the
applications model: the page reads and creates them as superuser for the
user's own commercial partner only, with values built on the server."""

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import format_amount

from odoo.addons.portal.controllers.portal import CustomerPortal


class VipPortal(CustomerPortal):
    def _vip_customer(self):
        user = request.env.user
        if not user._is_portal():
            return request.env["res.partner"]
        return user.partner_id.commercial_partner_id.sudo()

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "vip_state" in counters:
            customer = self._vip_customer()
            values["vip_state"] = customer.vip_state == "vip" if customer else 0
        return values

    @http.route("/my/vip", type="http", auth="user", website=True)
    def vip_status(self, **kw):
        customer = self._vip_customer()
        if not customer:
            return request.redirect("/my")
        return request.render("crm_customer_value.portal_my_vip", self._vip_values(customer))

    @http.route("/my/vip/apply", type="http", auth="user", website=True, methods=["POST"])
    def vip_apply(self, **kw):
        customer = self._vip_customer()
        if not customer:
            return request.redirect("/my")
        company = request.env.company
        Application = request.env["customer.vip.application"].sudo()
        error = None
        try:
            with request.env.cr.savepoint():
                application = Application.create(
                    {"partner_id": customer.id, "company_id": company.id}
                )
                application.with_context(lang=request.env.lang).action_submit()
        except UserError as exc:
            error = exc.args[0]
        values = self._vip_values(customer)
        values["vip_error"] = error
        values["vip_submitted"] = not error
        return request.render("crm_customer_value.portal_my_vip", values)

    def _vip_values(self, customer):
        company = request.env.company
        today = fields.Date.context_today(customer)
        progress = customer.with_company(company)._vip_progress(company, today)
        this_month = customer._vip_orders(company, today.replace(day=1), today)
        month_total = sum(amount for _o, _m, amount in this_month.get(customer.id, []))
        currency = company.currency_id

        def money(amount):
            return format_amount(request.env, amount, currency)

        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "vip",
                "customer": customer,
                "applications": self._applications(customer),
                "vip_rows": [
                    {
                        "label": request.env._("Your best single order"),
                        "amount": money(progress["single"]),
                        "threshold": money(company.vip_single_order_amount),
                        "missing": money(
                            max(company.vip_single_order_amount - progress["single"], 0.0)
                        ),
                        "percent": min(
                            100, int(progress["single"] / company.vip_single_order_amount * 100)
                        ),
                    },
                    {
                        "label": request.env._("Your orders this month"),
                        "amount": money(month_total),
                        "threshold": money(company.vip_month_amount),
                        "missing": money(max(company.vip_month_amount - month_total, 0.0)),
                        "percent": min(100, int(month_total / company.vip_month_amount * 100)),
                    },
                ],
                "vip_qualifies": bool(progress["basis"]),
                "vip_pending": any(a.state == "submitted" for a in self._applications(customer)),
            }
        )
        return values

    def _applications(self, customer):
        return (
            request.env["customer.vip.application"]
            .sudo()
            .search([("partner_id", "=", customer.id), ("company_id", "=", request.env.company.id)])
        )
