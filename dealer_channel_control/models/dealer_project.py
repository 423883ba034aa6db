import logging
import threading

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount, split_every

from .. import rules

_logger = logging.getLogger(__name__)

PROTECTING_STATES = ("registered", "won")


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
        string="Registration Date", required=True, default=fields.Date.context_today
    )
    expiry_date = fields.Date(
        compute="_compute_expiry_date", store=True, readonly=False, required=True, precompute=True
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
    protected_project_id = fields.Many2one(
        "dealer.project", string="Protected Registration", compute="_compute_is_first_registrant"
    )
    violation_ids = fields.One2many("dealer.price.violation", "project_id", string="Violations")

    @api.depends("end_customer", "name")
    def _compute_project_key(self):
        for project in self:
            project.project_key = rules.project_key(project.end_customer, project.name)

    @api.depends("date_registered")
    def _compute_expiry_date(self):
        for project in self:
            project.expiry_date = project.date_registered + relativedelta(days=90)

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
            order="date_registered, id",
        )
        protected = {}
        for project in candidates:
            protected.setdefault(project._competition_key(), project.sudo(False))
        return protected

    def _violation_ref(self):
        return f"{self.name} / {self.end_customer} ({self.dealer_id.name})"

    @api.constrains("state", "line_ids")
    def _check_protected_price(self):
        active = self.filtered(lambda p: p.state in PROTECTING_STATES)
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
        vals = {"state": "registered"}
        if not self.env.user.has_group("dealer_channel_control.group_dealer_manager"):
            # Who registers first is protected: only a manager may backdate.
            vals["date_registered"] = fields.Date.context_today(self)
        self.write(vals)
        self._record_floor_violations()

    def action_win(self):
        self.filtered(lambda p: p.state == "registered").write({"state": "won"})

    def action_lose(self):
        self.filtered(lambda p: p.state in PROTECTING_STATES).write({"state": "lost"})

    def action_draft(self):
        self.filtered(lambda p: p.state in ("lost", "expired")).write({"state": "draft"})

    def _record_floor_violations(self):
        vals_list = []
        for project in self:
            for line in project.line_ids:
                floor = line.product_id.product_tmpl_id.dealer_floor_price
                if floor and line.price_unit < floor:
                    vals_list.append(
                        {
                            "dealer_id": project.dealer_id.id,
                            "product_id": line.product_id.id,
                            "date": project.date_registered,
                            "source": "project",
                            "source_ref": project._violation_ref(),
                            "project_id": project.id,
                            "company_id": project.company_id.id,
                            "floor_price": floor,
                            "price": line.price_unit,
                            "qty": line.qty,
                        }
                    )
        if vals_list:
            # A below-floor quote is accepted; the fine is the manager's to handle.
            self.env["dealer.price.violation"].sudo().create(vals_list)

    @api.model
    def _cron_expire_projects(self, batch_size=500):
        """Expire registrations past their expiry date, in committed batches of one
        write each; a registration that fails is logged and left for the next run."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        today = fields.Date.context_today(self)
        ids = self.search(
            [("state", "in", ("draft", "registered")), ("expiry_date", "<", today)]
        ).ids
        done = 0
        # No tracking message per registration: a batch costs the same few queries
        # whatever its size, and the state and expiry date say what happened.
        projects = self.with_context(tracking_disable=True)
        for batch in split_every(batch_size, ids, projects.browse):
            try:
                with self.env.cr.savepoint():
                    batch.state = "expired"
            except Exception:
                # only a failing batch is retried record by record, to skip the culprit
                for project in batch:
                    try:
                        with self.env.cr.savepoint():
                            project.state = "expired"
                    except Exception:
                        _logger.exception("Could not expire project registration %s", project.id)
            done += len(batch)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(ids) - done)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
