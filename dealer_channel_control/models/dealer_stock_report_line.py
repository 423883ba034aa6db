from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import rules
from .dealer_stock_report import (
    check_no_computed_values,
    check_reports_editable,
    inventory_days_aggregate,
)


class DealerStockReportLine(models.Model):
    _name = "dealer.stock.report.line"
    _description = "Dealer Stock Report Line"
    _order = "report_id, product_id"
    _check_company_auto = True

    report_id = fields.Many2one(
        "dealer.stock.report", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="report_id.company_id", store=True)
    dealer_id = fields.Many2one(related="report_id.dealer_id", store=True, string="Dealer")
    date = fields.Date(related="report_id.date", store=True)
    product_id = fields.Many2one("product.product", required=True, check_company=True, index=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    qty_on_hand = fields.Float(string="On Hand", digits="Product Unit of Measure")
    qty_sold = fields.Float(
        string="Sold in Period", digits="Product Unit of Measure", help="Units sold in the period."
    )
    # The computed figures carry no `digits`: rounding each of them through the
    # decimal precision cache would cost more than computing a week's reports.
    daily_sales = fields.Float(compute="_compute_inventory", store=True)
    inventory_days = fields.Float(compute="_compute_inventory", store=True, aggregator="avg")
    inventory_state = fields.Selection(
        rules.INVENTORY_STATES, compute="_compute_inventory", store=True
    )
    suggested_qty = fields.Float(
        string="Suggested Quantity",
        compute="_compute_inventory",
        store=True,
        help="Quantity to order to bring the stock to the middle of the band, rounded up "
        "to the product's unit of measure.",
    )

    _sql_constraints = [
        (
            "report_product_uniq",
            "unique(report_id, product_id)",
            "A product can only appear once in a stock report.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_no_computed_values(self, vals)
        report_ids = {vals.get("report_id") for vals in vals_list} - {None, False}
        check_reports_editable(self.env["dealer.stock.report"].browse(report_ids))
        return super().create(vals_list)

    def write(self, vals):
        check_no_computed_values(self, vals)
        reports = self.report_id
        if "report_id" in vals:
            reports |= reports.browse(vals["report_id"])
        check_reports_editable(reports)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done_report(self):
        check_reports_editable(self.report_id)

    def _read_group_select(self, aggregate_spec, query):
        default = super()._read_group_select(aggregate_spec, query)
        return inventory_days_aggregate(self, aggregate_spec, query, default)

    @api.constrains("qty_on_hand", "qty_sold")
    def _check_quantities(self):
        for line in self.filtered(lambda ln: ln.qty_on_hand < 0 or ln.qty_sold < 0):
            raise ValidationError(
                self.env._(
                    "%(product)s: stock on hand and quantity sold cannot be negative.",
                    product=line.product_id.display_name,
                )
            )

    @api.depends(
        "qty_on_hand",
        "qty_sold",
        "product_id.uom_id",
        "report_id.period_days",
        "report_id.inventory_min_days",
        "report_id.inventory_max_days",
    )
    def _compute_inventory(self):
        for line in self:
            report = line.report_id
            per_day = rules.daily_sales(line.qty_sold, report.period_days)
            days = rules.inventory_days(line.qty_on_hand, per_day)
            raw = rules.suggested_qty(
                line.qty_on_hand, per_day, report.inventory_min_days, report.inventory_max_days
            )
            uom = line.product_id.uom_id
            line.daily_sales = per_day
            line.inventory_days = days or 0.0
            line.inventory_state = rules.inventory_state(
                days, report.inventory_min_days, report.inventory_max_days
            )
            line.suggested_qty = uom._compute_quantity(raw, uom, rounding_method="UP")
