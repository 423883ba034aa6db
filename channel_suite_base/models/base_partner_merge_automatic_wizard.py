from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge_sides(self, partner_ids, dst_partner=None):
        """``(kept contact, merged contacts)`` as Odoo's ``_merge`` will pick
        them, for the suite's checks that must run before anything moves; two
        empty recordsets when Odoo will refuse the merge itself (fewer than two
        or more than three contacts)."""
        partners = self.env["res.partner"].browse(partner_ids).exists()
        if not 1 < len(partners) <= 3:
            return partners.browse(), partners.browse()
        if dst_partner and dst_partner in partners:
            return dst_partner, partners - dst_partner
        ordered = self._get_ordered_partner(partners.ids)
        return ordered[-1], ordered[:-1]
