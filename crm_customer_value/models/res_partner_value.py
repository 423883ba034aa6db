# Odoo extends one model over several files too (mail/models/discuss/res_partner.py)
# pylint: disable=consider-merging-classes-inherited

import json

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.channel_suite_base.cron_batches import run_in_batches

from .. import value_rules, value_sql
from .res_partner import MANAGER_GROUP

VALUE_CLASSES = [("a", "A (key)"), ("b", "B (middle)"), ("c", "C (tail)")]
# written by the classification only
VALUE_FLOW_FIELDS = (
    "value_amount",
    "value_share",
    "value_class",
    "value_risk",
    "value_risk_signals",
)


def risk_reason(env, signals, currency):
    """The reason of a risk, in the reader's language: one sentence per signal."""
    if not signals:
        return False
    data = json.loads(signals)
    parts = []
    if "overdue" in data:
        parts.append(env._("Invoice overdue by %(days)s days", days=data["overdue"]))
    if "fall" in data:
        parts.append(env._("Sales down %(fall)s%% on the period before", fall=data["fall"]))
    if "credit" in data:
        parts.append(
            env._(
                "Credit %(used)s beyond its limit of %(limit)s",
                used=currency.format(data["credit"][0]) if currency else data["credit"][0],
                limit=currency.format(data["credit"][1]) if currency else data["credit"][1],
            )
        )
    return "; ".join(parts)


