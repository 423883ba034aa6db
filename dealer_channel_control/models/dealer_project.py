from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_amount

from .. import locks, rules

PROTECTING_STATES = ("registered", "won")
# What decides who is protected and at which price: any change of these re-runs the
# protection check (project key follows name and end customer).
PROTECTION_FIELDS = (
    "name",
    "end_customer",
    "dealer_id",
    "date_registered",
    "expiry_date",
    "state",
    "company_id",
)
# Moved by the actions (register, win, lose, back to draft, the expiry cron) only;
# a dealer manager may correct them directly, which the chatter tracks.
LIFECYCLE_FIELDS = ("state", "date_registered", "expiry_date")
MAX_VALIDITY_DAYS = 90


class DealerProject(models.Model):
    """A dealer's project registration (项目报备): the first dealer to register a
    project is protected from being undercut by the others."""

    _name = "dealer.project"
    _description = "Dealer Project Registration"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_registered desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Project", required=True, tracking=True)
    end_customer = fields.Char(required=True, tracking=True)
    project_key = fields.Char(compute="_compute_project_key", store=True, index=True)
    dealer_id = fields.Many2one(
        "res.partner",
        required=True,
        domain="[('is_dealer', '=', True)]",
        check_company=True,
        index=True,
        tracking=True,
    )
    user_id = fields.Many2one(related="dealer_id.user_id", string="Salesperson", store=True)
    date_registered = fields.Date(
        string="Registration Date",
        required=True,
        copy=False,
        default=fields.Date.context_today,
        tracking=True,
    )
    expiry_date = fields.Date(
        compute="_compute_expiry_date",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        tracking=True,
        copy=False,
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("registered", "Registered"),
            ("won", "Won"),
            ("lost", "Lost"),
            ("expired", "Expired"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many("dealer.project.line", "project_id", string="Lines", copy=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_total = fields.Monetary(compute="_compute_amount_total", store=True, string="Total")
    is_first_registrant = fields.Boolean(
        string="First Registrant",
        compute="_compute_is_first_registrant",
        help="This registration is the protected one of its project: the earliest still "
        "registered or won and not expired.",
    )
    # another dealer's registration: never shown to portal users (their dealer)
    protected_project_id = fields.Many2one(
        "dealer.project",
        string="Protected Registration",
        compute="_compute_is_first_registrant",
        groups="base.group_user",
    )
    violation_ids = fields.One2many("dealer.price.violation", "project_id", string="Violations")
    # Who of two registrations dated the same day registered first: numbered when
    # a registration enters a protecting state, by the server only.
    registration_sequence = fields.Integer(readonly=True, copy=False)

    def init(self):
        res = super().init()
        locks.create_lock_table(self.env.cr)
        return res

    @api.depends("end_customer", "name")
    def _compute_project_key(self):
        for project in self:
            project.project_key = rules.project_key(project.end_customer, project.name)

    @api.depends("date_registered")
    def _compute_expiry_date(self):
        for project in self:
            project.expiry_date = project.date_registered + relativedelta(days=MAX_VALIDITY_DAYS)

    @api.depends("line_ids.qty", "line_ids.price_unit")
    def _compute_amount_total(self):
        for project in self:
            project.amount_total = sum(line.qty * line.price_unit for line in project.line_ids)

    @api.depends("project_key", "state", "expiry_date", "date_registered")
    def _compute_is_first_registrant(self):
        protected = self._protected_registrations()
        for project in self:
            project.protected_project_id = protected.get(project._competition_key(), False)
            project.is_first_registrant = project.protected_project_id == project

    def _competition_key(self):
        """Registrations compete within their company only."""
        return self.company_id.id, self.project_key

    def _protected_registrations(self):
        """{competition key: the protected registration} for the projects of self,
        across all dealers, whatever the user may read: protection must hold against
        projects one cannot see."""
        today = fields.Date.context_today(self)
        candidates = self.sudo().search(
            [
                ("project_key", "in", [key for key in self.mapped("project_key") if key]),
                ("company_id", "in", self.company_id.ids),
                ("state", "in", PROTECTING_STATES),
                ("expiry_date", ">=", today),
            ],
            # registered the same day: the one that registered first
            order="date_registered, registration_sequence, id",
        )
        protected = {}
        for project in candidates:
            protected.setdefault(project._competition_key(), project.sudo(False))
        return protected

    def _violation_ref(self):
        return f"{self.name} / {self.end_customer} ({self.dealer_id.name})"

    def _lock_competitions(self):
        """Serialises the transactions that decide the protection of the same projects
        (company and project key): of two registrations made at the same moment, the
        later waits, is retried once the earlier is committed, and is checked against
        it (see locks.py)."""
        locks.lock(
            self.env,
            {("project", p.company_id.id, p.project_key) for p in self if p.project_key},
        )

    @api.constrains(*PROTECTION_FIELDS, "project_key", "line_ids")
    def _check_protected_price(self):
        active = self.filtered(lambda p: p.state in PROTECTING_STATES)
        active._lock_competitions()
        protected = active._protected_registrations()
        for project in active:
            first = protected.get(project._competition_key())
            if not first or first == project or first.sudo().dealer_id == project.dealer_id:
                continue
            floors = {line.product_id: line.price_unit for line in first.sudo().line_ids}
            for line in project.line_ids:
                minimum = floors.get(line.product_id)
                if minimum is not None and line.price_unit < minimum:
                    raise ValidationError(
                        self.env._(
                            "Project %(project)s is registered first by another dealer: "
                            "%(product)s may not be quoted below %(minimum)s "
                            "(不得低于先报备人的报价).",
                            project=project.name,
                            product=line.product_id.display_name,
                            minimum=format_amount(self.env, minimum, project.currency_id),
                        )
                    )

    def _floor_prices(self):
        """{(project, product): (floor, net unit price, qty)} for the floored products
        of the projects, the price being the project's amount per unit of that product
        over all its lines."""
        totals = {}
        for project in self:
            for line in project.line_ids:
                amount, qty = totals.get((project, line.product_id), (0.0, 0.0))
                totals[project, line.product_id] = (
                    amount + line.price_unit * line.qty,
                    qty + line.qty,
                )
        result = {}
        for (project, product), (amount, qty) in totals.items():
            floor = product.product_tmpl_id.dealer_floor_price
            if floor and qty:
                result[project, product] = (floor, project.currency_id.round(amount / qty), qty)
        return result
