"""Cross-territory tracing at scale: a market check's lot traced against
1,000,000 delivered move lines (100,000 lots, each delivered ten times, to 500
dealers).

The deliveries are written in SQL (pickings, moves and move lines, done, as the
warehouse leaves them); what is timed goes through the ORM as a salesperson
would: recording a check with a lot code seen outside its dealers' territory,
which traces the lot and opens the case. The fastest of three checks (each of
another lot) is kept; the query count is the same for every check, whatever
the number of lines, lots and deliveries.
"""

from odoo import Command
from odoo.tests import new_test_user

from tools.bulk_data import insert_lot_deliveries

from .common import BenchCase, measure, record, scaled

ADDON = "dealer_channel_stock"
RUNS = 3


class BenchDealerChannelStock(BenchCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.n_lines = scaled(1_000_000)
        cls.n_lots = max(1, cls.n_lines // 10)
        cls.n_dealers = scaled(500)
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env = env
        cls.rep = new_test_user(
            env, "bench.stock.rep", groups="dealer_channel_control.group_dealer_user"
        )
        zhejiang = env["dealer.territory"].create(
            {
                "name": "Bench Zhejiang",
                "code": "BENCH-ZJ",
                "state_ids": [Command.set(env.ref("base.state_cn_ZJ").ids)],
            }
        )
        cls.jiangsu = env.ref("base.state_cn_JS")
        channel = env.ref("dealer_channel_control.channel_supermarket")
        cls.dealers = env["res.partner"].create(
            [
                {
                    "name": f"Bench stock dealer {i}",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_channel_id": channel.id,
                    "user_id": cls.rep.id,
                    "dealer_territory_ids": [Command.set(zhejiang.ids)],
                }
                for i in range(cls.n_dealers)
            ]
        )
        cls.product = env["product.product"].create(
            {"name": "Bench lot tea", "is_storable": True, "tracking": "lot"}
        )
        env.flush_all()
        cls.lot_names = insert_lot_deliveries(
            env.cr,
            prefix="BENCH",
            product=cls.product,
            dealers=cls.dealers,
            lots=cls.n_lots,
            lines=cls.n_lines,
            company=env.company,
            picking_type=env.ref("stock.picking_type_out"),
            date="2026-01-05",
        )
        env.invalidate_all()
        env.cr.execute("ANALYZE stock_lot, stock_picking, stock_move, stock_move_line")

    def test_trace_a_check_against_the_deliveries(self):
        Check = self.env["dealer.price.check"].with_user(self.rep)
        timers = []
        for lot_name in self.lot_names:
            self.env.invalidate_all()
            with measure(self.env.cr) as timer:
                check = Check.create(
                    {
                        "product_id": self.product.id,
                        "price": 100,
                        "lot_name": lot_name,
                        "place_state_id": self.jiangsu.id,
                    }
                )
                self.env.flush_all()
            self.assertEqual(check.trace_result, "case")
            timers.append(timer)
        best = min(timers, key=lambda t: t.seconds)
        record(
            ADDON,
            "trace a market check's lot to its dealers (a case opened)",
            f"{self.n_lines} delivered move lines, {self.n_lots} lots, {self.n_dealers} dealers",
            best.seconds,
            queries=best.queries,
            units=self.n_lines,
            note="the lot's lines found by an index on stock_move_line.lot_id: flat in the lines",
        )
        self.assertEqual(len({t.queries for t in timers[1:]}), 1)
        self.assertLess(best.seconds, 2)
