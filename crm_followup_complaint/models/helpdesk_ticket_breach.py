"""The deadline check: complaints not resolved by their deadline are breached,
once, with their deductions and the customer handed on."""

# pylint: disable=consider-merging-classes-inherited
from markupsafe import escape

from odoo import api, fields, models
from odoo.tools import format_date

from odoo.addons.channel_suite_base.cron_batches import run_in_batches


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model
    def _cron_complaint_breach(self, batch_size=500):
        """Every complaint still open after its deadline day, or closed after
        it, is breached once. Archived tickets count too: archiving a complaint
        does not resolve it."""
        found = self.with_context(active_test=False).search(
            [
                ("is_complaint", "=", True),
                ("complaint_state", "in", ("open", "breached")),
                ("complaint_breach_date", "=", False),
                ("complaint_deadline", "<", fields.Date.context_today(self)),
            ],
            order="id",
        )
        # the rest of the run sees archived teams and users as archived
        run_in_batches(self.browse(found.ids), type(self)._complaint_breach_batch, batch_size)

    def _complaint_breach_batch(self):
        """Marks these complaints breached, deducts the breach from each
        salesperson answerable and their team leader, and hands each customer
        their salesperson still holds to a salesperson of another team."""
        tickets = self.sudo().with_context(mail_notrack=True)
        tickets.write(
            {
                "complaint_state": "breached",
                "complaint_breach_date": fields.Date.context_today(self),
            }
        )
        self.env["crm.complaint.deduction"]._complaint_deduct("breach", tickets)
        tickets._complaint_activities().unlink()
        tickets._message_log_batch(
            {
                ticket.id: escape(
                    ticket.with_context(lang=ticket.complaint_user_id.lang).env._(
                        "The complaint was not resolved by its deadline, %(deadline)s.",
                        deadline=format_date(
                            ticket.with_context(lang=ticket.complaint_user_id.lang).env,
                            ticket.complaint_deadline,
                        ),
                    )
                )
                for ticket in tickets
            }
        )
        losing = {}
        for ticket in tickets.filtered("complaint_user_id"):
            customer = ticket._complaint_customer_held()
            if customer and customer not in losing:
                losing[customer] = ticket
        self.env["res.partner"]._complaint_transfer(losing)

    def _complaint_customer_held(self):
        """The customer the salesperson answerable still holds, if any: a
        customer who already changed hands is not taken from its new holder."""
        self.ensure_one()
        for customer in (self.commercial_partner_id, self.partner_id):
            if customer and customer.user_id == self.complaint_user_id:
                return customer
        return self.env["res.partner"]
