from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dealer_diversion_penalty_per_unit = fields.Monetary(
        string="Cross-Territory Penalty per Unit",
        currency_field="currency_id",
        help="The proposed penalty of a cross-territory case is this amount times the "
        "quantity seen; the dealer manager may change it before confirming.",
    )
    dealer_market_check_mode = fields.Selection(
        [("penalize", "Penalize"), ("monitor", "Monitor")],
        string="Market Check Prices",
        default="penalize",
        required=True,
        help="Penalize: a market check below the floor price proposes a penalty. "
        "Monitor: it is recorded and reported, and no penalty is proposed.",
    )

    _sql_constraints = [
        (
            "dealer_diversion_penalty_not_negative",
            "CHECK(dealer_diversion_penalty_per_unit IS NULL "
            "OR dealer_diversion_penalty_per_unit >= 0)",
            "The cross-territory penalty per unit cannot be negative.",
        )
    ]
