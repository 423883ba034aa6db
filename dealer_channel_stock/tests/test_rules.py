from odoo.tests import BaseCase

from ..rules import CASE, COVERED, UNKNOWN_LOT, net_origins, trace_outcome


class TestTraceRules(BaseCase):
    def test_net_origins_drop_dealers_that_returned_everything(self):
        flows = [("a", 10, 0), ("b", 5, 5), ("a", 0, 4), ("c", 3, 1)]
        self.assertEqual(net_origins(flows), ["a", "c"])

    def test_no_origin_is_an_unknown_lot(self):
        self.assertEqual(trace_outcome([], "ZJ", {}), (UNKNOWN_LOT, []))

    def test_an_origin_allowed_in_the_place_covers_it(self):
        territories = {"a": {"ZJ"}, "b": {"JS"}}
        self.assertEqual(trace_outcome(["a", "b"], "JS", territories), (COVERED, []))

    def test_an_origin_without_territory_sells_anywhere(self):
        self.assertEqual(trace_outcome(["a", "b"], "SH", {"a": {"ZJ"}, "b": set()}), (COVERED, []))

    def test_origins_outside_the_place_make_a_case_with_all_of_them(self):
        territories = {"a": {"ZJ"}, "b": {"JS"}}
        self.assertEqual(trace_outcome(["a"], "JS", territories), (CASE, ["a"]))
        self.assertEqual(trace_outcome(["a", "b"], "SH", territories), (CASE, ["a", "b"]))
