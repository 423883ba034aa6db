"""The dealer portal: a dealer's portal users report stock, see where they stand,
request the suggested order, register projects and read their violations (the
last two in portal_projects.py).

Portal users have read access to their own dealer's documents only (record rules)
and no write access: each page checks that the user acts for a dealer and that a
record in the URL is one of that dealer's, then the models create what is
submitted with values built on the server (see the models' `_portal_*` methods)."""

from werkzeug.datastructures import FileStorage

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import format_date

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..portal_products import portal_product_domain, suggested_orders
from ..portal_rows import PortalRowsError
from . import upload

STATE_BADGES = {
    "under": "text-bg-warning",
    "normal": "text-bg-success",
    "over": "text-bg-danger",
    "no_sales": "text-bg-secondary",
}
FORM_EXTRA_ROWS = 3
# what a dealer without history is offered to pick from, at most
PRODUCT_CHOICES = 200
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# ids beyond PostgreSQL's integer are no record (and would fail the query)
MAX_RECORD_ID = 2**31 - 1


class DealerPortal(CustomerPortal):
    # ------------------------------------------------------------------ access

    def _dealer_portal_dealer(self):
        """The dealer the current portal user acts for, or an empty recordset:
        internal users and customers that are no dealer get no dealer pages."""
        user = request.env.user
        if not user._is_portal():
            return request.env["res.partner"]
        return request.env["dealer.stock.report"]._portal_dealer_of(user.partner_id)

    def _dealer_document(self, model, record_id, dealer):
        """The dealer's record of `model` with that id, as the portal user, or None
        for anything else (another dealer's record, a missing one, an id no record
        can have). Odoo's `_document_check_access` reads it as the portal user (the
        record rules decide); the record is then given back in the request's
        environment, so what is done with it is done by that user."""
        if not 0 < record_id <= MAX_RECORD_ID:
            return None
        try:
            document_sudo = self._document_check_access(model, record_id)
        except (AccessError, MissingError):
            return None
        if document_sudo.dealer_id != dealer:
            return None
        return document_sudo.with_env(request.env)

    def _dealer_list_values(self, model, url, page_name, records_key, page=1, domain=()):
        """The values of a dealer list page (reports, projects, violations), as
        sale's `_prepare_sale_portal_rendering_values`: the layout, the pager and the
        page's records of the dealer (read as the portal user, shown with sudo as
        Odoo's portal lists do). None when the user acts for no dealer."""
        dealer = self._dealer_portal_dealer()
        if not dealer:
            return None
        Model = request.env[model]
        domain = [("dealer_id", "=", dealer.id), *domain]
        pager = portal_pager(
            url=url, total=Model.search_count(domain), page=page, step=self._items_per_page
        )
        records = Model.search(domain, limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": page_name,
                "dealer": dealer,
                records_key: records.sudo(),
                "pager": pager,
                "default_url": url,
            }
        )
        return values

    # -------------------------------------------------------------------- home

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        values["dealer_portal_dealer"] = self._dealer_portal_dealer()
        return values

    def _prepare_home_portal_values(self, counters):
        """The dealer tiles' counts: those asked for by /my/counters (Odoo's portal
        script, which shows and hides the tiles), and all of them when /my renders
        (counters empty), where each tile shows its count: Odoo 18 keeps the
        placeholder it fills hidden on a tile of the documents list."""
        values = super()._prepare_home_portal_values(counters)
        dealer = self._dealer_portal_dealer()
        counts = {
            "dealer_report_count": "dealer.stock.report",
            "dealer_project_count": "dealer.project",
            "dealer_violation_count": "dealer.price.violation",
        }
        for counter, model in counts.items():
            if counter in counters or (not counters and dealer):
                values[counter] = (
                    request.env[model].search_count([("dealer_id", "=", dealer.id)])
                    if dealer
                    else 0
                )
        if not counters and dealer:
            values["dealer_report_due"] = request.env["dealer.report.reminder"]._report_due(dealer)
        return values

    # ------------------------------------------------------------------- stock

    @http.route(
        ["/my/dealer/stock", "/my/dealer/stock/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def dealer_stock(self, page=1, **kw):
        return self._dealer_stock_page(page)

    def _dealer_stock_page(self, page=1, errors=()):
        """The reports page; errors: the messages of a refused upload (never taken
        from the URL, where anyone could write a message for the dealer to read)."""
        values = self._dealer_list_values(
            "dealer.stock.report", "/my/dealer/stock", "dealer_stock", "reports", page
        )
        if values is None:
            return request.redirect("/my")
        dealer, reports = values["dealer"], values["reports"]
        latest = request.env["dealer.stock.report"].search(
            [("dealer_id", "=", dealer.id), ("state", "=", "done")], limit=1
        )
        # read with the listed reports in one query, however many there are
        latest = latest.with_prefetch((*reports.ids, *latest.ids))
        values.update(
            {
                "latest": latest,
                "requested_orders": reports._portal_requested_orders(),
                "report_due": request.env["dealer.report.reminder"]._report_due(dealer),
                "errors": list(errors),
            }
        )
        values.update(self._dealer_standing_values(latest))
        return request.render("dealer_channel_control.portal_my_dealer_stock", values)

    def _dealer_standing_values(self, report):
        band_text = ""
        if report:
            low, high = (
                f"{days:g}" for days in (report.inventory_min_days, report.inventory_max_days)
            )
            band_text = request.env._(
                "Stock report of %(date)s: the target band is %(min)s to %(max)s days of stock.",
                date=format_date(request.env, report.date),
                min=low,
                max=high,
            )
        return {
            "standing_band_text": band_text,
            "standing_report": report,
            "standing_lines": report.sudo().line_ids if report else [],
            # {line: (quantity, packaging)}: the suggestion as it would be ordered
            "suggested_orders": suggested_orders(report.line_ids) if report else {},
            "state_badges": STATE_BADGES,
            "state_labels": dict(
                request.env["dealer.stock.report.line"]
                ._fields["inventory_state"]
                ._description_selection(request.env)
            ),
        }

    @http.route("/my/dealer/stock/<int:report_id>", type="http", auth="user", website=True)
    def dealer_stock_report(self, report_id, **kw):
        dealer = self._dealer_portal_dealer()
        report = dealer and self._dealer_document("dealer.stock.report", report_id, dealer)
        if not report:
            return request.redirect("/my")
        return self._dealer_stock_report_page(dealer, report)

    def _dealer_stock_report_page(self, dealer, report, message=None, error=None):
        """A report's page; message and error come from the server only (a URL's
        ?message= would let anyone show the dealer a text of their choosing)."""
        latest = request.env["dealer.stock.report"].search(
            [("dealer_id", "=", dealer.id), ("state", "=", "done")], limit=1
        )
        # the quotation requested from the report, shown to the dealer whatever
        # its state (a draft is not in Odoo's /my/quotes, which lists sent ones)
        requested = report._portal_requested_orders().get(report)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "dealer_stock_report",
                "report": report.sudo(),
                "report_title": request.env._(
                    "Stock report of %(date)s", date=format_date(request.env, report.date)
                ),
                "can_request": report == latest and not requested,
                "requested_order": requested,
                "message": message,
                "error": error,
            }
        )
        values.update(self._dealer_standing_values(report))
        return request.render("dealer_channel_control.portal_my_dealer_stock_report", values)

    @http.route(
        "/my/dealer/stock/new", type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def dealer_stock_new(self, **post):
        dealer = self._dealer_portal_dealer()
        if not dealer:
            return request.redirect("/my")
        # the products the dealer deals in: the form's rows, and the list to pick from
        products = request.env["dealer.stock.report"]._portal_prefill_products(dealer)
        form_rows = [{"product": product.default_code or product.name} for product in products]
        errors = []
        if request.httprequest.method == "POST":
            rows = self._dealer_form_rows(post)
            try:
                reports = request.env["dealer.stock.report"]._portal_submit(dealer, rows)
            except PortalRowsError as error:
                errors = error.errors
            except UserError as error:
                errors = [error.args[0]]
            else:
                return request.redirect(f"/my/dealer/stock/{reports[:1].id}")
            form_rows = [{**row, "product": str(row.get("product") or "")} for row in rows]
        form_rows += [{} for _i in range(FORM_EXTRA_ROWS)]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "dealer_stock_new",
                "form_rows": form_rows,
                "dealer_products": self._dealer_product_choices(dealer, products),
                "form_date": post.get("date") or "",
                "form_period": post.get("period_days") or "7",
                "errors": errors,
            }
        )
        return request.render("dealer_channel_control.portal_my_dealer_stock_new", values)

    def _dealer_product_choices(self, dealer, dealt_in=None):
        """The products a form offers to pick from: those the dealer deals in (its
        last report and its orders of the last 90 days) or, for a dealer without
        any yet, the first of what we sell (a list of the whole catalogue would
        be the catalogue's size on every page)."""
        if dealt_in is None:
            dealt_in = request.env["dealer.stock.report"]._portal_prefill_products(dealer)
        if dealt_in:
            return dealt_in
        return (
            request.env["product.product"]
            .sudo()
            .search(
                portal_product_domain(request.env, dealer),
                limit=PRODUCT_CHOICES,
                order="default_code, name, id",
            )
        )

    def _dealer_form_rows(self, post):
        """The rows of the report form (product_N, qty_on_hand_N, qty_sold_N), with
        the date and period given once for the whole form; empty rows skipped."""
        rows = []
        index = 0
        # as many rows as a file may hold: the form has a few dozen
        while f"product_{index}" in post and index < upload.MAX_ROWS:
            row = {
                "row": index + 1,
                "product": post.get(f"product_{index}", "").strip(),
                "qty_on_hand": post.get(f"qty_on_hand_{index}", "").strip(),
                "qty_sold": post.get(f"qty_sold_{index}", "").strip(),
                "date": post.get("date", "").strip(),
                "period_days": post.get("period_days", "").strip(),
            }
            index += 1
            if row["product"] or row["qty_on_hand"] or row["qty_sold"]:
                rows.append(row)
        return rows

    @http.route("/my/dealer/stock/upload", type="http", auth="user", website=True, methods=["POST"])
    def dealer_stock_upload(self, report_file=None, **post):
        dealer = self._dealer_portal_dealer()
        if not dealer:
            return request.redirect("/my")
        try:
            # a plain form field of that name is no file
            if not isinstance(report_file, FileStorage) or not report_file.filename:
                raise UserError(request.env._("Choose an XLSX or CSV file to upload."))
            content = report_file.read(MAX_UPLOAD_BYTES + 1)
            if len(content) > MAX_UPLOAD_BYTES:
                raise UserError(request.env._("The file is larger than 5 MB."))
            rows = upload.read_upload(request.env, report_file.filename, content)
            reports = request.env["dealer.stock.report"]._portal_submit(dealer, rows)
        except PortalRowsError as error:
            return self._dealer_stock_page(errors=error.errors)
        except UserError as error:
            return self._dealer_stock_page(errors=[error.args[0]])
        return request.redirect(f"/my/dealer/stock/{reports[:1].id}")

    @http.route(
        ["/my/dealer/stock/template.xlsx", "/my/dealer/stock/template.csv"],
        type="http",
        auth="user",
        website=True,
    )
    def dealer_stock_template(self, **kw):
        dealer = self._dealer_portal_dealer()
        if not dealer:
            return request.redirect("/my")
        products = request.env["dealer.stock.report"]._portal_prefill_products(dealer)
        if request.httprequest.path.endswith(".csv"):
            content = upload.template_csv(products)
            mimetype, filename = "text/csv; charset=utf-8", "stock_report.csv"
        else:
            content = upload.template_xlsx(products)
            mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            filename = "stock_report.xlsx"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", mimetype),
                ("Content-Disposition", http.content_disposition(filename)),
            ],
        )

    @http.route(
        "/my/dealer/stock/<int:report_id>/request",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def dealer_stock_request(self, report_id, **post):
        dealer = self._dealer_portal_dealer()
        report = dealer and self._dealer_document("dealer.stock.report", report_id, dealer)
        if not report:
            return request.redirect("/my")
        latest = request.env["dealer.stock.report"].search(
            [("dealer_id", "=", dealer.id), ("state", "=", "done")], limit=1
        )
        if report != latest:
            return self._dealer_stock_report_page(
                dealer,
                report,
                error=request.env._("Only your latest submitted report can be ordered from."),
            )
        try:
            order, created = report._portal_request_order()
        except UserError as error:
            return self._dealer_stock_report_page(dealer, report, error=error.args[0])
        if created:
            message = request.env._(
                "Quotation %(order)s was requested: your salesperson will send it to you.",
                order=order.name,
            )
        else:
            message = request.env._(
                "Quotation %(order)s was already requested from this report.", order=order.name
            )
        return self._dealer_stock_report_page(dealer, report, message=message)
