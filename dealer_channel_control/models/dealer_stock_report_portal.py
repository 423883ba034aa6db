from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..portal_products import allowed_products, match_products, suggested_orders
from ..portal_rows import (
    PortalRowsError,
    PortalValueError,
    portal_date,
    portal_number,
    portal_preview,
    row_message,
)

ORDER_ORIGIN_PREFIX = "Portal stock report"
ORDERED_DAYS = 90
# What a dealer reports through the portal: a period of a day to a month, and at
# most two dates a submission: the current period's and, when its report was
# missed, the one just before it (both in the window below). More dates can only
# be history made up afterwards, or a file meant for another use.
PORTAL_MAX_PERIOD_DAYS = 31
PORTAL_MAX_DATES = 2
# a file of thousands of bad rows lists the first ones
MAX_LISTED_ERRORS = 50


class DealerStockReport(models.Model):
    _inherit = "dealer.stock.report"

    def action_done(self):
        dealers = self.filtered(lambda r: r.state == "draft").dealer_id
        res = super().action_done()
        # only a report that brings its dealer up to date closes the reminder: done
        # again on an old report (any client may call the button), it closes nothing
        Reminder = self.env["dealer.report.reminder"]
        Reminder._close_reminders(dealers - Reminder._overdue_dealers(dealers))
        return res

    @api.model
    def _portal_dealer_of(self, partner):
        """The dealer a portal user's partner acts for: its commercial partner when
        that is a dealer, else an empty recordset."""
        commercial = partner.sudo().commercial_partner_id
        return commercial if commercial.is_dealer else partner.browse()

    @api.model
    def _portal_prefill_products(self, dealer):
        """Products to pre-fill a dealer's weekly report with: those of its last
        report and those ordered from us in the last 90 days."""
        last = self.sudo().search([("dealer_id", "=", dealer.id)], limit=1)
        since = fields.Datetime.now() - timedelta(days=ORDERED_DAYS)
        ordered = (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(
                [
                    ("order_id.partner_id", "child_of", dealer.id),
                    ("order_id.state", "=", "sale"),
                    ("order_id.date_order", ">=", since),
                    ("product_id.sale_ok", "=", True),
                    ("display_type", "=", False),
                ],
                ["product_id"],
            )
        )
        products = last.line_ids.product_id
        for (product,) in ordered:
            products |= product
        return products.sorted(lambda p: (p.default_code or "", p.name or ""))

    @api.model
    def _portal_parse_rows(self, dealer, rows):
        """Check every row of a dealer's submission and return the reports to create
        ({date: {"period_days": n, "lines": [line vals], "row": its first row}});
        raise PortalRowsError listing every bad row. rows: dicts with the
        PORTAL_COLUMNS keys and "row" (the row number the dealer sees); "product" is
        a product, a code or a name."""
        typed = [row.get("product") for row in rows]
        given = self.env["product.product"].union(
            *(p for p in typed if isinstance(p, models.BaseModel))
        )
        allowed = allowed_products(self.env, dealer, given)
        matches = match_products(
            self.env, dealer, [p for p in typed if not isinstance(p, models.BaseModel)]
        )
        window = self._portal_windows(dealer)[dealer.id]
        labels = self._portal_labels()
        errors, reports = [], {}
        seen = defaultdict(set)
        for row in rows:
            number = row["row"]
            product, problem = self._portal_row_product(
                number, row.get("product"), allowed, matches
            )
            if problem:
                errors.append(problem)
            quantities = {}
            for name in ("qty_on_hand", "qty_sold"):
                try:
                    quantities[name] = portal_number(
                        self.env, row.get(name), labels[name], number, default=0.0
                    )
                except PortalValueError as error:
                    errors.append(error.args[0])
            try:
                period = portal_number(
                    self.env,
                    row.get("period_days"),
                    labels["period_days"],
                    number,
                    default=7,
                    minimum=1,
                    maximum=PORTAL_MAX_PERIOD_DAYS,
                    integer=True,
                )
            except PortalValueError as error:
                errors.append(error.args[0])
                continue
            value = row.get("date")
            date = portal_date(value) if value not in (None, "") else window["today"]
            problem = (
                self._portal_date_problem(date, period, window)
                if date
                else self.env._(
                    "%(field)s: %(value)s is not a date.",
                    field=labels["date"],
                    value=portal_preview(value),
                )
            )
            if problem:
                errors.append(row_message(self.env, number, problem))
                continue
            report = reports.setdefault(date, {"period_days": period, "lines": [], "row": number})
            if report["period_days"] != period:
                errors.append(
                    self.env._(
                        "Row %(row)s: another row of %(date)s gives another period.",
                        row=number,
                        date=date,
                    )
                )
            if product and product.id in seen[date]:
                errors.append(
                    self.env._(
                        "Row %(row)s: %(product)s is already reported for %(date)s.",
                        row=number,
                        product=product.display_name,
                        date=date,
                    )
                )
            if product and len(quantities) == 2:
                seen[date].add(product.id)
                report["lines"].append({"product_id": product.id, **quantities})
        if len(reports) > PORTAL_MAX_DATES:
            errors.insert(0, self._portal_too_many_dates(len(reports)))
        else:
            errors += self._portal_existing_dates(dealer, reports)
        if not rows:
            errors.append(self.env._("There is no row to report."))
        if errors:
            if len(errors) > MAX_LISTED_ERRORS:
                more = self.env._("… and %(count)s more.", count=len(errors) - MAX_LISTED_ERRORS)
                errors = [*errors[:MAX_LISTED_ERRORS], more]
            raise PortalRowsError(errors)
        return reports

    @api.model
    def _portal_row_product(self, row, typed, allowed, matches):
        """(the product row `row` names, None) or (None, why it names no product
        we sell the dealer). typed: a product or the text the dealer gave;
        allowed: the given products we sell the dealer; matches: the texts'
        products (see match_products)."""
        if isinstance(typed, models.BaseModel):
            products = allowed & typed
            shown = products.display_name or typed.sudo().display_name
        else:
            products = matches.get(typed) or self.env["product.product"].sudo()
            shown = typed
        if len(products) == 1:
            return products, None
        if not products:
            return None, self.env._(
                "Row %(row)s: unknown product %(product)s.",
                row=row,
                product=portal_preview(shown or ""),
            )
        return None, self.env._(
            "Row %(row)s: %(product)s names several products (%(codes)s): give the product's code.",
            row=row,
            product=portal_preview(shown),
            codes=", ".join(products.mapped(lambda p: p.default_code or p.display_name)),
        )

    @api.model
    def _portal_labels(self):
        """The translated labels the portal's messages name the fields by."""
        return {
            "date": self._fields["date"]._description_string(self.env),
            "period_days": self._fields["period_days"]._description_string(self.env),
            **{
                name: self.env["dealer.stock.report.line"]
                ._fields[name]
                ._description_string(self.env)
                for name in ("qty_on_hand", "qty_sold")
            },
        }

    # --------------------------------------------------- the reporting window

    @api.model
    def _portal_windows(self, dealers):
        """{dealer id: {"today", "latest"}}: what a dealer may report is the current
        period, after its latest done report (None if it never reported)."""
        latest = dict(
            self.sudo()._read_group(
                [("dealer_id", "in", dealers.ids), ("state", "=", "done")],
                ["dealer_id"],
                ["date:max"],
            )
        )
        today = fields.Date.context_today(self)
        return {dealer.id: {"today": today, "latest": latest.get(dealer)} for dealer in dealers}

    @api.model
    def _portal_date_problem(self, date, period, window):
        """Why a dealer may not report `date` with a period of `period` days, or
        None. A dealer reports the period that is running: a date from today minus
        the period to today, after its latest done report; older weeks would be
        history made up afterwards (it would flatter the dealer's turnover), later
        ones a guess."""
        label = self._fields["date"]._description_string(self.env)
        today, latest = window["today"], window["latest"]
        if date > today:
            return self.env._("%(field)s: %(date)s is after today.", field=label, date=date)
        start = today - timedelta(days=period)
        if date < start:
            return self.env._(
                "%(field)s: %(date)s is before the period being reported: a report of "
                "%(days)s days may be dated from %(start)s to today.",
                field=label,
                date=date,
                days=period,
                start=start,
            )
        if latest and date <= latest:
            return self.env._(
                "%(field)s: %(date)s is not after your latest report, of %(latest)s.",
                field=label,
                date=date,
                latest=latest,
            )
        return None

    def _portal_too_many_dates(self, count):
        return self.env._(
            "A submission may report at most %(max)s dates (the current period, and the "
            "one just before it if its report was missed); this one has %(count)s.",
            max=PORTAL_MAX_DATES,
            count=count,
        )

    @api.model
    def _portal_check_window(self, vals_list):
        """The reporting window, held by the model for every report a portal user
        creates, whatever the path (the portal's pages create with sudo: the user
        is still the portal user)."""
        by_dealer = defaultdict(list)
        for vals in vals_list:
            by_dealer[vals.get("dealer_id")].append(vals)
        windows = self._portal_windows(self.env["res.partner"].browse(filter(None, by_dealer)))
        for dealer_id, dealer_vals in by_dealer.items():
            dates = set()
            for vals in dealer_vals:
                try:
                    period = portal_number(
                        self.env,
                        vals.get("period_days"),
                        self._fields["period_days"]._description_string(self.env),
                        default=7,
                        minimum=1,
                        maximum=PORTAL_MAX_PERIOD_DAYS,
                        integer=True,
                    )
                except PortalValueError as error:
                    raise ValidationError(error.args[0]) from None
                date = fields.Date.to_date(vals.get("date")) or fields.Date.context_today(self)
                problem = dealer_id and self._portal_date_problem(date, period, windows[dealer_id])
                if problem:
                    raise ValidationError(problem)
                dates.add(date)
            if len(dates) > PORTAL_MAX_DATES:
                raise ValidationError(self._portal_too_many_dates(len(dates)))

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.user.share:
            self._portal_check_window(vals_list)
        return super().create(vals_list)

    def _portal_existing_dates(self, dealer, reports):
        if not reports:
            return []
        existing = set(
            self.sudo()
            .search([("dealer_id", "=", dealer.id), ("date", "in", list(reports))])
            .mapped("date")
        )
        return [
            self.env._(
                "Row %(row)s: a stock report of %(date)s is already there.",
                row=reports[date]["row"],
                date=date,
            )
            for date in sorted(existing)
        ]

    @api.model
    def _portal_submit(self, dealer, rows):
        """Create the dealer's done reports from checked rows. The caller has checked
        that the portal user acts for `dealer`; the values written are built here
        (dealer, date, period, products, quantities), never taken from the client as
        they are, so a sudo create cannot set a band, a state or another dealer."""
        reports_vals = self._portal_parse_rows(dealer, rows)
        vals_list = [
            {
                "dealer_id": dealer.id,
                "company_id": dealer.company_id.id or self.env.company.id,
                "date": date,
                "period_days": report["period_days"],
                "line_ids": [Command.create(line) for line in report["lines"]],
            }
            for date, report in sorted(reports_vals.items())
        ]
        try:
            with self.env.cr.savepoint():
                reports = self.sudo().create(vals_list)
                reports.action_done()
        except ValidationError as error:
            # a report made meanwhile for the same date, or a model rule
            raise PortalRowsError([error.args[0]]) from None
        reports._portal_notify_submitted()
        return reports.sudo(False)

    def _portal_notify_submitted(self):
        """Chatter note on each report (authored by the portal user) and one to-do
        for the dealer's salesperson on the dealer."""
        user = self.env.user
        for report in self:
            report.message_post(
                body=self.env._(
                    "Submitted through the portal by %(user)s.", user=user.display_name
                ),
                subtype_xmlid="mail.mt_note",
                author_id=user.partner_id.id,
            )
        for dealer in self.dealer_id:
            salesperson = dealer.user_id
            if not salesperson:
                continue
            dates = ", ".join(
                str(r.date) for r in self.filtered(lambda r, d=dealer: r.dealer_id == d)
            )
            dealer.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=salesperson.id,
                summary=self.env._("Stock report submitted through the portal"),
                note=self.env._(
                    "%(dealer)s reported its stock of %(dates)s through the portal.",
                    dealer=dealer.display_name,
                    dates=dates,
                ),
            )

    def _portal_order_origin(self):
        return f"{ORDER_ORIGIN_PREFIX} {self.date}"

    def _portal_requested_orders(self):
        """{report: the quotation requested from it}, the latest one not cancelled,
        found for all the reports in one search."""
        reports = self.sudo()
        by_origin = {report._portal_order_origin(): report for report in reports}
        orders = (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", reports.dealer_id.ids),
                    ("origin", "in", list(by_origin)),
                    ("state", "!=", "cancel"),
                ],
                order="id desc",
            )
        )
        requested = {}
        for order in orders:
            report = by_origin[order.origin]
            if order.partner_id == report.dealer_id:
                requested.setdefault(report, order)
        return requested

    def _portal_request_order(self):
        """A draft quotation for the dealer with the report's suggested quantities,
        rounded up to whole units or packs as the portal shows them, for the
        dealer's salesperson, who gets an activity. Quantities come from the
        report, not the client. An open request of the same report is returned
        instead of a second one."""
        self.ensure_one()
        report = self.sudo()
        dealer = report.dealer_id
        Order = self.env["sale.order"].sudo()
        origin = report._portal_order_origin()
        existing = Order.search(
            [
                ("partner_id", "=", dealer.id),
                ("origin", "=", origin),
                ("state", "in", ("draft", "sent")),
            ],
            limit=1,
        )
        if existing:
            return existing, False
        lines = suggested_orders(report.line_ids)
        if not lines:
            raise UserError(self.env._("Your stock is within the band: nothing to order."))
        order = Order.create(
            {
                "partner_id": dealer.id,
                "user_id": dealer.user_id.id,
                "company_id": report.company_id.id,
                "origin": origin,
                "order_line": [
                    Command.create({"product_id": line.product_id.id, "product_uom_qty": qty})
                    for line, (qty, _packaging) in lines.items()
                ],
            }
        )
        order.message_subscribe(partner_ids=self.env.user.partner_id.ids)
        order.message_post(
            body=self.env._(
                "Requested through the portal by %(user)s from the stock report of %(date)s.",
                user=self.env.user.display_name,
                date=report.date,
            ),
            subtype_xmlid="mail.mt_note",
            author_id=self.env.user.partner_id.id,
        )
        if dealer.user_id:
            order.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=dealer.user_id.id,
                summary=self.env._("Order requested through the portal"),
            )
        return order, True
