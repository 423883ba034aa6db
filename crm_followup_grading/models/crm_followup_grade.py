from odoo import api, fields, models

from ..followup_rules import suggested_grade_code


class CrmFollowupGrade(models.Model):
    _name = "crm.followup.grade"
    _description = "Customer Grade"
    _order = "sequence, code"
    _rec_names_search = ["name", "code"]

    code = fields.Char(required=True, help="Short code shown on the customer, e.g. A.")
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    interval_days = fields.Integer(
        string="Follow Up Every (Days)",
        required=True,
        default=30,
        help="The salesperson must follow up a customer of this grade at least this often.",
    )
    close_within_days = fields.Integer(
        string="Deal Expected Within (Days)",
        help="Opportunities expected to close within this many days suggest this grade. "
        "0: no horizon.",
    )
    reclaim_days = fields.Integer(
        string="Return to Pool After (Days)",
        default=90,
        help="A customer without a follow-up for this many days returns to the customer "
        "pool. 0: never.",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Reminder Activity",
        required=True,
        ondelete="restrict",
        domain=[("res_model", "in", (False, "res.partner"))],
        default=lambda self: self.env.ref(
            "crm_followup_grading.mail_activity_type_followup", raise_if_not_found=False
        ),
        help="The activity scheduled for the salesperson when a follow-up falls due.",
    )
    color = fields.Integer()
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    partner_count = fields.Integer(string="Customers", compute="_compute_partner_count")

    # The rules on a grade's values live in the database only: they hold for
    # every path (form, import, RPC) and, for the unique code, for two managers
    # saving at once, which a search in Python would let through. Odoo turns a
    # violation into a ValidationError with the message below, in the user's
    # language.
    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "Another grade already has this code."),
        ("code_not_empty", "CHECK(code <> '')", "A grade needs a code, e.g. A."),
        (
            "interval_days_positive",
            "CHECK(interval_days > 0)",
            "A grade's follow-up interval must be at least one day.",
        ),
        (
            "close_within_days_positive",
            "CHECK(close_within_days >= 0)",
            "The deal horizon cannot be negative (0 means no horizon).",
        ),
        (
            "reclaim_days_positive",
            "CHECK(reclaim_days >= 0)",
            "The days before returning to the pool cannot be negative (0 means never).",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_code(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._normalize_code(vals)
        return super().write(vals)

    @api.model
    def _normalize_code(self, vals):
        """A code is written as shown on the customer: " b " is B, so the
        database's unique and non-empty rules see the code a person meant."""
        if "code" in vals:
            vals["code"] = (vals["code"] or "").strip().upper()

    @api.depends("code", "name")
    def _compute_display_name(self):
        for grade in self:
            grade.display_name = f"{grade.code} - {grade.name}" if grade.code else grade.name

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("followup_grade_id", "in", self.ids)], ["followup_grade_id"], ["__count"]
            )
        )
        for grade in self:
            grade.partner_count = counts.get(grade, 0)

    def action_view_partners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_followup_grading.res_partner_action_followup"
        )
        action["domain"] = [("followup_grade_id", "=", self.id)]
        action["context"] = {"default_followup_grade_id": self.id}
        return action

    @api.model
    def _suggest_for_close_date(self, close_date):
        """The grade for a deal expected on ``close_date`` (None: date unknown)."""
        grades = self.search([])
        code = suggested_grade_code(
            close_date,
            fields.Date.context_today(self),
            [(g.close_within_days, g.code) for g in grades if g.close_within_days > 0],
            grades.filtered(lambda g: not g.close_within_days)[:1].code,
        )
        return grades.filtered(lambda g: g.code == code)[:1]

    @api.model
    def _reminder_activity_types(self):
        """Activities of these types are follow-up reminders."""
        return self.with_context(active_test=False).search([]).activity_type_id
