from odoo import api, fields, models
from odoo.tools import SQL

from .res_partner_value import VALUE_CLASSES, risk_reason


class CustomerValueSnapshot(models.Model):
    """One customer's value at one classification: the trend over the runs, and
    (the latest run's) the key and risky customers."""

    _name = "customer.value.snapshot"
    _description = "Customer Value Snapshot"
    _order = "date desc, value_amount desc, id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    date = fields.Date(required=True, index=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one("res.users", string="Salesperson", index=True, readonly=True)
    value_amount = fields.Monetary(
        string="Customer Value", currency_field="currency_id", readonly=True, aggregator="sum"
    )
    value_share = fields.Float(
        string="Cumulative Share (%)", digits=(5, 2), readonly=True, aggregator=False
    )
    sales_share = fields.Float(
        string="Share of the Business (%)",
        digits=(5, 2),
        readonly=True,
        aggregator="sum",
        help="The customer's own part of the company's business in the period.",
    )
    value_class = fields.Selection(VALUE_CLASSES, string="Customer Class", readonly=True)
    value_risk = fields.Boolean(string="At Risk", readonly=True)
    value_risk_signals = fields.Char(string="Risk Signals", readonly=True)
    value_risk_reason = fields.Char(string="Risk Reason", compute="_compute_value_risk_reason")
    is_latest = fields.Boolean(string="Latest Run", readonly=True, index=True)

    @api.depends("value_risk_signals")
    @api.depends_context("lang")
    def _compute_value_risk_reason(self):
        for snapshot in self:
            snapshot.value_risk_reason = risk_reason(
                self.env, snapshot.value_risk_signals, snapshot.currency_id
            )

    @api.model
    def _value_mark_old(self, company):
        """A new run starts: the earlier snapshots of the company are the trend."""
        self.flush_model(["is_latest"])
        self.env.cr.execute(
            SQL(
                "UPDATE customer_value_snapshot SET is_latest = FALSE "
                "WHERE company_id = %s AND is_latest",
                company.id,
            )
        )
        self.invalidate_model(["is_latest"])
