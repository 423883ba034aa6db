from odoo import models


class ProductPricelist(models.Model):
    _inherit = "product.pricelist"

    def _get_partner_pricelist_multi_search_domain_hook(self, company_id):
        """A company's VIP pricelist is given to its VIP customers on approval,
        never found for a customer without a pricelist of its own (Odoo falls
        back on the first pricelist there is, the VIP one too)."""
        domain = super()._get_partner_pricelist_multi_search_domain_hook(company_id)
        vip = self.env["res.company"].sudo().browse(company_id).vip_pricelist_id
        return [*domain, ("id", "!=", vip.id)] if vip else domain
