from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import rules


class DealerChannel(models.Model):
    _name = "dealer.channel"
    _description = "Dealer Channel"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    margin_min = fields.Float(
        string="Minimum Margin (points)",
        help="Lowest margin, in percentage points over the dealer's purchase price, "
        "a dealer of this channel may sell at.",
    )
    margin_max = fields.Float(
        string="Maximum Margin (points)",
        help="Highest margin, in percentage points over the dealer's purchase price.",
    )
    inventory_min_days = fields.Float(
        string="Minimum Inventory Days",
        default=rules.DEFAULT_MIN_DAYS,
        help="Below this many days of stock the dealer is understocked and the next "
        "order should be larger.",
    )
    inventory_max_days = fields.Float(
        string="Maximum Inventory Days",
        default=rules.DEFAULT_MAX_DAYS,
        help="Above this many days of stock the dealer is overstocked and the next "
        "order should be smaller.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    dealer_ids = fields.One2many("res.partner", "dealer_channel_id", string="Dealers")
    dealer_count = fields.Integer(
        compute="_compute_dealer_count",
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "A channel code must be unique."),
    ]

    @api.constrains("margin_min", "margin_max")
    def _check_margin_band(self):
        for channel in self.filtered(lambda c: c.margin_min > c.margin_max):
            raise ValidationError(
                self.env._(
                    "Channel %(channel)s: the minimum margin (%(min)s) cannot exceed the "
                    "maximum margin (%(max)s).",
                    channel=channel.name,
                    min=channel.margin_min,
                    max=channel.margin_max,
                )
            )

    @api.constrains("inventory_min_days", "inventory_max_days")
    def _check_inventory_band(self):
        for channel in self:
            if channel.inventory_min_days < 0 or (
                channel.inventory_min_days > channel.inventory_max_days
            ):
                raise ValidationError(
                    self.env._(
                        "Channel %(channel)s: the inventory band must run from a minimum of "
                        "zero days or more up to a maximum at least as large "
                        "(got %(min)s to %(max)s days).",
                        channel=channel.name,
                        min=channel.inventory_min_days,
                        max=channel.inventory_max_days,
                    )
                )

    @api.depends("dealer_ids")
    def _compute_dealer_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("dealer_channel_id", "in", self.ids), ("is_dealer", "=", True)],
                ["dealer_channel_id"],
                ["__count"],
            )
        )
        for channel in self:
            channel.dealer_count = counts.get(channel, 0)

    def action_view_dealers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dealer_channel_control.res_partner_dealer_action"
        )
        action["domain"] = [("dealer_channel_id", "=", self.id)]
        action["context"] = {"default_is_dealer": True, "default_dealer_channel_id": self.id}
        return action
