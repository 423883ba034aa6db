from odoo import api, models

from .product_template import check_floor_setter


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model_create_multi
    def create(self, vals_list):
        products = super().create(vals_list)
        # only what the caller sent: new variants of a floored template (a new
        # attribute value) inherit the floor without anyone setting it
        check_floor_setter(
            products.browse(
                p.id
                for p, vals in zip(products, vals_list, strict=True)
                if vals.get("dealer_floor_price")
            )
        )
        return products

    def write(self, vals):
        if "dealer_floor_price" in vals:
            check_floor_setter(self, vals)
        return super().write(vals)
