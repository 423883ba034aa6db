from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .. import rules
from ..groups import GROUP_DEALER_USER, is_dealer_manager

# who is a dealer decides which orders the floor binds: dealer managers' call
DEALER_MANAGER_FIELDS = ("is_dealer", "dealer_channel_id")


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_dealer = fields.Boolean(
        string="Is a Dealer", help="Sells our products on; reports stock weekly."
    )
    # No check_company: a dealer is usually a contact shared between companies
    # (no company) while channels belong to one, and Odoo's stock turns the
    # company check on for contacts, which would refuse every channel on a
    # shared dealer. Each company sees its own channels (record rule).
    dealer_channel_id = fields.Many2one("dealer.channel", index="btree_not_null")
    # The fields reading the dealer documents are hidden from who may not read
    # those, so a read() of all fields (exports, integrations, search_read)
    # works for everyone.
    dealer_inventory_days = fields.Float(
        string="Inventory Days",
        compute="_compute_dealer_inventory",
        compute_sudo=True,
        groups=GROUP_DEALER_USER,
        digits=(16, 1),
        help="Total stock on hand divided by total daily sales in the dealer's latest "
        "done stock report.",
    )
    dealer_inventory_state = fields.Selection(
        rules.INVENTORY_STATES,
        string="Inventory State",
        compute="_compute_dealer_inventory",
        compute_sudo=True,
        groups=GROUP_DEALER_USER,
    )
    dealer_turnover_days = fields.Float(
        string="Turnover Days (365 days)",
        compute="_compute_dealer_turnover_days",
        compute_sudo=True,
        groups=GROUP_DEALER_USER,
        digits=(16, 1),
        help="Average inventory days of the dealer's done reports over the last 365 "
        "days: the yearly dealer KPI.",
    )
    dealer_report_ids = fields.One2many(
        "dealer.stock.report", "dealer_id", string="Stock Reports", groups=GROUP_DEALER_USER
    )
    dealer_violation_ids = fields.One2many(
        "dealer.price.violation", "dealer_id", string="Price Violations", groups=GROUP_DEALER_USER
    )
    dealer_penalty_total = fields.Monetary(
        string="Penalty Total",
        compute="_compute_dealer_penalty_total",
        currency_field="dealer_company_currency_id",
        groups=GROUP_DEALER_USER,
        help="Penalties confirmed or invoiced for this dealer.",
    )
    dealer_company_currency_id = fields.Many2one(
        "res.currency", compute="_compute_dealer_penalty_total", groups=GROUP_DEALER_USER
    )

    @api.model_create_multi
    def create(self, vals_list):
        if any(self.env.context.get(f"default_{fname}") for fname in DEALER_MANAGER_FIELDS):
            # the Dealers menu's defaults reach the contacts added on a dealer's
            # form too: a contact is no dealer unless said so
            vals_list = [
                dict.fromkeys(DEALER_MANAGER_FIELDS, False) | vals
                if vals.get("parent_id")
                else vals
                for vals in vals_list
            ]
        partners = super().create(vals_list)
        # checked on the result: defaults from the context make dealers too
        partners.filtered(lambda p: p.is_dealer or p.dealer_channel_id)._check_dealer_manager()
        return partners

    def write(self, vals):
        if any(fname in vals for fname in DEALER_MANAGER_FIELDS):
            self._dealer_fields_changed(vals)._check_dealer_manager()
        if "parent_id" in vals:
            self._dealer_left(vals["parent_id"])._check_dealer_manager()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_dealer_records(self):
        """A dealer's price violations, project registrations and done stock reports
        outlive it (the database would refuse the first two with a message nobody
        understands, and delete the reports with the dealer): it is archived."""
        for model, domain in (
            ("dealer.price.violation", []),
            ("dealer.project", []),
            ("dealer.stock.report", [("state", "=", "done")]),
        ):
            found = (
                self.env[model]
                .sudo()
                .with_context(active_test=False)
                .search([("dealer_id", "in", self.ids), *domain], limit=1)
            )
            if found:
                raise UserError(
                    self.env._(
                        "%(partner)s has price violations, project registrations or done "
                        "stock reports, which are kept: archive it instead of deleting it.",
                        partner=found.dealer_id.display_name,
                    )
                )

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if is_dealer_manager(self.env):
            return vals_list
        # a duplicate made by anyone else is no dealer (it would be refused as one):
        # a dealer manager makes it one if it should be
        return [vals | dict.fromkeys(DEALER_MANAGER_FIELDS, False) for vals in vals_list]

    def _dealer_left(self, parent_id):
        """The partners that moving under `parent_id` takes away from the dealer
        they buy for: a contact or branch taken out of its dealer would buy
        without the dealer's floor."""
        new_parent = self.browse(parent_id or ())
        new_dealer = new_parent._dealer_of().get(new_parent.id) if new_parent else self.browse()
        old_dealers = self.filtered(lambda p: not p.is_dealer)._dealer_of()
        return self.filtered(lambda p: old_dealers.get(p.id) and old_dealers[p.id] != new_dealer)

    def _dealer_fields_changed(self, vals):
        """The partners whose dealer fields `vals` really changes: forms and
        imports send unchanged values too."""
        is_dealer = bool(vals.get("is_dealer")) if "is_dealer" in vals else None
        channel_id = (
            (vals.get("dealer_channel_id") or False) if "dealer_channel_id" in vals else None
        )
        return self.filtered(
            lambda p: (
                (is_dealer is not None and p.is_dealer != is_dealer)
                or (channel_id is not None and p.dealer_channel_id.id != channel_id)
            )
        )

    def _check_dealer_manager(self):
        if self and not is_dealer_manager(self.env):
            raise AccessError(
                self.env._(
                    "Only dealer managers may make a partner a dealer, stop it being one, "
                    "change its dealer channel or move it away from its dealer: "
                    "%(partners)s",
                    partners=", ".join(self.mapped("display_name")),
                )
            )

    def _dealer_of(self):
        """{partner id: the dealer it buys for, or an empty recordset}: the partner
        itself, else its nearest parent that is a dealer, so a dealer's contacts,
        branches (companies under it) and their contacts are all held to the
        dealer's rules. One query per level of parents, whatever the partners."""
        dealers = {}
        for partner in self:
            current, seen = partner, set()
            while current and not current.is_dealer and current.id not in seen:
                seen.add(current.id)
                current = current.parent_id
            dealers[partner.id] = current if current.is_dealer else self.browse()
        return dealers

    def _dealer_latest_reports(self, companies=None):
        """The latest done report of each dealer in self in each of `companies`, in
        one query. Each company sees its own figures only: by default the current
        company's reports, whatever the record rules of who reads (the figures are
        read as superuser)."""
        if not self.ids:
            return self.env["dealer.stock.report"]
        companies = companies or self.env.company
        self.env["dealer.stock.report"].flush_model(["dealer_id", "date", "state", "company_id"])
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT ON (dealer_id, company_id) id
                     FROM dealer_stock_report
                    WHERE dealer_id IN %(dealers)s AND company_id IN %(companies)s
                      AND state = 'done'
                 ORDER BY dealer_id, company_id, date DESC, id DESC""",
                dealers=tuple(self.ids),
                companies=tuple(companies.ids),
            )
        )
        return self.env["dealer.stock.report"].browse(r[0] for r in self.env.cr.fetchall())

    @api.depends("dealer_report_ids.state", "dealer_report_ids.inventory_days")
    @api.depends_context("company")
    def _compute_dealer_inventory(self):
        reports = {r.dealer_id: r for r in self.filtered("is_dealer")._dealer_latest_reports()}
        for partner in self:
            report = reports.get(partner)
            partner.dealer_inventory_days = report.inventory_days if report else 0.0
            partner.dealer_inventory_state = report.inventory_state if report else False

    @api.depends("dealer_report_ids.state", "dealer_report_ids.inventory_days")
    @api.depends_context("company")
    def _compute_dealer_turnover_days(self):
        since = fields.Date.context_today(self) - timedelta(days=365)
        averages = dict(
            self.env["dealer.stock.report"]._read_group(
                [
                    ("dealer_id", "in", self.ids),
                    ("company_id", "=", self.env.company.id),
                    ("state", "=", "done"),
                    ("date", ">", since),
                    ("inventory_state", "!=", rules.NO_SALES),
                ],
                ["dealer_id"],
                ["inventory_days:avg"],
            )
        )
        for partner in self:
            partner.dealer_turnover_days = averages.get(partner, 0.0)

    @api.depends("dealer_violation_ids.penalty_amount", "dealer_violation_ids.state")
    @api.depends_context("company")
    def _compute_dealer_penalty_total(self):
        # in the current company's currency: its own penalties only
        totals = dict(
            self.env["dealer.price.violation"]._read_group(
                [
                    ("dealer_id", "in", self.ids),
                    ("company_id", "=", self.env.company.id),
                    ("state", "in", ("confirmed", "invoiced")),
                ],
                ["dealer_id"],
                ["penalty_amount:sum"],
            )
        )
        for partner in self:
            partner.dealer_company_currency_id = self.env.company.currency_id
            partner.dealer_penalty_total = totals.get(partner, 0.0)

    def action_view_dealer_reports(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dealer_channel_control.dealer_stock_report_action"
        )
        action["domain"] = [("dealer_id", "=", self.id)]
        action["context"] = {"default_dealer_id": self.id}
        return action

    def action_view_dealer_violations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dealer_channel_control.dealer_price_violation_action"
        )
        action["domain"] = [("dealer_id", "=", self.id)]
        action["context"] = {"default_dealer_id": self.id}
        return action

    def _dealer_stock_lines(self, products, companies):
        """{(dealer id, company id, product id): line of the dealer's latest done
        report in that company}, in two queries whatever the number of dealers and
        products. Read as superuser: an order is checked against the dealer's stock
        even by who cannot see it, and against its own company's reports only."""
        reports = self.sudo()._dealer_latest_reports(companies)
        if not reports or not products:
            return {}
        lines = (
            self.env["dealer.stock.report.line"]
            .sudo()
            .search_fetch(
                [("report_id", "in", reports.ids), ("product_id", "in", products.ids)],
                [
                    "report_id",
                    "dealer_id",
                    "company_id",
                    "date",
                    "product_id",
                    "qty_on_hand",
                    "daily_sales",
                ],
            )
        )
        return {(line.dealer_id.id, line.company_id.id, line.product_id.id): line for line in lines}
