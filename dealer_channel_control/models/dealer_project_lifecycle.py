from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.channel_suite_base.cron_batches import run_in_batches

from ..groups import is_dealer_manager
from .dealer_project import MAX_VALIDITY_DAYS, PROTECTING_STATES


class DealerProject(models.Model):
    """A registration's life: registered, won or lost, back to draft, expired."""

    # one model's extension split by concern, as Odoo splits its own
    _inherit = "dealer.project"  # pylint: disable=consider-merging-classes-inherited

    def action_register(self):
        for project in self:
            if project.state != "draft":
                raise UserError(self.env._("Only draft projects can be registered."))
            if not project.line_ids:
                raise UserError(
                    self.env._(
                        "Project %(project)s has no products: add the quoted products "
                        "before registering it.",
                        project=project.name,
                    )
                )
        if is_dealer_manager(self.env):
            self._write_lifecycle({"state": "registered"})
        else:
            # Who registers first is protected: only a manager may backdate.
            today = fields.Date.context_today(self)
            self._write_lifecycle(
                {
                    "state": "registered",
                    "date_registered": today,
                    "expiry_date": today + relativedelta(days=MAX_VALIDITY_DAYS),
                }
            )
        self.env["dealer.price.violation"]._record_for_projects(self)

    def action_win(self):
        self._check_state_owner()
        self.filtered(lambda p: p.state == "registered")._write_lifecycle({"state": "won"})

    def action_lose(self):
        self._check_state_owner()
        self.filtered(lambda p: p.state in PROTECTING_STATES)._write_lifecycle({"state": "lost"})

    def action_draft(self):
        self._check_state_owner()
        self.filtered(lambda p: p.state in ("lost", "expired"))._write_lifecycle({"state": "draft"})

    @api.model
    def _cron_expire_projects(self, batch_size=500):
        """Expire registrations past their expiry date, in committed batches of one
        write each; a registration that fails is logged and left for the next run."""
        today = fields.Date.context_today(self)
        # No tracking message per registration: a batch costs the same few queries
        # whatever its size, and the state and expiry date say what happened.
        projects = self.with_context(tracking_disable=True).search(
            [("state", "in", ("draft", "registered")), ("expiry_date", "<", today)]
        )
        run_in_batches(projects, type(self)._expire, batch_size)

    def _expire(self):
        self.state = "expired"
