from datetime import timedelta

from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        _replan(leaves._followup_partners())
        return leaves

    def write(self, vals):
        partners = self._followup_partners()
        result = super().write(vals)
        _replan(partners | self._followup_partners())
        return result

    def unlink(self):
        partners = self._followup_partners()
        result = super().unlink()
        _replan(partners)
        return result

    def _followup_partners(self):
        """A public holiday moves the next follow-up of the customers counted in
        working days whose next date falls on or after it."""
        public = self.filtered(lambda leave: not leave.resource_id)
        if not public:
            return self.env["res.partner"]
        companies = self.env["res.company"].sudo().search([("followup_working_days", "=", True)])
        if all(leave.calendar_id for leave in public):
            companies = companies.filtered(lambda c: c.resource_calendar_id in public.calendar_id)
        if not companies:
            return self.env["res.partner"]
        since = min(public.mapped("date_from")).date() - timedelta(days=1)
        return (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("followup_grade_id", "!=", False),
                    ("followup_next_date", ">=", since),
                    "|",
                    ("company_id", "in", companies.ids),
                    "&",
                    ("company_id", "=", False),
                    ("user_id.company_id", "in", companies.ids),
                ]
            )
        )


def _replan(partners):
    if partners:
        partners.env.add_to_compute(partners._fields["followup_next_date"], partners)
