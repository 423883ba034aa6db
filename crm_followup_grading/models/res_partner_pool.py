"""Giving customers back to the customer pool: a salesperson or a sales
manager releases them with a reason, the reclaim cron returns the neglected
ones; either way they lose their salesperson and pending reminders. Claiming
them from the pool follows the rules in followup_holder.py."""

# Odoo extends one model over several files too (mail/models/discuss/res_partner.py)
# pylint: disable=consider-merging-classes-inherited

from markupsafe import escape

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from .followup_holder import MANAGER_GROUP, SALES_GROUP


class ResPartner(models.Model):
    _inherit = "res.partner"

    def action_followup_release(self):
        """Opens the dialog where the salesperson gives the reason for giving
        the customers back to the pool."""
        self._check_followup_release_access()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Release to the customer pool"),
            "res_model": "crm.followup.release.wizard",
            "view_mode": "form",
            "views": [[False, "form"]],
            "target": "new",
            "context": {"default_partner_ids": [fields.Command.set(self.ids)]},
        }

    def _check_followup_release_access(self):
        """Only a customer's own salesperson or a sales manager gives it back."""
        if not self:
            raise UserError(self.env._("Choose the customers to release to the customer pool."))
        unheld = self.filtered(lambda p: not p.user_id)
        if unheld:
            raise UserError(
                self.env._(
                    "These customers have no salesperson to release them: %(names)s.",
                    names=", ".join(unheld.mapped("display_name")),
                )
            )
        if self.env.user.has_group(MANAGER_GROUP):
            return
        others = self.filtered(lambda p: p.user_id != self.env.user)
        if others or not self.env.user.has_group(SALES_GROUP):
            raise AccessError(
                self.env._(
                    "Only the customer's own salesperson or a sales manager can release it to "
                    "the customer pool: %(names)s.",
                    names=", ".join((others or self).mapped("display_name")),
                )
            )

    def _followup_release(self, reason):
        """Gives the customers back to the pool, with the reason in the chatter
        and in the pool history (the cooldown counts from today)."""
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for releasing the customer."))
        self._check_followup_release_access()
        previous = {partner.id: partner.user_id for partner in self}
        self.sudo()._message_log_batch(
            {
                partner.id: escape(
                    self.env._(
                        "Released to the customer pool by %(user)s (salesperson %(salesperson)s): "
                        "%(reason)s",
                        user=self.env.user.name,
                        salesperson=partner.user_id.name,
                        reason=reason,
                    )
                )
                for partner in self
            },
            author_id=self.env.user.partner_id.id,
        )
        self._followup_to_pool()
        self.env["crm.followup.pool.event"]._followup_record(
            "released", self, previous, dict.fromkeys(self.ids, reason)
        )
        return True

    def _followup_to_pool(self):
        """The customers lose their salesperson and their pending reminders and
        warnings, and wait in the pool from today."""
        self.sudo()._followup_pool_activities().unlink()
        # the chatter note names the salesperson: no tracking message per customer
        self.sudo().with_context(mail_notrack=True).write(
            {"user_id": False, "followup_pool_date": fields.Date.context_today(self)}
        )
