"""A customer complaint is a helpdesk ticket marked as one: a cause, a
deadline, the salesperson answerable, an escalation, and its outcome."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from odoo.addons.crm_followup_grading.models.followup_guard import changed_fields, field_labels

from ..complaint_rules import complaint_deadline, state_on_close

MANAGER_GROUP = "sales_team.group_sale_manager"

CAUSES = [
    ("product", "Product"),
    ("service", "Service"),
    ("delivery", "Delivery"),
    ("price", "Price"),
    ("staff", "Staff"),
    ("other", "Other"),
]
STATES = [("open", "Open"), ("resolved", "Resolved"), ("breached", "Deadline Missed")]

# written by the complaint flows only, never by a client
FLOW_FIELDS = (
    "complaint_opened_date",
    "complaint_deadline",
    "complaint_state",
    "complaint_user_id",
    "complaint_escalated_date",
    "complaint_resolved_date",
    "complaint_breach_date",
    "complaint_on_time",
)
# what a recorded complaint keeps unless a sales manager changes it: who it is
# about, where it belongs, and that it was a complaint and went over the
# salesperson's head
MANAGER_FIELDS = ("is_complaint", "complaint_escalated", "partner_id", "company_id")


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    is_complaint = fields.Boolean(
        string="Complaint", copy=False, tracking=True, help="A customer complaint."
    )
    complaint_cause = fields.Selection(CAUSES, copy=False, tracking=True)
    complaint_escalated = fields.Boolean(
        string="Escalated",
        copy=False,
        tracking=True,
        help="The customer went over the salesperson's head, to the general manager.",
    )
    complaint_opened_date = fields.Date(
        string="Opened On",
        readonly=True,
        copy=False,
        help="The day the ticket was opened: a complaint's deadline counts from it.",
    )
    complaint_deadline = fields.Date(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The last day to resolve the complaint: the day the ticket was opened plus the "
        "company's days to resolve, counted in working days where follow-ups are.",
    )
    complaint_state = fields.Selection(
        STATES, string="Complaint Status", readonly=True, copy=False, tracking=True
    )
    complaint_user_id = fields.Many2one(
        "res.users",
        string="Salesperson Answerable",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The customer's salesperson when the complaint was recorded.",
    )
    complaint_escalated_date = fields.Date(string="Escalated On", readonly=True, copy=False)
    complaint_resolved_date = fields.Date(string="Resolved On", readonly=True, copy=False)
    complaint_breach_date = fields.Date(
        string="Deadline Missed On",
        readonly=True,
        copy=False,
        help="The day the scheduled action recorded the missed deadline and its consequences.",
    )
    complaint_on_time = fields.Float(
        string="Resolved in Time (%)",
        compute="_compute_complaint_on_time",
        store=True,
        aggregator="avg",
        help="100 for a complaint resolved by its deadline, 0 for a missed one; averaged, the "
        "share of complaints resolved in time.",
    )
    complaint_days_left = fields.Integer(string="Days Left", compute="_compute_complaint_days_left")

    @api.depends("complaint_state")
    def _compute_complaint_on_time(self):
        for ticket in self:
            ticket.complaint_on_time = 100.0 if ticket.complaint_state == "resolved" else 0.0

    @api.depends("complaint_deadline", "complaint_state")
    def _compute_complaint_days_left(self):
        today = fields.Date.context_today(self)
        for ticket in self:
            open_ = ticket.complaint_state == "open" and ticket.complaint_deadline
            ticket.complaint_days_left = (ticket.complaint_deadline - today).days if open_ else 0

    @api.constrains("is_complaint", "partner_id", "company_id")
    def _check_complaint_company(self):
        """A complaint on a customer of one company belongs to that company:
        its deadline, its deductions and where the customer goes after a breach."""
        for ticket in self.filtered("is_complaint"):
            customer_company = ticket.commercial_partner_id.company_id
            if customer_company and customer_company != ticket.company_id:
                raise ValidationError(
                    self.env._(
                        "%(customer)s is a customer of %(company)s: record the complaint in "
                        "that company.",
                        customer=ticket.commercial_partner_id.display_name,
                        company=customer_company.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            forged = [f for f in FLOW_FIELDS if any(vals.get(f) for vals in vals_list)]
            if forged:
                self._refuse_complaint_flow_fields(forged)
        today = fields.Date.context_today(self)
        # the superuser's flows (data files, imports of history) may say when
        vals_list = [
            {
                **vals,
                "complaint_opened_date": (self.env.su and vals.get("complaint_opened_date"))
                or today,
            }
            for vals in vals_list
        ]
        tickets = super().create(vals_list)
        tickets.filtered("is_complaint")._complaint_record()
        return tickets

    def write(self, vals):
        if not self.env.su:
            self._check_complaint_write(vals)
        recording = self.browse()
        if vals.get("is_complaint"):
            recording = self.filtered(lambda t: not t.complaint_deadline)
        escalating = self.browse()
        if vals.get("complaint_escalated"):
            escalating = self.filtered(
                lambda t: t.complaint_deadline and not t.complaint_escalated_date
            )
        closing = self.browse()
        if (
            vals.get("stage_id")
            and self.env["helpdesk.ticket.stage"].browse(vals["stage_id"]).closed
        ):
            closing = self.filtered(lambda t: t.complaint_state == "open" and not t.closed)
        result = super().write(vals)
        recording._complaint_record()
        escalating.filtered("is_complaint")._complaint_escalate()
        closing._complaint_close()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recorded_complaint(self):
        """A recorded complaint is the evidence behind deductions and a
        transfer: it is archived, not deleted."""
        recorded = self.filtered("complaint_deadline")
        if recorded:
            raise UserError(
                self.env._(
                    "Recorded complaints cannot be deleted: %(tickets)s. Archive them instead.",
                    tickets=", ".join(recorded.mapped("display_name")),
                )
            )

    def _check_complaint_write(self, vals):
        forged = changed_fields(self, vals, FLOW_FIELDS)
        if forged:
            self._refuse_complaint_flow_fields(forged)
        if self.env.user.has_group(MANAGER_GROUP):
            return
        recorded = self.filtered("complaint_deadline")
        # marking a complaint, or its escalation, is anyone's; undoing it is not
        locked = [
            fname
            for fname in changed_fields(recorded, vals, MANAGER_FIELDS)
            if fname not in ("is_complaint", "complaint_escalated") or not vals[fname]
        ]
        if locked:
            raise UserError(
                self.env._(
                    "Only sales managers can change %(fields)s of a recorded complaint: "
                    "%(tickets)s.",
                    fields=field_labels(self, locked),
                    tickets=", ".join(recorded.mapped("display_name")),
                )
            )

    def _refuse_complaint_flow_fields(self, fnames):
        raise UserError(
            self.env._(
                "%(fields)s of a complaint are set by the complaint's own course (recording, "
                "closing, the deadline check), not by hand.",
                fields=field_labels(self, fnames),
            )
        )

    # ------------------------------------------------------------------
    # The complaint's course
    # ------------------------------------------------------------------

    def _complaint_salesperson(self):
        """The customer's salesperson: the one answerable for its complaints."""
        self.ensure_one()
        user = self.commercial_partner_id.user_id or self.partner_id.user_id
        return user if user and not user.share else self.env["res.users"]

    def _complaint_record(self):
        """Recording a complaint, once per ticket: its deadline from the day
        the ticket was opened, the salesperson answerable (who follows it and
        gets an activity due on the deadline), the deduction for a complaint,
        and the one for an escalation when it came escalated."""
        tickets = self.sudo()
        deadlines = tickets._complaint_deadlines()
        for ticket in tickets:
            ticket.write(
                {
                    "complaint_deadline": deadlines[ticket],
                    "complaint_state": "open",
                    "complaint_user_id": ticket._complaint_salesperson().id,
                    "complaint_cause": ticket.complaint_cause or "other",
                }
            )
        Deduction = self.env["crm.complaint.deduction"]
        Deduction._complaint_deduct("found", tickets)
        tickets.filtered("complaint_escalated")._complaint_escalate()
        for ticket in tickets.filtered("complaint_user_id"):
            user = ticket.complaint_user_id
            ticket.message_subscribe(partner_ids=user.partner_id.ids)
            ticket.with_context(lang=user.lang).activity_schedule(
                "crm_followup_complaint.mail_activity_type_complaint",
                date_deadline=ticket.complaint_deadline,
                summary=ticket.with_context(lang=user.lang).env._(
                    "Resolve the complaint by %(date)s",
                    date=format_date(
                        ticket.with_context(lang=user.lang).env, ticket.complaint_deadline
                    ),
                ),
                user_id=user.id,
            )
        closed = tickets.filtered("closed")
        closed._complaint_close()

    def _complaint_deadlines(self):
        """``{ticket: deadline}``: the day each ticket was opened plus its
        company's days to resolve; in the company's working days (and China's
        statutory calendar) where it counts follow-ups in working days. One
        read of each calendar for all the tickets."""
        by_calendar = defaultdict(list)
        result = {}
        for ticket in self:
            company = ticket.company_id
            opened = ticket.complaint_opened_date or fields.Date.context_today(
                ticket, ticket.create_date
            )
            days = company.complaint_resolve_days
            if company.followup_working_days and company.resource_calendar_id:
                key = (company.resource_calendar_id, company.followup_calendar_cn)
                by_calendar[key].append((ticket, opened, days))
            else:
                result[ticket] = complaint_deadline(opened, days)
        for (calendar, statutory_cn), plans in by_calendar.items():
            dates = calendar._followup_next_dates([(o, d) for _t, o, d in plans], statutory_cn)
            for (ticket, _opened, _days), date in zip(plans, dates, strict=True):
                result[ticket] = date
        return result

    def _complaint_escalate(self):
        """An escalation is deducted once per complaint, whenever it comes."""
        tickets = self.sudo().filtered(lambda t: not t.complaint_escalated_date)
        if not tickets:
            return
        tickets.write({"complaint_escalated_date": fields.Date.context_today(self)})
        self.env["crm.complaint.deduction"]._complaint_deduct("escalated", tickets)

    def _complaint_close(self):
        """The ticket reached a closed stage: resolved on or before its deadline
        day, a breach after it (whose consequences the deadline check applies).
        Either way the outcome stays, whatever happens to the ticket later."""
        today = fields.Date.context_today(self)
        tickets = self.sudo()
        for state, group in tickets.grouped(
            lambda t: state_on_close(t.complaint_deadline, today)
        ).items():
            vals = {"complaint_state": state}
            if state == "resolved":
                vals["complaint_resolved_date"] = today
            group.write(vals)
        tickets._complaint_activities().unlink()

    def _complaint_activities(self):
        """The salesperson's open "resolve the complaint" activities."""
        activity_type = self.env.ref("crm_followup_complaint.mail_activity_type_complaint")
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )

    def _complaint_closable_by(self, user):
        """Whether ``user`` may close this complaint from the portal: its
        customer, or someone allowed to edit the ticket anyway."""
        self.ensure_one()
        if user.commercial_partner_id == self.commercial_partner_id:
            return True
        return self.with_user(user).has_access("write")
