"""A customer's follow-up logs, seen from the customer: the logs and their
count, the grade its open opportunities suggest, who may log follow-ups for
it, and the buttons that log one and list them."""

# Odoo extends one model over several files too (mail/models/discuss/res_partner.py)
# pylint: disable=consider-merging-classes-inherited

from odoo import api, fields, models

from .followup_holder import SALES_GROUP


class ResPartner(models.Model):
    _inherit = "res.partner"

    # groups: these read logs and opportunities, which only sales users may read;
    # without it a full read() of a contact fails for every other internal user.
    followup_log_ids = fields.One2many(
        "crm.followup.log",
        "partner_id",
        string="Follow-up Logs",
        readonly=True,
        groups=SALES_GROUP,
    )
    followup_log_count = fields.Integer(
        string="Follow-ups", compute="_compute_followup_log_count", groups=SALES_GROUP
    )
    followup_suggested_grade_id = fields.Many2one(
        "crm.followup.grade",
        string="Suggested Grade",
        compute="_compute_followup_suggested_grade_id",
        groups=SALES_GROUP,
        help="From the nearest expected closing date of the customer's open opportunities.",
    )

    def _compute_followup_log_count(self):
        counts = dict(
            self.env["crm.followup.log"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.followup_log_count = counts.get(partner, 0)

    @api.depends_context("tz")
    def _compute_followup_suggested_grade_id(self):
        nearest = dict(
            self.env["crm.lead"]._read_group(
                [
                    ("partner_id", "in", self.ids),
                    ("type", "=", "opportunity"),
                    ("probability", ">", 0),
                    ("stage_id.is_won", "=", False),
                ],
                ["partner_id"],
                ["date_deadline:min"],
            )
        )
        suggest = self.env["crm.followup.grade"]._suggest_for_close_date
        for partner in self:
            partner.followup_suggested_grade_id = (
                suggest(nearest[partner] or None) if partner in nearest else False
            )

    def _followup_may_log(self):
        """The customers among these the current user may log follow-ups for,
        as the record rules of the logs say: their own customers for a
        salesperson, all for the all-documents and manager groups, none for a
        user without a sales group; in the user's companies."""
        user = self.env.user
        if user.has_group("sales_team.group_sale_salesman_all_leads"):
            partners = self
        elif user.has_group(SALES_GROUP):
            partners = self.filtered(lambda p: p.user_id == user)
        else:
            return self.browse()
        return partners.filtered(lambda p: not p.company_id or p.company_id in self.env.companies)

    def action_followup_log(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log follow-up"),
            "res_model": "crm.followup.log",
            "view_mode": "form",
            "views": [
                [self.env.ref("crm_followup_grading.crm_followup_log_view_form_dialog").id, "form"]
            ],
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def action_view_followup_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_followup_grading.crm_followup_log_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
