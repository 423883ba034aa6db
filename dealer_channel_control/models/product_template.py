from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    dealer_floor_price = fields.Monetary(
        currency_field="cost_currency_id",
        tracking=True,
        groups="sales_team.group_sale_salesman",
        help="Lowest untaxed unit price, after discount and in the company currency, a "
        "dealer may sell this product at (0 = no floor). Selling below it is fined "
        "the shortfall.",
    )

    @api.constrains("dealer_floor_price")
    def _check_dealer_floor_price(self):
        for template in self.filtered(lambda t: t.dealer_floor_price < 0):
            raise ValidationError(
                self.env._(
                    "The dealer floor price of %(product)s cannot be negative.",
                    product=template.display_name,
                )
            )

    def write(self, vals):
        if "dealer_floor_price" in vals and not self.env.user.has_group(
            "dealer_channel_control.group_dealer_manager"
        ):
            raise AccessError(self.env._("Only dealer managers may change dealer floor prices."))
        return super().write(vals)
