from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.dealer_channel_control.groups import GROUP_DEALER_USER, is_dealer_manager


class ResPartner(models.Model):
    _inherit = "res.partner"

    # where a dealer may sell decides which cases it gets: dealer managers' call
    dealer_territory_ids = fields.Many2many(
        "dealer.territory",
        string="Territories",
        # a duplicate is no dealer until a dealer manager makes it one
        copy=False,
        groups=GROUP_DEALER_USER,
        help="Where the dealer may sell. A dealer without territory may sell anywhere "
        "and never causes a cross-territory case. A dealer shared between companies "
        "has the territories of each; each company's checks read its own.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners.filtered(lambda p: p.sudo().dealer_territory_ids)._check_territory_manager()
        return partners

    def write(self, vals):
        if "dealer_territory_ids" in vals:
            self._territories_changed(vals)._check_territory_manager()
        return super().write(vals)

    def _territories_changed(self, vals):
        """The partners whose territories `vals` really changes: a form sends the
        unchanged list too."""
        new = self.new({"dealer_territory_ids": vals["dealer_territory_ids"]})
        return self.filtered(
            lambda p: p.sudo().dealer_territory_ids != new.dealer_territory_ids._origin
        )

    def _check_territory_manager(self):
        if self and not is_dealer_manager(self.env):
            raise AccessError(
                self.env._(
                    "Only dealer managers may change a dealer's territories: %(partners)s",
                    partners=", ".join(self.mapped("display_name")),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_diversion_cases(self):
        """A dealer's cross-territory cases outlive it, as its violations do."""
        case = (
            self.env["dealer.diversion.case"]
            .sudo()
            .search(
                ["|", ("dealer_id", "in", self.ids), ("candidate_dealer_ids", "in", self.ids)],
                limit=1,
            )
        )
        if case:
            raise UserError(
                self.env._(
                    "%(partner)s has cross-territory cases, which are kept: archive it "
                    "instead of deleting it.",
                    partner=(case.dealer_id or case.candidate_dealer_ids[:1]).display_name,
                )
            )
