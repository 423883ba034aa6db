from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import format_date

MANAGER_GROUP = "sales_team.group_sale_manager"

KINDS = [
    ("found", "Complaint Recorded"),
    ("escalated", "Complaint Escalated"),
    ("breach", "Deadline Missed"),
]


class CrmComplaintDeduction(models.Model):
    """Performance points the company deducts from a salesperson (or a sales
    team leader) for a complaint. The complaint flows write them; only sales
    managers edit or delete one."""

    _name = "crm.complaint.deduction"
    _description = "Complaint Deduction"
    _order = "date desc, id desc"
    _check_company_auto = True

    user_id = fields.Many2one(
        "res.users", string="Deducted From", required=True, index=True, ondelete="restrict"
    )
    # a complaint with deductions is evidence: it is archived, not deleted
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Complaint",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
    )
    kind = fields.Selection(KINDS, required=True)
    amount = fields.Float(required=True, aggregator="sum")
    reason = fields.Text()
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "A deduction must be a positive amount."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        self._check_complaint_deduction_manager()
        return super().create(vals_list)

    def write(self, vals):
        self._check_complaint_deduction_manager()
        return super().write(vals)

    def unlink(self):
        self._check_complaint_deduction_manager()
        return super().unlink()

    def _check_complaint_deduction_manager(self):
        """Access rights say the same; this holds for any code path that
        would otherwise lend a salesperson write access."""
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(
                self.env._("Only sales managers can record, edit or delete complaint deductions.")
            )

    @api.model
    def _complaint_deduct(self, kind, tickets):
        """The deductions of ``kind`` for these complaints, written as superuser:
        the salesperson answerable, and for an escalation or a breach the
        leader of their own sales team too (once when they are the same). The
        company's amount for the kind; 0 records none. Each reason is in the
        language of the person it is deducted from."""
        vals_list = []
        for ticket in tickets:
            salesperson = ticket.complaint_user_id
            amount = ticket.company_id[f"complaint_{kind}_amount"]
            if not (salesperson and amount):
                continue
            users = salesperson
            if kind != "found":
                users |= salesperson.sale_team_id.user_id
            for user in users:
                vals_list.append(
                    {
                        "user_id": user.id,
                        "ticket_id": ticket.id,
                        "kind": kind,
                        "amount": amount,
                        "reason": self.with_context(lang=user.lang)._complaint_reason(ticket, kind),
                        "date": fields.Date.context_today(self),
                        "company_id": ticket.company_id.id,
                    }
                )
        return self.sudo().create(vals_list)

    @api.model
    def _complaint_reason(self, ticket, kind):
        """The reason of a deduction, in the language of the environment."""
        args = {
            "ticket": ticket.display_name,
            "customer": ticket.commercial_partner_id.display_name or "-",
            "salesperson": ticket.complaint_user_id.name,
            "deadline": format_date(self.env, ticket.complaint_deadline),
        }
        if kind == "found":
            return self.env._(
                "Complaint %(ticket)s recorded: %(customer)s, salesperson %(salesperson)s.", **args
            )
        if kind == "escalated":
            return self.env._(
                "Complaint %(ticket)s taken to the general manager: %(customer)s, salesperson "
                "%(salesperson)s.",
                **args,
            )
        return self.env._(
            "Complaint %(ticket)s not resolved by its deadline, %(deadline)s: %(customer)s, "
            "salesperson %(salesperson)s.",
            **args,
        )
