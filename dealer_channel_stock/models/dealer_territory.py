from odoo import fields, models


class DealerTerritory(models.Model):
    """A dealer's sales territory (销售区域): the provinces it may sell in."""

    _name = "dealer.territory"
    _description = "Dealer Territory"
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True)
    code = fields.Char()
    state_ids = fields.Many2many(
        "res.country.state",
        string="Provinces",
        required=True,
        help="The provinces the dealers of this territory may sell in.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique (code, company_id)",
            "A territory code is used once per company.",
        )
    ]
