from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .. import rules

INVENTORY_STATES = [
    ("under", "Under Stocked"),
    ("normal", "Normal"),
    ("over", "Over Stocked"),
    ("no_sales", "No Sales"),
]


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
        [("draft", "Draft"), ("done", "Done")], default="draft", required=True, tracking=True
    )
    line_ids = fields.One2many("dealer.stock.report.line", "report_id", string="Lines", copy=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(related="dealer_id.user_id", string="Salesperson", store=True)
    channel_id = fields.Many2one(
        "dealer.channel",
        compute="_compute_band",
        store=True,
        readonly=False,
        precompute=True,
    )
    # The band is copied from the channel when the report is made, so that a later
    # change of the channel does not rewrite how past weeks were judged.
    inventory_min_days = fields.Float(
        string="Band Min (days)",
        compute="_compute_band",
        store=True,
        readonly=False,
        precompute=True,
        aggregator="avg",
    )
    inventory_max_days = fields.Float(
        string="Band Max (days)",
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
    )
    inventory_state = fields.Selection(INVENTORY_STATES, compute="_compute_totals", store=True)

    _sql_constraints = [
        (
            "dealer_date_uniq",
            "unique(dealer_id, date)",
            "A dealer can only have one stock report per date.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        # The unique index is the guarantee (also against concurrent imports); turn
        # its violation into the same clear message the form gets on a write.
        try:
            with self.env.cr.savepoint():
                return super().create(vals_list)
        except UniqueViolation as error:
            if error.diag.constraint_name != "dealer_stock_report_dealer_date_uniq":
                raise
            raise ValidationError(self._duplicate_message()) from None

    def _duplicate_message(self):
        return self.env._("A dealer can only have one stock report per date.")

    @api.constrains("dealer_id", "date")
    def _check_one_report_per_date(self):
        pairs = {(report.dealer_id.id, report.date) for report in self}
        # Plain SQL: a flush here would hit the unique index before this message.
        self.env.cr.execute(
            "SELECT 1 FROM dealer_stock_report WHERE id NOT IN %s AND (dealer_id, date) IN %s",
            [tuple(self.ids), tuple(pairs)],
        )
        if len(pairs) < len(self) or self.env.cr.fetchone():
            raise ValidationError(self._duplicate_message())

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
            report.inventory_min_days = channel.inventory_min_days if channel else 20.0
            report.inventory_max_days = channel.inventory_max_days if channel else 25.0

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

    @api.depends("dealer_id", "date")
    def _compute_display_name(self):
        for report in self:
            report.display_name = f"{report.dealer_id.name or ''} {report.date or ''}".strip()

    def action_done(self):
        if not self.line_ids:
            raise UserError(self.env._("A stock report needs at least one product line."))
        self.write({"state": "done"})

    def action_draft(self):
        self.write({"state": "draft"})
