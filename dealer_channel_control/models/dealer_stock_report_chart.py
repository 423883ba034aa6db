from odoo import api, fields, models, tools
from odoo.tools import SQL

from .. import rules

BAND_MIN, BAND_MAX = "band_min", "band_max"


class DealerInventoryChart(models.Model):
    """Inventory days of the done stock reports, one series per dealer, with the
    band drawn beside them: Odoo's graph shows one measure, so the band minimum
    and maximum are two more series of the same measure. Read-only, a view on
    the reports (and held to the same record rules). Its file is loaded after the
    report's: the view is created once the report's table is."""

    _name = "dealer.inventory.chart"
    _description = "Inventory Days Chart"
    _auto = False
    _order = "date desc, series"
    # flushed before the view is read: the figures are computed on the reports
    _depends = {
        "dealer.stock.report": [
            *("date", "dealer_id", "user_id", "company_id", "state"),
            *("inventory_days", "inventory_state", "inventory_min_days", "inventory_max_days"),
        ]
    }

    report_id = fields.Many2one("dealer.stock.report", readonly=True)
    date = fields.Date(readonly=True)
    dealer_id = fields.Many2one("res.partner", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    series = fields.Selection(selection="_selection_series", readonly=True)
    # a report without sales has no point on its dealer's line (not a 0)
    inventory_days = fields.Float(readonly=True, aggregator="avg")

    @api.model
    def _selection_series(self):
        dealers = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search_fetch([("is_dealer", "=", True)], ["name"], order="name")
        )
        return [
            (BAND_MIN, self.env._("Band Minimum")),
            *((str(dealer.id), dealer.name) for dealer in dealers),
            (BAND_MAX, self.env._("Band Maximum")),
        ]

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        columns = SQL("r.id AS report_id, r.date, r.dealer_id, r.user_id, r.company_id")
        self.env.cr.execute(
            SQL(
                """CREATE VIEW %(table)s AS (
                    SELECT r.id * 3 AS id, %(columns)s, r.dealer_id::varchar AS series,
                           r.inventory_days
                      FROM dealer_stock_report r
                     WHERE r.state = 'done' AND r.inventory_state IS DISTINCT FROM %(no_sales)s
                    UNION ALL
                    SELECT r.id * 3 + 1, %(columns)s, %(band_min)s, r.inventory_min_days
                      FROM dealer_stock_report r WHERE r.state = 'done'
                    UNION ALL
                    SELECT r.id * 3 + 2, %(columns)s, %(band_max)s, r.inventory_max_days
                      FROM dealer_stock_report r WHERE r.state = 'done'
                )""",
                table=SQL.identifier(self._table),
                columns=columns,
                no_sales=rules.NO_SALES,
                band_min=BAND_MIN,
                band_max=BAND_MAX,
            )
        )
