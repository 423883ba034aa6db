from odoo import Command
from odoo.tests import Form, new_test_user

from odoo.addons.dealer_channel_control.tests.common import DealerCase


class StockDealerCase(DealerCase):
    """Dealers with territories (Zhejiang, Jiangsu), a lot-tracked product and its
    deliveries; a salesperson records market checks through the form."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.zhejiang = cls.env.ref("base.state_cn_ZJ")
        cls.jiangsu = cls.env.ref("base.state_cn_JS")
        cls.shanghai = cls.env.ref("base.state_cn_SH")
        Territory = cls.env["dealer.territory"]
        cls.east = Territory.create(
            {"name": "Zhejiang", "code": "TEST-ZJ", "state_ids": [Command.set(cls.zhejiang.ids)]}
        )
        cls.north = Territory.create(
            {"name": "Jiangsu", "code": "TEST-JS", "state_ids": [Command.set(cls.jiangsu.ids)]}
        )
        cls.dealer.dealer_territory_ids = cls.east
        cls.other_dealer.dealer_territory_ids = cls.north
        cls.env.company.dealer_diversion_penalty_per_unit = 20.0
        cls.stock_user = new_test_user(
            cls.env,
            "stock.clerk",
            groups="stock.group_stock_user,product.group_product_manager",
            name="Stock Clerk",
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.tea.write({"is_storable": True, "tracking": "lot"})

    @classmethod
    def _lot(cls, name, product=None):
        return cls.env["stock.lot"].create(
            {"name": name, "product_id": (product or cls.tea).id, "company_id": cls.env.company.id}
        )

    @classmethod
    def _deliver(cls, partner, lot, qty=10.0):
        """A done delivery of `qty` of the lot to `partner`, as the warehouse does it."""
        product = lot.product_id
        Picking = cls.env["stock.picking"].with_user(cls.stock_user)
        picking = Picking.create(
            {
                "picking_type_id": cls.warehouse.out_type_id.id,
                "partner_id": partner.id,
                "location_id": cls.stock_location.id,
                "location_dest_id": cls.customers.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": cls.stock_location.id,
                            "location_dest_id": cls.customers.id,
                        }
                    )
                ],
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            product, cls.stock_location, qty, lot_id=lot
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.picked = True
        picking.button_validate()
        return picking

    @classmethod
    def _return(cls, picking, qty):
        """The dealer sends back `qty` of a delivery, through Odoo's return wizard."""
        wizard = (
            cls.env["stock.return.picking"]
            .with_user(cls.stock_user)
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({"picking_id": picking.id})
        )
        wizard.product_return_moves.quantity = qty
        returned = cls.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        returned = returned.with_user(cls.stock_user)
        returned.action_assign()
        for line in returned.move_ids.move_line_ids:
            line.lot_id = picking.move_line_ids.lot_id
            line.quantity = qty
        returned.move_ids.picked = True
        returned.button_validate()
        return returned

    def _record_check(self, lot_name, place, product=None, dealer=None, qty=3.0, price=100.0):
        """A salesperson records what was seen in a shop, through the form."""
        with Form(self.env["dealer.price.check"].with_user(self.salesman)) as form:
            if dealer:
                form.dealer_id = dealer
            form.product_id = product or self.tea
            form.price = price
            form.qty = qty
            form.location = "Lucky Corner Shop"
            form.lot_name = lot_name
            form.place_state_id = place
            form.place_city = "Suzhou"
        return form.record
