from odoo import api, models


class EventRegistration(models.Model):
    _inherit = "event.registration"

    @api.model_create_multi
    def create(self, vals_list):
        registrations = super().create(vals_list)
        attended = registrations.filtered(lambda r: r.state == "done")
        attended.partner_id.filtered("referred_by_id")._referral_sync(sources=attended)
        return registrations

    def write(self, vals):
        # archiving an attended registration undoes the attendance
        if not {"state", "partner_id", "event_id", "active"} & set(vals):
            return super().write(vals)
        attended_before = self.filtered(lambda r: r.state == "done" and r.active)
        customers = attended_before.partner_id
        res = super().write(vals)
        changed = attended_before | self.filtered(lambda r: r.state == "done" and r.active)
        (customers | changed.partner_id).filtered("referred_by_id")._referral_sync(sources=changed)
        return res

    def unlink(self):
        customers = self.filtered(lambda r: r.state == "done").partner_id
        res = super().unlink()
        customers.filtered("referred_by_id")._referral_sync()
        return res
