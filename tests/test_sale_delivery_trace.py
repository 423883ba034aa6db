"""A dealer's order, delivered by the warehouse through sale_stock, is what a
market check traces: the lot the warehouse picked for the order leads back to
the dealer who ordered it.

dealer_channel_stock depends on stock only (it traces any done delivery); this
test lives beside the suite because it needs sale_stock, which the test
database holds (tools/env.sh, BASE_MODULES) as most companies selling goods do.
"""

from odoo.tests import Form, freeze_time

from odoo.addons.dealer_channel_stock.tests.common import StockDealerCase

from .common import SuiteCase


@freeze_time("2026-03-16")
class TestSaleDeliveryTrace(SuiteCase, StockDealerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot = cls._lot("ZJ-SO-2603")
        cls.env["stock.quant"]._update_available_quantity(
            cls.tea, cls.stock_location, 40.0, lot_id=cls.lot
        )

    def _ship_order(self, qty):
        """The salesperson confirms the dealer's order; the warehouse delivers it
        from the lot it reserved."""
        with Form(self.env["sale.order"].with_user(self.salesman)) as form:
            form.partner_id = self.dealer
            with form.order_line.new() as line:
                line.product_id = self.tea
                line.product_uom_qty = qty
                line.price_unit = 100.0
        order = form.record
        order.action_confirm()
        picking = order.picking_ids.with_user(self.stock_user)
        self.assertEqual(picking.move_line_ids.lot_id, self.lot)
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return order

    def test_the_lot_of_a_delivered_order_leads_back_to_the_dealer(self):
        order = self._ship_order(12)
        self.assertEqual(order.order_line.qty_delivered, 12)
        check = self._record_check("ZJ-SO-2603", self.jiangsu, qty=2)
        self.assertEqual(check.trace_result, "case")
        case = check.sudo().diversion_case_ids
        self.assertRecordValues(
            case,
            [{"state": "draft", "dealer_id": self.dealer.id, "lot_id": self.lot.id, "qty": 2.0}],
        )
        # the same lot seen in the dealer's own province is its own business
        self.assertEqual(self._record_check("ZJ-SO-2603", self.zhejiang).trace_result, "covered")

    def test_an_order_confirmed_but_not_delivered_traces_nothing(self):
        with Form(self.env["sale.order"].with_user(self.salesman)) as form:
            form.partner_id = self.dealer
            with form.order_line.new() as line:
                line.product_id = self.tea
                line.product_uom_qty = 5
        form.record.action_confirm()
        self.assertEqual(form.record.picking_ids.state, "assigned")
        check = self._record_check("ZJ-SO-2603", self.jiangsu)
        self.assertEqual(check.trace_result, "unknown_lot")
        self.assertFalse(check.sudo().diversion_case_ids)
