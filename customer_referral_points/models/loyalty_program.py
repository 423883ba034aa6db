from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from ..referral_rules import attendance_points, in_validity_window, sales_points

REFERRAL_AMOUNT_FIELDS = (
    "referral_attendance_points",
    "referral_sales_points",
    "referral_sales_step",
    "referral_validity_days",
)


class LoyaltyProgram(models.Model):
    _inherit = "loyalty.program"

    is_referral_program = fields.Boolean(
        string="Referral Program",
        help="Referrers earn the points of this program when the customers they "
        "brought attend events and buy. At most one active per company.",
    )
    referral_attendance_points = fields.Float(
        string="Points per Attended Event",
        default=100.0,
        help="Points the referrer earns when a referred customer attends an event.",
    )
    referral_sales_points = fields.Float(
        string="Points per Sales Step",
        default=100.0,
        help="Points the referrer earns for each full sales step of a referred customer.",
    )
    referral_sales_step = fields.Float(
        string="Sales Step",
        default=1000.0,
        help="Untaxed confirmed sales, in company currency and cumulative per referred "
        "customer, that earn one round of points.",
    )
    referral_validity_days = fields.Integer(
        string="Validity (Days)",
        default=365,
        help="Sales and attendances count only within this many days after the referral date.",
    )
    referral_attendance_once = fields.Boolean(
        string="First Attendance Only",
        default=True,
        help="Only the first event a referred customer attends earns points.",
    )

    @api.constrains("is_referral_program", *REFERRAL_AMOUNT_FIELDS)
    def _check_referral_amounts(self):
        labels = self._fields
        for program in self.filtered("is_referral_program"):
            for fname in REFERRAL_AMOUNT_FIELDS:
                if program[fname] <= 0:
                    raise ValidationError(
                        self.env._(
                            "The referral program “%(program)s” needs a positive “%(field)s”.",
                            program=program.name,
                            field=labels[fname]._description_string(self.env),
                        )
                    )

    @api.constrains("is_referral_program", "active", "company_id")
    def _check_one_referral_program(self):
        programs = self.filtered(lambda p: p.is_referral_program and p.active)
        if not programs:
            return
        company_ids = programs.company_id.ids
        if any(not program.company_id for program in programs):
            company_ids.append(False)
        # sudo: another company's program must be counted even if unreadable
        counts = (
            self.sudo()
            .with_context(active_test=True)
            ._read_group(
                [("is_referral_program", "=", True), ("company_id", "in", company_ids)],
                ["company_id"],
                ["__count"],
            )
        )
        for company, count in counts:
            if count > 1 and company:
                raise ValidationError(
                    self.env._(
                        "The company %(company)s already has an active referral program: "
                        "archive it before activating another one.",
                        company=company.name,
                    )
                )
            if count > 1:
                raise ValidationError(
                    self.env._(
                        "There already is an active referral program shared by all "
                        "companies: archive it before activating another one."
                    )
                )

    @api.model
    def _referral_program_for(self, company):
        """The active referral program that applies to a company's customers:
        the company's own, else one without company. Customers shared by all
        companies follow the program without company, else the main (first
        created) company's, whichever company the user works in."""
        programs = self.sudo().search([("is_referral_program", "=", True)])
        shared = programs.filtered(lambda p: not p.company_id)
        if company:
            return (programs.filtered(lambda p: p.company_id == company) or shared)[:1]
        return (shared or programs.sorted(lambda p: p.company_id.id))[:1]

    def _referral_targets(self, partners):
        """What the rules give, as {(referred customer id, rule): points}, for
        the current documents of these referred customers."""
        self.ensure_one()
        referred_on = {partner.id: partner.referral_date for partner in partners}
        days = self.referral_validity_days
        orders, attendances = self._referral_documents(partners)
        sales = defaultdict(float)
        for partner_id, date, amount in orders:
            if in_validity_window(referred_on[partner_id], date.date(), days):
                sales[partner_id] += amount
        attended = defaultdict(int)
        for partner_id, date in attendances:
            if in_validity_window(referred_on[partner_id], date.date(), days):
                attended[partner_id] += 1
        targets = {}
        for partner_id in partners.ids:
            targets[partner_id, "sales"] = sales_points(
                sales[partner_id], self.referral_sales_step, self.referral_sales_points
            )
            targets[partner_id, "attendance"] = attendance_points(
                attended[partner_id],
                self.referral_attendance_points,
                self.referral_attendance_once,
            )
        return targets

    def _referral_documents(self, partners):
        """Rows (customer id, datetime, untaxed amount in company currency, net
        of its posted credit notes) of the confirmed orders and (customer id,
        event start) of the attended events of these customers: one query
        each, and plain rows rather than records, as the nightly reconcile
        reads every order of every customer."""
        self.env["sale.order"].flush_model(
            ["partner_id", "state", "company_id", "date_order", "amount_untaxed", "currency_rate"]
        )
        self.env["sale.order.line"].flush_model(["order_id", "invoice_lines"])
        self.env["account.move.line"].flush_model(["move_id", "price_subtotal", "balance"])
        self.env["account.move"].flush_model(["move_type", "state", "currency_id"])
        self.env["event.registration"].flush_model(["partner_id", "state", "event_id", "active"])
        self.env["event.event"].flush_model(["date_begin"])
        in_company = (
            SQL("AND o.company_id = %(company)s", company=self.company_id.id)
            if self.company_id
            else SQL()
        )
        # A credit note line counts once even when linked to several lines of
        # the order; in the order's currency it is converted at the order's
        # rate, so that a full refund cancels the order exactly. The refunds
        # are summed for the batch's orders at once, from the orders' lines:
        # a subquery per order would read every posted credit note each time.
        self.env.cr.execute(
            SQL(
                """WITH orders AS (
                       SELECT o.id, o.partner_id, o.date_order, o.currency_id, o.amount_untaxed,
                              COALESCE(NULLIF(o.currency_rate, 0), 1) AS rate
                         FROM unnest(%(partner_ids)s::int[]) AS p(id)
                   CROSS JOIN LATERAL (
                              -- an index probe per customer, kept by OFFSET 0:
                              -- as a join, once a batch holds a tenth of all
                              -- orders, the planner reads the whole table for
                              -- each batch
                              SELECT * FROM sale_order o
                               WHERE o.partner_id = p.id AND o.state = 'sale' %(in_company)s
                              OFFSET 0) o
                   ), refunds AS (
                       SELECT x.order_id,
                              SUM(CASE WHEN x.move_currency_id = x.currency_id
                                       THEN x.price_subtotal / x.rate
                                       ELSE x.balance END) AS refunded
                         FROM (SELECT DISTINCT o.id AS order_id, o.currency_id, o.rate, aml.id,
                                      aml.price_subtotal, aml.balance,
                                      m.currency_id AS move_currency_id
                                 FROM orders o
                                 JOIN sale_order_line sol ON sol.order_id = o.id
                                 JOIN sale_order_line_invoice_rel rel
                                   ON rel.order_line_id = sol.id
                                 JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                                 JOIN account_move m ON m.id = aml.move_id
                                WHERE m.move_type = 'out_refund' AND m.state = 'posted') x
                        GROUP BY x.order_id
                   )
                   -- credit notes take off, never add: at most the order, at least nothing
                   SELECT o.partner_id, o.date_order,
                          GREATEST(0, o.amount_untaxed / o.rate
                                      - GREATEST(0, COALESCE(r.refunded, 0)))::float8
                     FROM orders o
                LEFT JOIN refunds r ON r.order_id = o.id""",
                partner_ids=partners.ids,
                in_company=in_company,
            )
        )
        orders = self.env.cr.fetchall()
        self.env.cr.execute(
            SQL(
                """SELECT r.partner_id, e.date_begin
                     FROM event_registration r
                     JOIN event_event e ON e.id = r.event_id
                    WHERE r.partner_id IN %(partners)s AND r.state = 'done' AND r.active""",
                partners=tuple(partners.ids),
            )
        )
        return orders, self.env.cr.fetchall()

    def action_referral_reconcile(self):
        """Restates the whole ledger with the current amounts, in the
        background: the nightly job, run now. Sales managers only: the check
        is here, not only on the button, as RPC calls the method directly."""
        if not (self.env.su or self.env.user.has_group("sales_team.group_sale_manager")):
            raise AccessError(self.env._("Only sales managers can recompute the referral ledger."))
        self.env.ref("customer_referral_points.ir_cron_referral_reconcile")._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._(
                    "The referral ledger will be recomputed in the background in a few minutes."
                ),
            },
        }
