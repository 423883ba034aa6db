from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .dealer_stock_report import check_no_computed_values


class DealerProjectLine(models.Model):
    _name = "dealer.project.line"
    _description = "Dealer Project Line"
    _order = "project_id, sequence, id"
    _check_company_auto = True

    project_id = fields.Many2one("dealer.project", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="project_id.company_id", store=True)
    currency_id = fields.Many2one(related="project_id.currency_id")
    product_id = fields.Many2one("product.product", required=True, check_company=True)
    qty = fields.Float(string="Quantity", default=1.0, digits="Product Unit of Measure")
    price_unit = fields.Monetary(string="Unit Price", help="Untaxed unit price quoted.")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_no_computed_values(self, vals)
        project_ids = {vals.get("project_id") for vals in vals_list} - {None, False}
        self.env["dealer.project"].browse(project_ids)._check_registration_owner()
        lines = super().create(vals_list)
        self.env["dealer.price.violation"]._record_for_projects(lines.project_id)
        return lines

    def write(self, vals):
        check_no_computed_values(self, vals)
        projects = self.project_id
        if "project_id" in vals:
            projects |= projects.browse(vals["project_id"])
        projects._check_registration_owner()
        res = super().write(vals)
        if {"product_id", "qty", "price_unit", "project_id"} & set(vals):
            # a registered quote changed: the floor is checked again (the protection
            # check is the constraint below)
            self.env["dealer.price.violation"]._record_for_projects(projects | self.project_id)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_check_owner(self):
        self.project_id._check_registration_owner()

    def unlink(self):
        projects = self.project_id
        res = super().unlink()
        # what is left of a registered quote must still respect the protected price
        projects.exists()._check_protected_price()
        return res

    @api.constrains("qty", "price_unit", "product_id", "project_id")
    def _check_qty_price(self):
        for line in self:
            if line.qty <= 0 or line.price_unit < 0:
                raise ValidationError(
                    self.env._(
                        "%(product)s: a registered quote needs a quantity above zero and a "
                        "unit price of zero or more.",
                        product=line.product_id.display_name,
                    )
                )
        self.project_id._check_protected_price()
