"""The dealer portal's project registrations and price violations (see portal.py
for who may read what)."""

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from ..portal_products import match_products
from ..portal_rows import PortalValueError, portal_number
from .portal import DealerPortal

PROJECT_FORM_ROWS = 5


class DealerProjectPortal(DealerPortal):
    # ---------------------------------------------------------------- projects

    @http.route(
        ["/my/dealer/projects", "/my/dealer/projects/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def dealer_projects(self, page=1, **kw):
        values = self._dealer_list_values(
            "dealer.project", "/my/dealer/projects", "dealer_projects", "projects", page
        )
        if values is None:
            return request.redirect("/my")
        return request.render("dealer_channel_control.portal_my_dealer_projects", values)

    @http.route("/my/dealer/projects/<int:project_id>", type="http", auth="user", website=True)
    def dealer_project(self, project_id, **kw):
        dealer = self._dealer_portal_dealer()
        project = dealer and self._dealer_document("dealer.project", project_id, dealer)
        if not project:
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "dealer_project", "project": project.sudo()})
        return request.render("dealer_channel_control.portal_my_dealer_project", values)

    @http.route(
        "/my/dealer/projects/new",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def dealer_project_new(self, **post):
        dealer = self._dealer_portal_dealer()
        if not dealer:
            return request.redirect("/my")
        errors = []
        if request.httprequest.method == "POST":
            lines, errors = self._dealer_project_lines(dealer, post)
            if not errors:
                try:
                    project = request.env["dealer.project"]._portal_register(
                        dealer, post.get("name"), post.get("end_customer"), lines
                    )
                except (UserError, ValidationError) as error:
                    errors = [error.args[0]]
                else:
                    return request.redirect(f"/my/dealer/projects/{project.id}")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "dealer_project_new",
                "post": post,
                "dealer_products": self._dealer_product_choices(dealer),
                "row_indexes": range(PROJECT_FORM_ROWS),
                "errors": errors,
            }
        )
        return request.render("dealer_channel_control.portal_my_dealer_project_new", values)

    def _dealer_project_lines(self, dealer, post):
        """[(product, qty, price)] of the registration form and the bad rows."""
        texts = [(post.get(f"product_{index}") or "").strip() for index in range(PROJECT_FORM_ROWS)]
        matches = match_products(request.env, dealer, texts)
        Report = request.env["dealer.stock.report"]
        labels = {
            name: request.env["dealer.project.line"]._fields[name]._description_string(request.env)
            for name in ("qty", "price_unit")
        }
        lines, errors = [], []
        for index, text in enumerate(texts):
            qty_text = (post.get(f"qty_{index}") or "").strip()
            price_text = (post.get(f"price_{index}") or "").strip()
            if not (text or qty_text or price_text):
                continue
            product, problem = Report._portal_row_product(index + 1, text, None, matches)
            if problem:
                errors.append(problem)
            numbers = []
            for value, label, above_zero in (
                (qty_text, labels["qty"], True),
                (price_text, labels["price_unit"], False),
            ):
                try:
                    numbers.append(
                        portal_number(
                            request.env, value, label, index + 1, above_minimum=above_zero
                        )
                    )
                except PortalValueError as error:
                    errors.append(error.args[0])
            if product and len(numbers) == 2:
                lines.append((product, *numbers))
        return lines, errors

    # -------------------------------------------------------------- violations

    @http.route(
        ["/my/dealer/violations", "/my/dealer/violations/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def dealer_violations(self, page=1, **kw):
        values = self._dealer_list_values(
            "dealer.price.violation",
            "/my/dealer/violations",
            "dealer_violations",
            "violations",
            page,
        )
        if values is None:
            return request.redirect("/my")
        values["violation_sources"] = self._dealer_violation_sources(values["violations"])
        values["review_labels"] = dict(
            request.env["dealer.price.violation"]
            ._fields["state"]
            ._description_selection(request.env)
        )
        return request.render("dealer_channel_control.portal_my_dealer_violations", values)

    def _dealer_violation_sources(self, violations):
        """{violation: (what caused it, the page where the dealer sees it or None)}:
        its sales order (Odoo's order page, when the portal user may read the order),
        its project registration, or the market check (no portal page)."""
        orders = (
            request.env["sale.order"].browse(violations.sale_order_id.ids)._filtered_access("read")
        )
        sources = {}
        for violation in violations:
            url = None
            if violation.source == "sale_order" and violation.sale_order_id in orders:
                url = f"/my/orders/{violation.sale_order_id.id}"
            elif (
                violation.source == "project"
                and violation.project_id.dealer_id == violation.dealer_id
            ):
                url = f"/my/dealer/projects/{violation.project_id.id}"
            name = (
                violation.sale_order_id.name
                or violation.project_id.name
                or violation.source_ref
                or ""
            )
            sources[violation] = (name, url)
        return sources
