from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

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
        orders, registrations = self._referral_documents(partners)
        sales = defaultdict(float)
        for order in orders:
            partner = order.partner_id
            if in_validity_window(
                partner.referral_date, order.date_order.date(), self.referral_validity_days
            ):
                sales[partner.id] += order.amount_untaxed / (order.currency_rate or 1.0)
        attended = defaultdict(int)
        for registration in registrations:
            partner = registration.partner_id
            if in_validity_window(
                partner.referral_date,
                registration.event_id.date_begin.date(),
                self.referral_validity_days,
            ):
                attended[partner.id] += 1
        targets = {}
        for partner in partners:
            targets[partner.id, "sales"] = sales_points(
                sales[partner.id], self.referral_sales_step, self.referral_sales_points
            )
            targets[partner.id, "attendance"] = attendance_points(
                attended[partner.id],
                self.referral_attendance_points,
                self.referral_attendance_once,
            )
        return targets

    def _referral_documents(self, partners):
        """The confirmed orders and attended registrations of these customers,
        read in one query each whatever their number."""
        order_domain = [("partner_id", "in", partners.ids), ("state", "=", "sale")]
        if self.company_id:
            order_domain.append(("company_id", "=", self.company_id.id))
        orders = (
            self.env["sale.order"]
            .sudo()
            .search_fetch(
                order_domain, ["partner_id", "date_order", "amount_untaxed", "currency_rate"]
            )
        )
        registrations = (
            self.env["event.registration"]
            .sudo()
            .search_fetch(
                [("partner_id", "in", partners.ids), ("state", "=", "done")],
                ["partner_id", "event_id"],
            )
        )
        registrations.event_id.fetch(["date_begin"])
        return orders, registrations

    def action_referral_reconcile(self):
        """Restates the whole ledger with the current amounts, in the
        background: the nightly job, run now."""
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
