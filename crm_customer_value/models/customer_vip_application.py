from psycopg2 import IntegrityError

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount, mute_logger

from .res_partner import MANAGER_GROUP

STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("refused", "Refused"),
]
# set by the server when the application is submitted or decided, never by a
# client; the date is the day of submission, which the qualification window counts back from
FLOW_FIELDS = (
    "date",
    "state",
    "basis",
    "qualifying_amount",
    "qualifying_order_ids",
    "decided_by_id",
    "previous_pricelist_id",
)


class CustomerVipApplication(models.Model):
    _name = "customer.vip.application"
    _description = "VIP Application"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        domain="[('is_company', '=', True)]",
    )
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    date = fields.Date(required=True, default=fields.Date.context_today, readonly=True)
    basis = fields.Selection(
        [("single_order", "Single order"), ("month_total", "Month total")],
        string="Qualified By",
        readonly=True,
    )
    qualifying_amount = fields.Monetary(currency_field="currency_id", readonly=True)
    qualifying_order_ids = fields.Many2many(
        "sale.order", string="Qualifying Orders", readonly=True, copy=False
    )
    state = fields.Selection(
        STATES, default="draft", required=True, readonly=True, tracking=True, copy=False
    )
    decided_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    # the pricelist the customer had before its VIP status, given back on lapse
    previous_pricelist_id = fields.Many2one(
        "product.pricelist", string="Pricelist Before VIP", readonly=True, copy=False
    )

    _sql_constraints = [
        (
            "amount_positive",
            "CHECK(qualifying_amount IS NULL OR qualifying_amount >= 0)",
            "The qualifying amount cannot be negative.",
        )
    ]

    def init(self):
        # one pending application per customer and company, whoever races to propose it
        self.env.cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS customer_vip_application_one_submitted
                   ON customer_vip_application (partner_id, company_id)
                WHERE state = 'submitted'"""
        )

    @api.depends("partner_id", "state")
    def _compute_display_name(self):
        for application in self:
            application.display_name = self.env._(
                "VIP application of %(partner)s", partner=application.partner_id.name or ""
            )

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if not self._vip_flow():
                sent = [
                    f
                    for f in FLOW_FIELDS
                    if vals.get(f) and not self._is_new_draft_value(f, vals[f], today)
                ]
                if sent:
                    raise UserError(self._flow_message(sent))
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
        return super().create(vals_list)

    def write(self, vals):
        if not self._vip_flow():
            sent = [f for f in FLOW_FIELDS if f in vals]
            if sent:
                raise UserError(self._flow_message(sent))
            if {"partner_id", "company_id"} & vals.keys() and any(a.state != "draft" for a in self):
                raise UserError(self.env._("Only a draft VIP application can change its customer."))
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals = {**vals, "partner_id": partner.commercial_partner_id.id}
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        if not self.env.su and any(a.state != "draft" for a in self):
            raise UserError(
                self.env._("Submitted and decided VIP applications are kept: refuse it instead.")
            )

    @staticmethod
    def _is_new_draft_value(fname, value, today):
        """What a form sends for a new application, a draft of today, is no forgery."""
        if fname == "date":
            return fields.Date.to_date(value) == today
        return fname == "state" and value == "draft"

    def _vip_flow(self):
        return self.env.su and self.env.context.get("vip_application_flow")

    def _flow_message(self, fnames):
        labels = ", ".join(self._fields[f]._description_string(self.env) for f in fnames)
        return self.env._(
            "%(fields)s of a VIP application change only through its Submit, Approve and "
            "Refuse buttons.",
            fields=labels,
        )

    def _flow_write(self, vals):
        return self.sudo().with_context(vip_application_flow=True).write(vals)

    # ------------------------------------------------------------------ actions

    def action_submit(self):
        """Submits draft applications that qualify, with their qualifying orders;
        one that does not qualify raises, naming the amount missing."""
        for application in self:
            if application.state != "draft":
                raise UserError(self.env._("Only a draft VIP application can be submitted."))
            partner = application.partner_id
            if partner.vip_state == "vip":
                raise UserError(
                    self.env._(
                        "%(partner)s is already a VIP customer.", partner=partner.display_name
                    )
                )
            company = application.company_id
            today = fields.Date.context_today(application)
            progress = partner._vip_progress(company, today)
            if not progress["basis"]:
                raise UserError(application._vip_missing_message(progress))
            amount, order_ids = application._vip_qualifying(progress)
            try:
                with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                    application._flow_write(
                        {
                            "state": "submitted",
                            "date": today,
                            "basis": progress["basis"],
                            "qualifying_amount": amount,
                            "qualifying_order_ids": [fields.Command.set(order_ids)],
                        }
                    )
            except IntegrityError:
                raise UserError(
                    self.env._(
                        "%(partner)s already has a VIP application waiting for a decision.",
                        partner=partner.display_name,
                    )
                ) from None
            application._vip_notify_managers()
        return True

    def action_approve(self):
        """A sales manager grants VIP status: the customer gets the company's VIP
        pricelist until the status lapses."""
        self._check_vip_decider()
        today = fields.Date.context_today(self)
        for application in self:
            if application.state not in ("draft", "submitted"):
                raise UserError(self.env._("This VIP application is already decided."))
            application._flow_write({"state": "approved", "decided_by_id": self.env.user.id})
            application.partner_id._vip_grant(application, today)
        self._vip_close_activities()
        return True

    def action_refuse(self):
        self._check_vip_decider()
        for application in self:
            if application.state not in ("draft", "submitted"):
                raise UserError(self.env._("This VIP application is already decided."))
        self._flow_write({"state": "refused", "decided_by_id": self.env.user.id})
        self._vip_close_activities()
        return True

    def _check_vip_decider(self):
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(self.env._("Only sales managers approve or refuse VIP status."))

    # ------------------------------------------------------------------ helpers

    def _vip_qualifying(self, progress):
        if progress["basis"] == "single_order":
            return progress["single"], progress["single_order_ids"]
        return progress["month"], progress["month_order_ids"]

    def _vip_missing_message(self, progress):
        company = self.company_id
        single_missing = company.vip_single_order_amount - progress["single"]
        month_missing = company.vip_month_amount - progress["month"]
        return self.env._(
            "%(partner)s does not qualify for VIP status yet: its best single order "
            "(%(single)s) is %(single_missing)s short of %(single_threshold)s, and its best "
            "month (%(month)s) is %(month_missing)s short of %(month_threshold)s.",
            partner=self.partner_id.display_name,
            single=format_amount(self.env, progress["single"], company.currency_id),
            single_missing=format_amount(self.env, single_missing, company.currency_id),
            single_threshold=format_amount(
                self.env, company.vip_single_order_amount, company.currency_id
            ),
            month=format_amount(self.env, progress["month"], company.currency_id),
            month_missing=format_amount(self.env, month_missing, company.currency_id),
            month_threshold=format_amount(self.env, company.vip_month_amount, company.currency_id),
        )

    @api.model
    def _vip_manager_for(self, company, team=None):
        """The sales manager who decides: the sales team's leader when a sales
        manager, else the company's first sales manager."""
        leader = team.user_id if team else self.env["res.users"]
        if leader and leader.has_group(MANAGER_GROUP) and company in leader.company_ids:
            return leader
        group = self.env.ref(MANAGER_GROUP)
        return self.env["res.users"].search(
            [
                ("groups_id", "in", group.id),
                ("company_ids", "in", company.id),
                ("share", "=", False),
                ("id", "!=", self.env.ref("base.user_root").id),
            ],
            order="id",
            limit=1,
        )

    def _vip_notify_managers(self, team=None):
        todo = self.env.ref("mail.mail_activity_data_todo")
        for application in self:
            manager = self._vip_manager_for(application.company_id, team)
            if not manager:
                continue
            partner = application.partner_id
            application.sudo().with_context(lang=manager.lang).activity_schedule(
                activity_type_id=todo.id,
                summary=self.with_context(lang=manager.lang).env._(
                    "Decide on VIP status for %(partner)s", partner=partner.name
                ),
                user_id=manager.id,
            )

    def _vip_close_activities(self):
        self.sudo().activity_ids.action_feedback(
            feedback=self.env._("Decided by %(user)s", user=self.env.user.name)
        )
