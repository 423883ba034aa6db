"""What a merge of duplicate customers keeps of the VIP status and of the
80/20 figures. Nobody writes those by hand, so the addon writes what is kept on
every side first, as one of its flows: Odoo's merge, which picks each value
from one of the sides, then finds the same value everywhere and changes
nothing of it."""

from odoo import models
from odoo.exceptions import UserError

from .res_partner_value import VALUE_FLOW_FIELDS


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        """Two applications waiting for a decision cannot become one customer's:
        Odoo's merge would delete every application of the duplicate, the
        decided ones with them."""
        kept, src_partners = self._merge_sides(partner_ids, dst_partner)
        if kept:
            self._check_vip_applications_waiting(kept | src_partners)
        return super()._merge(partner_ids, dst_partner, extra_checks)

    def _check_vip_applications_waiting(self, partners):
        waiting = (
            self.env["customer.vip.application"]
            .sudo()
            ._read_group(
                [("partner_id", "in", partners.ids), ("state", "=", "submitted")],
                ["company_id"],
                ["partner_id:recordset"],
            )
        )
        for _company, applicants in waiting:
            if len(applicants) > 1:
                raise UserError(
                    self.env._(
                        "%(names)s each have a VIP application waiting for a decision: a sales "
                        "manager decides one of them before the contacts are merged.",
                        names=", ".join(applicants.mapped("display_name")),
                    )
                )

    def _update_values(self, src_partners, dst_partner):
        sides = (src_partners | dst_partner).sudo().with_context(tracking_disable=True)
        self._merge_vip_status(sides)
        self._merge_value_figures(sides)
        return super()._update_values(src_partners, dst_partner)

    def _merge_vip_status(self, sides):
        """The merged customer is VIP if one of them was: since the earliest day,
        until the latest. Where a VIP had the company's VIP pricelist, the merged
        customer has it too; its VIP applications all follow it, so on lapse it
        gets back the pricelist of the latest approved one."""
        vip = sides.filtered(lambda p: p.vip_state == "vip")
        if not vip:
            return
        sides.write(
            {
                "vip_state": "vip",
                "vip_since": min(filter(None, vip.mapped("vip_since")), default=False),
                "vip_until": max(filter(None, vip.mapped("vip_until")), default=False),
            }
        )
        companies = self.env["res.company"].sudo().search([("vip_pricelist_id", "!=", False)])
        for company in companies:
            pricelist = company.vip_pricelist_id
            in_company = sides.with_company(company)
            if any(p.specific_property_product_pricelist == pricelist for p in in_company):
                in_company.write({"specific_property_product_pricelist": pricelist.id})

    def _merge_value_figures(self, sides):
        """In each company, the class, share and risk of the duplicate of the
        highest value, all from the same one (they are one run's figures of one
        customer); the next run classifies the merged customer on all its
        orders."""
        for company in self.env["res.company"].sudo().search([]):
            in_company = sides.with_company(company)
            classified = in_company.filtered("value_class")
            if classified:
                best = max(classified, key=lambda p: p.value_amount)
                in_company.write({fname: best[fname] for fname in VALUE_FLOW_FIELDS})
