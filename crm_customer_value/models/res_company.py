from odoo import api, fields, models
from odoo.exceptions import ValidationError

POSITIVE_SETTINGS = (
    "vip_single_order_amount",
    "vip_month_amount",
    "vip_validity_months",
    "value_period_months",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    vip_single_order_amount = fields.Monetary(
        string="VIP Single Order Amount",
        currency_field="currency_id",
        default=10000.0,
        help="A customer qualifies for VIP status with one confirmed order of at least this "
        "amount (untaxed, after discount, net of credit notes, VIP range only).",
    )
    vip_month_amount = fields.Monetary(
        string="VIP Monthly Amount",
        currency_field="currency_id",
        default=20000.0,
        help="A customer qualifies for VIP status with confirmed orders of at least this "
        "amount in one calendar month.",
    )
    vip_category_ids = fields.Many2many(
        "product.category",
        "res_company_vip_category_rel",
        "company_id",
        "categ_id",
        string="VIP Product Categories",
        help="The mid- and high-end range: only products of these categories (and their "
        "child categories) count towards VIP status. Empty: every product.",
    )
    vip_validity_months = fields.Integer(
        string="VIP Validity (Months)",
        default=12,
        help="VIP status lasts this many months from its approval; the orders of as many "
        "months back count for an application.",
    )
    vip_pricelist_id = fields.Many2one(
        "product.pricelist",
        string="VIP Pricelist",
        check_company=True,
        help="The pricelist a customer gets on approval of its VIP status; its former "
        "pricelist comes back when the status lapses.",
    )
    value_period_months = fields.Integer(
        string="Customer Value Period (Months)",
        default=12,
        help="The 80/20 classification counts the sales of this many months up to its run.",
    )
    value_basis = fields.Selection(
        [("sales", "Sales"), ("margin", "Margin")],
        string="Customer Value Basis",
        default="sales",
        required=True,
        help="Classify customers by their untaxed sales, or by their margin (sales less "
        "the products' cost).",
    )
    value_overdue_days = fields.Integer(
        string="Risky After Overdue (Days)",
        default=30,
        help="A customer with a posted invoice overdue by more than this many days is at risk.",
    )

    @api.constrains(*POSITIVE_SETTINGS, "value_overdue_days")
    def _check_customer_value_settings(self):
        for company in self:
            for fname in POSITIVE_SETTINGS:
                if company[fname] <= 0:
                    raise ValidationError(
                        self.env._(
                            "%(setting)s must be above zero.",
                            setting=self._fields[fname]._description_string(self.env),
                        )
                    )
            if company.value_overdue_days < 0:
                raise ValidationError(
                    self.env._(
                        "%(setting)s cannot be negative.",
                        setting=self._fields["value_overdue_days"]._description_string(self.env),
                    )
                )

    def _vip_category_ids(self):
        """The VIP range with its child categories, or None for every product."""
        self.ensure_one()
        if not self.vip_category_ids:
            return None
        return (
            self.env["product.category"]
            .sudo()
            .search([("id", "child_of", self.vip_category_ids.ids)])
            .ids
        )
