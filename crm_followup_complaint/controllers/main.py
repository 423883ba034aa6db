from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController

from ..models.helpdesk_ticket import CAUSES


class ComplaintTicketController(HelpdeskTicketController):
    """A customer files a complaint from the portal's new-ticket page: it
    becomes a complaint on their salesperson."""

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        field = request.env["helpdesk.ticket"]._fields["complaint_cause"]
        values["complaint_causes"] = field._description_selection(request.env)
        values["complaint_values"] = kw
        return values

    def _prepare_submit_ticket_vals(self, **kw):
        vals = super()._prepare_submit_ticket_vals(**kw)
        if kw.get("is_complaint"):
            vals["is_complaint"] = True
            vals["complaint_cause"] = kw.get("complaint_cause")
            # the complaint belongs to the company the customer is a customer of
            company = request.env.user.partner_id.commercial_partner_id.sudo().company_id
            if company:
                vals["company_id"] = company.id
        return vals

    @http.route()
    def submit_ticket(self, **kw):
        error = None
        if kw.get("is_complaint") and kw.get("complaint_cause") not in dict(CAUSES):
            error = request.env._("Choose what the complaint is about.")
        else:
            try:
                with request.env.cr.savepoint():
                    return super().submit_ticket(**kw)
            except (UserError, ValidationError) as exc:
                error = exc.args[0]
        values = self._get_create_new_ticket_values(**kw)
        values["complaint_error"] = error
        return request.render("helpdesk_mgmt.portal_create_ticket", values)

    @http.route()
    def support_ticket_close(self, **kw):
        """A complaint is closed from the portal by its customer only: closing
        it is resolving it, which is not the salesperson's to claim."""
        try:
            ticket_id = int(kw.get("ticket_id") or 0)
        except ValueError:
            return request.redirect("/my")
        ticket = request.env["helpdesk.ticket"].sudo().browse(ticket_id).exists()
        if ticket.is_complaint and not ticket._complaint_closable_by(request.env.user):
            return request.redirect("/my")
        return super().support_ticket_close(**kw)
