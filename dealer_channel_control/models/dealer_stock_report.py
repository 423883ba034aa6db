from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.models import READ_GROUP_AGGREGATE, parse_read_group_spec
from odoo.tools import SQL, float_compare

from .. import rules
from ..groups import is_dealer_manager

# The band a report is judged by: copied from the dealer's channel; only dealer
# managers set another one (the channel's band is theirs to configure too).
BAND_FIELDS = ("channel_id", "inventory_min_days", "inventory_max_days")


def check_no_computed_values(records, vals):
    """Computed and related values are never taken from the client: written directly,
    a report would judge orders by figures nobody reported, a registration would
    leave its project (its key) or a related field would write through to the dealer
    or the product."""
    computed = [
        name
        for name in vals
        if (field := records._fields.get(name)) and field.compute and field.readonly
    ]
    if computed:
        raise UserError(
            records.env._(
                "%(fields)s cannot be written directly: it is computed from other values.",
                fields=", ".join(
                    records._fields[name].get_description(records.env)["string"]
                    for name in computed
                ),
            )
        )


def inventory_days_aggregate(records, aggregate_spec, query, default):
    """The SQL of an aggregate (pivot, graph, grouped list) of inventory days that
    leaves out what sold nothing: its days are stored as 0, which is no figure
    (the stock never runs down), and would drag every average down. `default`:
    the aggregate as Odoo builds it, for anything else."""
    fname, _property, func = parse_read_group_spec(aggregate_spec)
    if fname != "inventory_days" or func not in ("avg", "min", "max", "sum"):
        return default
    table = records._table
    days = records._field_to_sql(table, "inventory_days", query)
    state = records._field_to_sql(table, "inventory_state", query)
    sold = SQL("CASE WHEN %s IS DISTINCT FROM %s THEN %s END", state, rules.NO_SALES, days)
    return READ_GROUP_AGGREGATE[func](table, sold)


def check_reports_editable(reports):
    """A done report is the week the dealer submitted: read-only for everyone, until
    a dealer manager resets it to draft."""
    done = reports.filtered(lambda r: r.state == "done")
    if done:
        raise UserError(
            reports.env._(
                "The stock report %(report)s is done and can no longer be changed; a "
                "dealer manager may reset it to draft.",
                report=done[0].display_name,
            )
        )


