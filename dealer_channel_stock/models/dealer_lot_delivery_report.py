from odoo import fields, models, tools
from odoo.tools import SQL


class DealerLotDeliveryReport(models.Model):
    """Lots delivered per dealer: what each dealer received of each lot, net of
    what it returned (the same deliveries and returns the trace reads)."""

    _name = "dealer.lot.delivery.report"
    _description = "Lots Delivered per Dealer"
    _auto = False
    _order = "last_delivery_date desc, id desc"

    dealer_id = fields.Many2one("res.partner", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    lot_id = fields.Many2one("stock.lot", readonly=True)
    lot_name = fields.Char(string="Lot Code", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    qty_delivered = fields.Float(
        string="Delivered", readonly=True, digits="Product Unit of Measure", aggregator="sum"
    )
    qty_returned = fields.Float(
        string="Returned", readonly=True, digits="Product Unit of Measure", aggregator="sum"
    )
    qty_net = fields.Float(
        string="Net Delivered", readonly=True, digits="Product Unit of Measure", aggregator="sum"
    )
    last_delivery_date = fields.Datetime(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        lines = self.env["dealer.diversion.case"]._lot_lines_sql()
        self.env.cr.execute(
            SQL(
                """CREATE VIEW %(view)s AS (
                   SELECT MIN(sml.id) AS id, dealer.id AS dealer_id, dealer.user_id,
                          sml.product_id, sml.lot_id, lot.name AS lot_name, sml.company_id,
                          SUM(sml.quantity_product_uom) FILTER (WHERE %(out)s) AS qty_delivered,
                          COALESCE(SUM(sml.quantity_product_uom) FILTER (WHERE NOT %(out)s), 0)
                              AS qty_returned,
                          COALESCE(SUM(sml.quantity_product_uom) FILTER (WHERE %(out)s), 0)
                          - COALESCE(SUM(sml.quantity_product_uom) FILTER (WHERE NOT %(out)s), 0)
                              AS qty_net,
                          MAX(sml.date) FILTER (WHERE %(out)s) AS last_delivery_date
                     %(lines)s
                 GROUP BY dealer.id, dealer.user_id, sml.product_id, sml.lot_id, lot.name,
                          sml.company_id)""",
                view=SQL.identifier(self._table),
                out=SQL("own_type.code = 'outgoing'"),
                lines=lines,
            )
        )
