from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..groups import is_dealer_manager
from .dealer_stock_report import check_no_computed_values


class DealerPriceCheck(models.Model):
    """A market price check (市场巡查): a salesperson records the price a dealer was
    seen selling at; below the floor it becomes a violation."""

    _name = "dealer.price.check"
    _description = "Dealer Market Price Check"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    dealer_id = fields.Many2one(
        "res.partner",
        required=True,
        domain="[('is_dealer', '=', True)]",
        check_company=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Checked By", default=lambda self: self.env.user, required=True
    )
    product_id = fields.Many2one("product.product", required=True, check_company=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    price = fields.Monetary(
        string="Observed Price", required=True, help="Untaxed unit price the dealer sold at."
    )
    qty = fields.Float(string="Quantity", default=1.0, digits="Product Unit of Measure")
    floor_price = fields.Monetary(related="product_id.product_tmpl_id.dealer_floor_price")
    attachment = fields.Binary(string="Evidence", attachment=True)
    attachment_name = fields.Char(string="Evidence File Name")
    location = fields.Char(help="Shop or place where the price was seen.")
    violation_id = fields.Many2one("dealer.price.violation", readonly=True)

    @api.depends("dealer_id", "location", "product_id")
    def _compute_display_name(self):
        # what a reader tells checks apart by: who or where, and what was seen
        for check in self:
            where = check.dealer_id.name or check.location
            check.display_name = " / ".join(filter(None, [where, check.product_id.display_name]))

    @api.constrains("price", "qty")
    def _check_price_qty(self):
        if any(check.price < 0 or check.qty <= 0 for check in self):
            raise ValidationError(
                self.env._("A price check needs a price of zero or more and a quantity above zero.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_client_vals(vals)
        checks = super().create(vals_list)
        checks._create_violations()
        return checks

    def write(self, vals):
        self._check_client_vals(vals)
        # the check a violation stands on is evidence: frozen, for managers too
        if set(vals) - set(self.env["mail.thread"]._fields) and any(self.mapped("violation_id")):
            raise UserError(
                self.env._(
                    "This market check raised a price violation and can no longer be "
                    "changed; the dealer manager handles the violation."
                )
            )
        res = super().write(vals)
        # an edited price may now be below the floor
        self._create_violations()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_violation(self):
        if any(self.mapped("violation_id")):
            raise UserError(
                self.env._(
                    "A market check that raised a price violation is its evidence and "
                    "cannot be deleted."
                )
            )

    def _check_client_vals(self, vals):
        """The violation is linked by the check itself, and a salesperson records
        checks as themselves (the floor is the product's: never written from here)."""
        check_no_computed_values(self, vals)
        if "violation_id" in vals:
            raise UserError(
                self.env._("A market check's violation is recorded by the check itself.")
            )
        manager = is_dealer_manager(self.env)
        if not manager and vals.get("user_id", self.env.uid) != self.env.uid:
            raise UserError(
                self.env._(
                    "You record market checks as yourself; only dealer managers record "
                    "one for a colleague."
                )
            )

    def _create_violations(self):
        below = self.filtered(
            lambda c: c.floor_price and c.price < c.floor_price and not c.violation_id
        )
        if not below:
            return
        # Salespeople report checks; the violation they cause is the manager's to handle.
        violations = (
            self.env["dealer.price.violation"]
            .sudo()
            .create(
                [
                    {
                        "dealer_id": check.dealer_id.id,
                        "product_id": check.product_id.id,
                        "date": check.date,
                        "source": "market_check",
                        "source_ref": self.env._("Market check %(date)s", date=check.date),
                        "company_id": check.company_id.id,
                        "floor_price": check.floor_price,
                        "price": check.price,
                        "qty": check.qty,
                    }
                    for check in below
                ]
            )
        )
        for check, violation in zip(below, violations, strict=True):
            # past the client's refusal in write(): the check links its own violation
            super(DealerPriceCheck, check).write({"violation_id": violation.id})