class ResPartner(models.Model):
    _inherit = "res.partner"

    # per company: each company classifies its own customers on its own sales
    value_amount = fields.Float(
        string="Customer Value",
        company_dependent=True,
        readonly=True,
        copy=False,
        digits="Account",
        help="The customer's untaxed confirmed sales (or margin) of the period, net of "
        "credit notes, at the last classification.",
    )
    value_share = fields.Float(
        string="Cumulative Share (%)",
        company_dependent=True,
        readonly=True,
        copy=False,
        digits=(5, 2),
        # a running total: summing it over customers means nothing
        aggregator=False,
        help="The share of the business made by the customers up to and including this one, "
        "from the largest down.",
    )
    value_class = fields.Selection(
        VALUE_CLASSES,
        string="Customer Class",
        company_dependent=True,
        readonly=True,
        copy=False,
        help="A: the customers making the first 80 % of the business; C: the last 20 % of "
        "the customers; B: the rest. Empty: no sales in the period.",
    )
    value_risk = fields.Boolean(string="At Risk", company_dependent=True, readonly=True, copy=False)
    value_risk_signals = fields.Char(
        string="Risk Signals", company_dependent=True, readonly=True, copy=False
    )
    value_risk_reason = fields.Char(string="Risk Reason", compute="_compute_value_risk_reason")

    @api.depends("value_risk_signals")
    @api.depends_context("company", "lang")
    def _compute_value_risk_reason(self):
        currency = self.env.company.currency_id
        for partner in self:
            partner.value_risk_reason = risk_reason(self.env, partner.value_risk_signals, currency)

    def write(self, vals):
        # a value written back unchanged (a form, a merge) is no forgery
        changed = [f for f in VALUE_FLOW_FIELDS if f in vals and any(p[f] != vals[f] for p in self)]
        if not self.env.su and changed:
            raise UserError(
                self.env._("The customer class and risk are set by the classification only.")
            )
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get(f) for vals in vals_list for f in VALUE_FLOW_FIELDS):
            raise UserError(
                self.env._("The customer class and risk are set by the classification only.")
            )
        return super().create(vals_list)

    # ---------------------------------------------------------------- the run

    @api.model
    def action_value_classify(self):
        """The managers' button: classify the current company's customers now."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only sales managers run the customer classification."))
        self.sudo()._value_classify_company(self.env.company)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("The customers are classified."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _cron_value_classify(self, batch_size=1000):
        for company in self.env["res.company"].search([]):
            self._value_classify_company(company, batch_size)

    def _value_classify_company(self, company, batch_size=1000):
        """Sorts the customers with sales in the period by value and writes their
        class, share and risk, batch by batch, with a snapshot each."""
        today = fields.Date.context_today(self)
        months = company.value_period_months
        date_from = today - relativedelta(months=months) + relativedelta(days=1)
        previous_from = date_from - relativedelta(months=months)
        current, previous = self._value_amounts(company, previous_from, date_from, today)
        ranked = sorted(current.items(), key=lambda item: (-item[1], item[0]))
        classes = value_rules.classify([value for _pid, value in ranked])
        total = sum(value for _pid, value in ranked)
        figures = {
            pid: (value, share, cls, value / total * 100.0 if total > 0 else 0.0)
            for (pid, value), (share, cls) in zip(ranked, classes, strict=True)
        }
        self._value_clear_uncovered(company, list(figures))
        Snapshot = self.env["customer.value.snapshot"]
        Snapshot._value_mark_old(company)

        def classify_batch(batch):
            batch._value_write_batch(company, today, figures, previous)

        run_in_batches(self.browse(list(figures)), classify_batch, batch_size)

    def _value_amounts(self, company, previous_from, date_from, today):
        """({partner id: value this period}, {partner id: value the period before})
        in one query; the value is sales or margin, as the company chose."""
        self.env.flush_all()
        rows = value_sql.net_sales_rows(company.id, previous_from, today)
        margin = SQL("- cost") if company.value_basis == "margin" else SQL()
        query = SQL(
            """SELECT partner_id,
                      SUM(amount %(margin)s) FILTER (WHERE day >= %(date_from)s),
                      SUM(amount %(margin)s) FILTER (WHERE day < %(date_from)s),
                      bool_or(day >= %(date_from)s)
                 FROM (%(rows)s) r(order_id, partner_id, day, amount, cost)
                GROUP BY partner_id""",
            margin=margin,
            date_from=date_from,
            rows=rows,
        )
        current, previous = {}, {}
        for partner_id, value, before, in_period in value_sql.execute_without_jit(self.env, query):
            if in_period:
                current[partner_id] = float(value or 0.0)
            previous[partner_id] = float(before or 0.0)
        return current, previous

    def _value_clear_uncovered(self, company, covered_ids):
        key = str(company.id)
        self.flush_model(VALUE_FLOW_FIELDS)
        sets = SQL(", ").join(
            SQL("%s = %s - %s::text", SQL.identifier(f), SQL.identifier(f), key)
            for f in VALUE_FLOW_FIELDS
        )
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET %s "
                "WHERE value_class ? %s::text AND NOT (id = ANY(%s::int[]))",
                sets,
                key,
                covered_ids,
            )
        )
        self.invalidate_model(VALUE_FLOW_FIELDS)

    def _value_write_batch(self, company, today, figures, previous):
        signals = self._value_risk_signals(company, today, figures, previous)
        ids = self.ids
        key = str(company.id)
        columns = {
            "value_amount": ("float8", [figures[i][0] for i in ids]),
            "value_share": ("float8", [figures[i][1] for i in ids]),
            "value_class": ("varchar", [figures[i][2] for i in ids]),
            "value_risk": ("bool", [bool(signals.get(i)) for i in ids]),
            "value_risk_signals": (
                "varchar",
                [json.dumps(signals[i]) if signals.get(i) else None for i in ids],
            ),
        }
        sets = SQL(", ").join(
            SQL(
                "%s = COALESCE(p.%s, '{}'::jsonb) || jsonb_build_object(%s::text, v.%s)",
                SQL.identifier(f),
                SQL.identifier(f),
                key,
                SQL.identifier(f),
            )
            for f in columns
        )
        arrays = SQL(", ").join(
            SQL("%s::%s[]", values, SQL(sql_type)) for sql_type, values in columns.values()
        )
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner p SET %s FROM unnest(%s::int[], %s) AS v(id, %s) "
                "WHERE p.id = v.id",
                sets,
                ids,
                arrays,
                SQL(", ").join(SQL.identifier(f) for f in columns),
            )
        )
        self.invalidate_recordset(list(columns))
        self._value_insert_snapshots(company, today, figures, signals)

    def _value_insert_snapshots(self, company, today, figures, signals):
        """The batch's snapshots in one statement: 50,000 customers a run make
        the ORM's create, its defaults and roundings per record, the run's
        largest cost. Rounded here as the fields round."""
        ids = self.ids
        currency = company.currency_id
        snapshot = self.env["customer.value.snapshot"]
        snapshot.flush_model()
        self.env.cr.execute(
            SQL(
                """INSERT INTO customer_value_snapshot
                       (partner_id, company_id, date, user_id, value_amount, value_share,
                        value_class, sales_share, value_risk, value_risk_signals, is_latest,
                        create_uid, write_uid, create_date, write_date)
                   SELECT v.id, %s, %s, p.user_id, v.amount, v.share, v.class, v.sales_share,
                          v.risk, v.signals, TRUE, %s, %s,
                          now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
                     FROM unnest(%s::int[], %s::numeric[], %s::float8[], %s::varchar[],
                                 %s::float8[], %s::bool[], %s::varchar[])
                          AS v(id, amount, share, class, sales_share, risk, signals)
                     JOIN res_partner p ON p.id = v.id""",
                company.id,
                today,
                self.env.uid,
                self.env.uid,
                ids,
                [currency.round(figures[i][0]) for i in ids],
                [round(figures[i][1], 2) for i in ids],
                [figures[i][2] for i in ids],
                [round(figures[i][3], 2) for i in ids],
                [bool(signals.get(i)) for i in ids],
                [json.dumps(signals[i]) if signals.get(i) else None for i in ids],
            )
        )
        snapshot.invalidate_model()

    def _value_risk_signals(self, company, today, figures, previous):
        """{partner id: {signal: figure}} for the batch, in three queries."""
        signals = {}
        overdue_before = today - relativedelta(days=company.value_overdue_days)
        for partner_id, due in self.env.execute_query(
            SQL(
                """SELECT commercial_partner_id, MIN(invoice_date_due)
                     FROM account_move
                    WHERE commercial_partner_id = ANY(%s) AND company_id = %s
                      AND move_type = 'out_invoice' AND state = 'posted'
                      AND payment_state IN ('not_paid', 'partial')
                      AND invoice_date_due < %s
                    GROUP BY commercial_partner_id""",
                self.ids,
                company.id,
                overdue_before,
            )
        ):
            signals.setdefault(partner_id, {})["overdue"] = (today - due).days
        for pid in self.ids:
            fall = value_rules.sales_fall(figures[pid][0], previous.get(pid, 0.0))
            if fall > value_rules.FALL_RISK:
                signals.setdefault(pid, {})["fall"] = round(fall, 1)
        limits = {
            p.id: p.credit_limit
            for p in self.with_company(company).sudo()
            if p.credit_limit and p.credit_limit > 0
        }
        if limits:
            for partner_id, used in self.env.execute_query(
                SQL(
                    """SELECT p.commercial_partner_id, SUM(l.amount_residual)
                         FROM account_move_line l
                         JOIN account_account a ON a.id = l.account_id
                         JOIN res_partner p ON p.id = l.partner_id
                        WHERE p.commercial_partner_id = ANY(%s) AND l.company_id = %s
                          AND l.parent_state = 'posted' AND l.reconciled IS NOT TRUE
                          AND a.account_type = 'asset_receivable'
                        GROUP BY p.commercial_partner_id""",
                    list(limits),
                    company.id,
                )
            ):
                if used and used > limits[partner_id]:
                    signals.setdefault(partner_id, {})["credit"] = [
                        float(used),
                        limits[partner_id],
                    ]
        return signals
