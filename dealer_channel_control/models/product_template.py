from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..groups import is_dealer_manager


def check_floor_setter(records, vals=None):
    """Refuse a floor price set or changed by anyone but a dealer manager. On
    write, only a value that differs counts: forms and imports send unchanged
    values too. Shared by templates and variants (a variant's floor is its
    template's)."""
    if is_dealer_manager(records.env):
        return
    if vals is None:
        # read as the system: who creates products need not be in sales (an
        # inventory user is not, and could create no product at all otherwise)
        touched = records.filtered(lambda r: r.sudo().dealer_floor_price)
    else:
        new = vals.get("dealer_floor_price") or 0.0
        touched = records.filtered(lambda r: r.sudo().dealer_floor_price != new)
    if touched:
        raise AccessError(
            records.env._(
                "Only dealer managers may set or change dealer floor prices: %(products)s",
                products=", ".join(touched.sudo().mapped("display_name")),
            )
        )


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

    @api.model_create_multi
    def create(self, vals_list):
        templates = super().create(vals_list)
        # checked on the result: a default from the context sets a floor too
        check_floor_setter(templates)
        return templates

    def write(self, vals):
        if "dealer_floor_price" in vals:
            check_floor_setter(self, vals)
        return super().write(vals)

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if is_dealer_manager(self.env):
            return vals_list
        # a duplicate made by anyone else has no floor (it would be refused with
        # one): a dealer manager sets it
        return [vals | {"dealer_floor_price": 0.0} for vals in vals_list]