class DealerStockReport(models.Model):
    _name = "dealer.stock.report"
    _description = "Dealer Stock Report"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    dealer_id = fields.Many2one(
        "res.partner",
        required=True,
        domain="[('is_dealer', '=', True)]",
        check_company=True,
        tracking=True,
        ondelete="cascade",
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    period_days = fields.Integer(
        string="Period (days)",
        default=7,
        required=True,
        help="Number of days the reported sales cover.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many("dealer.stock.report.line", "report_id", string="Lines", copy=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(related="dealer_id.user_id", string="Salesperson", store=True)
    channel_id = fields.Many2one(
        "dealer.channel",
        tracking=True,
        compute="_compute_band",
        store=True,
        readonly=False,
        precompute=True,
    )
    # The band is copied from the channel when the report is made, so that a later
    # change of the channel does not rewrite how past weeks were judged.
    inventory_min_days = fields.Float(
        string="Band Min (days)",
        tracking=True,
        compute="_compute_band",
        store=True,
        readonly=False,
        precompute=True,
        aggregator="avg",
    )
    inventory_max_days = fields.Float(
        string="Band Max (days)",
        tracking=True,
        compute="_compute_band",
        store=True,
        readonly=False,
        precompute=True,
        aggregator="avg",
    )
    qty_on_hand = fields.Float(
        string="Total On Hand", compute="_compute_totals", store=True, aggregator="sum"
    )
    daily_sales = fields.Float(
        string="Total Daily Sales", compute="_compute_totals", store=True, aggregator="sum"
    )
    inventory_days = fields.Float(
        compute="_compute_totals",
        store=True,
        aggregator="avg",
        help="Total stock on hand divided by total daily sales. A report without sales "
        "has no inventory days (state No Sales): it is left out of the averages.",
    )
    inventory_state = fields.Selection(
        rules.INVENTORY_STATES, compute="_compute_totals", store=True
    )

    _sql_constraints = [
        (
            "dealer_date_uniq",
            "unique(dealer_id, date)",
            "A dealer can only have one stock report per date.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        manager = is_dealer_manager(self.env)
        vals_list = [dict(vals) for vals in vals_list]
        submitted = []
        for index, vals in enumerate(vals_list):
            check_no_computed_values(self, vals)
            if not manager:
                self._check_band_vals(vals, self.env["res.partner"].browse(vals.get("dealer_id")))
            # A report submitted at once is made as a draft with its lines, then done:
            # the lines of a done report are never written.
            if vals.get("state") == "done":
                vals["state"] = "draft"
                submitted.append(index)
        reports = super().create(vals_list)
        if submitted:
            reports.browse([reports.ids[index] for index in submitted]).action_done()
        return reports

    def write(self, vals):
        check_no_computed_values(self, vals)
        editable = {"state", *self.env["mail.thread"]._fields}
        if set(vals) - editable:
            check_reports_editable(self)
        manager = is_dealer_manager(self.env)
        if "state" in vals:
            self._check_state_change(vals["state"], manager)
        if not manager:
            dealer = (
                self.env["res.partner"].browse(vals["dealer_id"]) if "dealer_id" in vals else None
            )
            for report in self:
                report._check_band_vals(vals, dealer or report.dealer_id, current=report)
        res = super().write(vals)
        if "dealer_id" in vals and not manager:
            self._check_dealer_access()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        check_reports_editable(self)

    def _check_state_change(self, state, manager):
        if state == "draft" and not manager and any(r.state == "done" for r in self):
            raise UserError(
                self.env._("Only a dealer manager may reset a done stock report to draft.")
            )
        if state == "done" and any(not r.line_ids for r in self):
            raise UserError(self.env._("A stock report needs at least one product line."))

    def _check_band_vals(self, vals, dealer, current=None):
        """A salesperson's report is judged by its dealer's channel band: a band sent
        by the client must be that one (or the report's current one, unchanged)."""
        channel = dealer.dealer_channel_id
        expected = {
            "channel_id": channel.id,
            "inventory_min_days": channel.inventory_min_days if channel else rules.DEFAULT_MIN_DAYS,
            "inventory_max_days": channel.inventory_max_days if channel else rules.DEFAULT_MAX_DAYS,
        }
        for name in BAND_FIELDS:
            if name not in vals:
                continue
            value = vals[name]
            allowed = [expected[name]]
            if current:
                allowed.append(current[name].id if name == "channel_id" else current[name])
            if name == "channel_id":
                ok = (value or False) in [a or False for a in allowed]
            else:
                ok = any(float_compare(value or 0.0, a, precision_digits=2) == 0 for a in allowed)
            if not ok:
                raise UserError(
                    self.env._(
                        "A stock report is judged by its dealer's channel band; only a "
                        "dealer manager sets another band or channel."
                    )
                )

    def _check_dealer_access(self):
        """Moving a report to another dealer needs the right to write that dealer, and
        the report must stay one the user may write (record rules are only checked
        before a write)."""
        try:
            self.dealer_id.check_access("write")
            self.check_access("write")
        except AccessError:
            raise UserError(self.env._("You may only report stock for your own dealers.")) from None

    @api.constrains("dealer_id")
    def _check_dealer(self):
        # the form offers dealers only; imports and RPC must not get around it
        for report in self.filtered(lambda r: not r.dealer_id.is_dealer):
            raise ValidationError(
                self.env._(
                    "%(partner)s is not a dealer: mark it as a dealer (with its channel) "
                    "before reporting its stock.",
                    partner=report.dealer_id.display_name,
                )
            )

    @api.constrains("period_days")
    def _check_period_days(self):
        if any(report.period_days <= 0 for report in self):
            raise ValidationError(
                self.env._("The period of a stock report must be at least one day.")
            )

    @api.depends("dealer_id")
    def _compute_band(self):
        for report in self:
            channel = report.dealer_id.dealer_channel_id
            report.channel_id = channel
            report.inventory_min_days = (
                channel.inventory_min_days if channel else rules.DEFAULT_MIN_DAYS
            )
            report.inventory_max_days = (
                channel.inventory_max_days if channel else rules.DEFAULT_MAX_DAYS
            )

    @api.depends(
        "line_ids.qty_on_hand",
        "line_ids.daily_sales",
        "inventory_min_days",
        "inventory_max_days",
    )
    def _compute_totals(self):
        for report in self:
            on_hand = sum(report.line_ids.mapped("qty_on_hand"))
            per_day = sum(report.line_ids.mapped("daily_sales"))
            days = rules.inventory_days(on_hand, per_day)
            report.qty_on_hand = on_hand
            report.daily_sales = per_day
            report.inventory_days = days or 0.0
            report.inventory_state = rules.inventory_state(
                days, report.inventory_min_days, report.inventory_max_days
            )

    def _read_group_select(self, aggregate_spec, query):
        default = super()._read_group_select(aggregate_spec, query)
        return inventory_days_aggregate(self, aggregate_spec, query, default)

    @api.depends("dealer_id", "date")
    def _compute_display_name(self):
        for report in self:
            report.display_name = f"{report.dealer_id.name or ''} {report.date or ''}".strip()

    def action_done(self):
        if not self.line_ids:
            raise UserError(self.env._("A stock report needs at least one product line."))
        self.filtered(lambda r: r.state == "draft").write({"state": "done"})

    def action_draft(self):
        if not is_dealer_manager(self.env):
            raise UserError(
                self.env._("Only a dealer manager may reset a done stock report to draft.")
            )
        self.filtered(lambda r: r.state == "done").write({"state": "draft"})
