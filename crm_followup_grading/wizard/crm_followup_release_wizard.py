from odoo import fields, models


class CrmFollowupReleaseWizard(models.TransientModel):
    _name = "crm.followup.release.wizard"
    _description = "Release Customers to the Pool"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    reason = fields.Text(required=True, help="Why you give these customers back to the pool.")

    def action_release(self):
        self.ensure_one()
        # the customers' method checks who may release them: the wizard is no gate
        self.partner_ids._followup_release(self.reason)
        return {"type": "ir.actions.act_window_close"}
