from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_amount

from odoo.addons.channel_suite_base.cron_batches import run_in_batches

from .. import locks, rules
from .dealer_stock_report import check_no_computed_values

PROTECTING_STATES = ("registered", "won")
MANAGER_GROUP = "dealer_channel_control.group_dealer_manager"
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


def is_dealer_manager(env):
    """Trusted server code (sudo) and dealer managers may correct registrations."""
    return env.su or env.user.has_group(MANAGER_GROUP)


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
        super().init()
        locks.create_lock_table(self.env.cr)

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

    @api.model_create_multi
    def create(self, vals_list):
        manager = is_dealer_manager(self.env)
        for vals in vals_list:
            check_no_computed_values(self, vals)
            self._check_no_sequence(vals)
            if not manager:
                self._check_user_create_vals(vals)
        protecting = [vals for vals in vals_list if vals.get("state") in PROTECTING_STATES]
        if protecting:
            # created registered (a dealer manager, an import): numbered as registering
            vals_list = [dict(vals) for vals in vals_list]
            sequences = iter(self._next_registration_sequences(len(protecting)))
            for vals in vals_list:
                if vals.get("state") in PROTECTING_STATES:
                    vals["registration_sequence"] = next(sequences)
        return super().create(vals_list)

    def write(self, vals):
        check_no_computed_values(self, vals)
        self._check_no_sequence(vals)
        manager = is_dealer_manager(self.env)
        if not manager:
            if set(vals) - set(self.env["mail.thread"]._fields):
                self._check_registration_owner()
            self._check_user_write_vals(vals)
        self._number_registrations(vals)
        res = super().write(vals)
        if "dealer_id" in vals and not manager:
            self._check_dealer_access()
        return res

    def _check_no_sequence(self, vals):
        """The order of registration is the server's to number, for everyone."""
        if "registration_sequence" in vals:
            raise UserError(
                self.env._(
                    "%(fields)s cannot be written directly: it is computed from other values.",
                    fields=self._fields["registration_sequence"].get_description(self.env)[
                        "string"
                    ],
                )
            )

    def _next_registration_sequences(self, count):
        """`count` increasing numbers never given before, drawn from the table's id
        sequence (which is what the database drops with the table)."""
        self.env.cr.execute(
            SQL(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                self._table,
                count,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _number_registrations(self, vals):
        """Before `vals` moves registrations into a protecting state (registered or
        won from another), number them in the order they register."""
        if vals.get("state") not in PROTECTING_STATES:
            return
        entering = self.filtered(lambda p: p.state not in PROTECTING_STATES)
        if not entering:
            return
        self.env.cr.execute(
            SQL(
                """UPDATE %(table)s
                      SET registration_sequence = nextval(pg_get_serial_sequence(%(name)s, 'id'))
                    WHERE id IN %(ids)s""",
                table=SQL.identifier(self._table),
                name=self._table,
                ids=tuple(entering.ids),
            )
        )
        entering.invalidate_recordset(["registration_sequence"])

    def _check_user_create_vals(self, vals):
        """A salesperson's registration starts as a draft of today: the date and the
        state decide who is protected, so only the actions move them."""
        today = fields.Date.context_today(self)
        if vals.get("state", "draft") != "draft":
            raise UserError(
                self.env._(
                    "A project registration is created as a draft and registered with "
                    "the Register button; only dealer managers create it in another state."
                )
            )
        registered = fields.Date.to_date(vals.get("date_registered")) or today
        if registered != today:
            raise UserError(self._message_date_registered())
        if vals.get("expiry_date"):
            self._check_validity(registered, fields.Date.to_date(vals["expiry_date"]))

    def _check_user_write_vals(self, vals):
        changed = [
            name
            for name in LIFECYCLE_FIELDS
            if name in vals and self._value_changes(name, vals[name])
        ]
        if "state" in changed:
            raise UserError(
                self.env._(
                    "The state of a project registration moves with its buttons "
                    "(Register, Won, Lost, Reset to Draft); only dealer managers correct it."
                )
            )
        if "date_registered" in changed:
            raise UserError(self._message_date_registered())
        if "expiry_date" in changed:
            expiry = fields.Date.to_date(vals["expiry_date"])
            for project in self:
                if project.state != "draft":
                    raise UserError(
                        self.env._(
                            "Project %(project)s is already registered: only dealer "
                            "managers change its expiry date.",
                            project=project.name,
                        )
                    )
                project._check_validity(project.date_registered, expiry)

    def _value_changes(self, name, value):
        field = self._fields[name]
        new = field.convert_to_cache(value, self)
        return any(project[name] != field.convert_to_record(new, project) for project in self)

    def _message_date_registered(self):
        return self.env._(
            "A registration is dated the day it is registered; only dealer managers "
            "set another registration date."
        )

    def _check_validity(self, registered, expiry):
        if (
            not expiry
            or expiry < registered
            or expiry > registered + relativedelta(days=MAX_VALIDITY_DAYS)
        ):
            raise UserError(
                self.env._(
                    "A registration expires at most %(days)s days after it is registered "
                    "(and not before); only dealer managers set a later expiry date.",
                    days=MAX_VALIDITY_DAYS,
                )
            )

    def _check_dealer_access(self):
        """Moving a registration to another dealer needs the right to write that dealer,
        and the registration must stay the user's own (record rules are only checked
        before a write)."""
        try:
            self.dealer_id.check_access("write")
            self.check_access("write")
        except AccessError:
            raise UserError(
                self.env._(
                    "You may only register projects for your own dealers or for dealers "
                    "without a salesperson."
                )
            ) from None

    def _check_registration_owner(self):
        """Once registered, a registration (its fields and its lines) is changed by its
        dealer's salesperson or a dealer manager only: otherwise any salesperson who
        sees a registration of a dealer without salesperson could rename the
        protected one away from its project."""
        if is_dealer_manager(self.env):
            return
        others = self.filtered(lambda p: p.state != "draft" and p.user_id != self.env.user)
        if others:
            raise UserError(
                self.env._(
                    "Project %(project)s is registered: only the dealer's salesperson or a "
                    "dealer manager may change it.",
                    project=others[0].name,
                )
            )

    def _check_state_owner(self):
        """Win, lose and back to draft decide the protection: only the dealer's own
        salesperson or a dealer manager may do it."""
        self.check_access("write")
        if is_dealer_manager(self.env):
            return
        others = self.filtered(lambda p: p.user_id != self.env.user)
        if others:
            raise UserError(
                self.env._(
                    "Only the dealer's salesperson or a dealer manager may mark project "
                    "%(project)s won or lost or reset it to draft.",
                    project=others[0].name,
                )
            )

    def _write_lifecycle(self, vals):
        """The actions' own way to move state and dates, past the salesperson's
        refusal in write()."""
        self._number_registrations(vals)
        return super().write(vals)

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

    def action_register(self):
        for project in self:
            if project.state != "draft":
                raise UserError(self.env._("Only draft projects can be registered."))
            if not project.line_ids:
                raise UserError(
                    self.env._(
                        "Project %(project)s has no products: add the quoted products "
                        "before registering it.",
                        project=project.name,
                    )
                )
        if is_dealer_manager(self.env):
            self._write_lifecycle({"state": "registered"})
        else:
            # Who registers first is protected: only a manager may backdate.
            today = fields.Date.context_today(self)
            self._write_lifecycle(
                {
                    "state": "registered",
                    "date_registered": today,
                    "expiry_date": today + relativedelta(days=MAX_VALIDITY_DAYS),
                }
            )
        self._sync_floor_violations()

    def action_win(self):
        self._check_state_owner()
        self.filtered(lambda p: p.state == "registered")._write_lifecycle({"state": "won"})

    def action_lose(self):
        self._check_state_owner()
        self.filtered(lambda p: p.state in PROTECTING_STATES)._write_lifecycle({"state": "lost"})

    def action_draft(self):
        self._check_state_owner()
        self.filtered(lambda p: p.state in ("lost", "expired"))._write_lifecycle({"state": "draft"})

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

    def _sync_floor_violations(self):
        """Keep one `project` violation per registered (or won) project and product in
        step with its quote, as orders do: a product quoted below its floor gets one
        unless it has one; an existing one follows the current price and quantity (a
        product back at the floor or no longer quoted, to a zero shortfall). A
        confirmed violation that changes goes back to review; an invoiced one keeps
        its values and gets a note. Runs as superuser: the registration's own checks
        decided who may change what."""
        projects = self.filtered(lambda p: p.state in PROTECTING_STATES)
        if not projects:
            return
        prices = projects._floor_prices()
        Violation = self.env["dealer.price.violation"].sudo()
        existing = {
            (violation.project_id.id, violation.product_id.id): violation
            for violation in Violation.search(
                [("project_id", "in", projects.ids), ("source", "=", "project")], order="id"
            )
        }
        for violation in existing.values():
            project = projects.browse(violation.project_id.id)
            floor, price, qty = prices.get(
                (project, violation.product_id),
                (violation.floor_price, violation.price, 0.0),
            )
            violation._follow_source_price(price, floor, qty)
        today = fields.Date.context_today(self)
        to_create = [
            {
                "dealer_id": project.dealer_id.id,
                "product_id": product.id,
                "date": today,
                "source": "project",
                "source_ref": project._violation_ref(),
                "project_id": project.id,
                "company_id": project.company_id.id,
                "floor_price": floor,
                "price": price,
                "qty": qty,
            }
            for (project, product), (floor, price, qty) in prices.items()
            if project.currency_id.compare_amounts(price, floor) < 0
            and (project.id, product.id) not in existing
        ]
        if to_create:
            # A below-floor quote is accepted; the fine is the manager's to handle.
            Violation.with_context(tracking_disable=True).create(to_create)

    @api.model
    def _cron_expire_projects(self, batch_size=500):
        """Expire registrations past their expiry date, in committed batches of one
        write each; a registration that fails is logged and left for the next run."""
        today = fields.Date.context_today(self)
        # No tracking message per registration: a batch costs the same few queries
        # whatever its size, and the state and expiry date say what happened.
        projects = self.with_context(tracking_disable=True).search(
            [("state", "in", ("draft", "registered")), ("expiry_date", "<", today)]
        )
        run_in_batches(projects, type(self)._expire, batch_size)

    def _expire(self):
        self.state = "expired"
