from odoo import fields, models


class DealerPriceViolation(models.Model):
    _inherit = "dealer.price.violation"

    source = fields.Selection(
        selection_add=[("diversion", "Cross-Territory Sale")],
        # uninstalled, a diversion penalty stays as the market check that found it
        ondelete={"diversion": "set market_check"},
    )
    diversion_case_id = fields.Many2one(
        "dealer.diversion.case",
        string="Cross-Territory Case",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )

    def _prepare_penalty_line(self, product):
        vals = super()._prepare_penalty_line(product)
        if self.source == "diversion":
            case = self.sudo().diversion_case_id
            vals["name"] = self.env._(
                "Cross-territory sale penalty: %(product)s, lot %(lot)s, seen in %(province)s "
                "on %(date)s × %(qty)s (%(ref)s)",
                product=self.product_id.display_name,
                lot=case.lot_name,
                province=case.place_state_id.name,
                date=case.date,
                qty=self.qty,
                ref=self.source_ref,
            )
        return vals
