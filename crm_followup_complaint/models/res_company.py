from odoo import api, fields, models
from odoo.exceptions import ValidationError

AMOUNT_FIELDS = ("complaint_found_amount", "complaint_escalated_amount", "complaint_breach_amount")


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_resolve_days = fields.Integer(
        string="Days to Resolve a Complaint",
        default=3,
        help="A complaint is due this many days after the ticket was opened, counted in "
        "working days where follow-up intervals are. A changed value applies to complaints "
        "recorded from then on.",
    )
    complaint_found_amount = fields.Float(
        string="Deduction for a Complaint",
        default=100,
        help="Points deducted from the salesperson answerable when a complaint is recorded. "
        "0: none.",
    )
    complaint_escalated_amount = fields.Float(
        string="Deduction for an Escalated Complaint",
        default=100,
        help="Points deducted from the salesperson and from their sales team's leader when "
        "the customer took the complaint to the general manager. 0: none.",
    )
    complaint_breach_amount = fields.Float(
        string="Deduction for a Missed Complaint Deadline",
        default=500,
        help="Points deducted from the salesperson and from their sales team's leader when a "
        "complaint is not resolved by its deadline. 0: none.",
    )

    @api.constrains("complaint_resolve_days", *AMOUNT_FIELDS)
    def _check_complaint_settings(self):
        for company in self:
            if company.complaint_resolve_days < 1:
                raise ValidationError(
                    self.env._("A complaint must be given at least one day to be resolved.")
                )
            for fname in AMOUNT_FIELDS:
                if company[fname] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(setting)s cannot be negative (0 means none).",
                            setting=self._fields[fname]._description_string(self.env),
                        )
                    )
