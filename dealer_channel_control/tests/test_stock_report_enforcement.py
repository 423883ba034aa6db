from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time

from .common import TODAY, DealerEnforcementCase


@freeze_time(TODAY)
class TestStockReportEnforcement(DealerEnforcementCase):
    """A done report is what the dealer submitted: nobody rewrites it through RPC."""

    def setUp(self):
        super().setUp()
        # rice: 300 on hand, 10 a day (30 days, band 20-25); tea: 100 on hand (10 days)
        self.report = self._report(
            self.dealer, "2026-03-09", [(self.tea, 100, 70), (self.rice, 300, 70)]
        )

    def _snapshot(self, report):
        report.invalidate_recordset()
        report.line_ids.invalidate_recordset()
        return (
            report.read(
                [
                    "dealer_id",
                    "date",
                    "period_days",
                    "state",
                    "channel_id",
                    "inventory_min_days",
                    "inventory_max_days",
                    "inventory_days",
                ]
            ),
            report.line_ids.read(["product_id", "qty_on_hand", "qty_sold", "inventory_days"]),
        )

    def test_raising_the_band_of_a_done_report_no_longer_lets_an_overstock_order_through(self):
        self.company.dealer_overstock_policy = "block"
        order = self._order(self.dealer, [(self.rice, 10, 50, 0)])
        before = self._snapshot(self.report)
        for user in (self.salesman, self.manager):
            with self.assertRefused(UserError, "is done and can no longer be changed"):
                self.report.with_user(user).write({"inventory_max_days": 40})
        self.assertEqual(self._snapshot(self.report), before)
        self.assertEqual(self.report.inventory_max_days, 25)
        with self.assertRefused(UserError, "band maximum 25"):
            order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_the_lines_of_a_done_report_are_read_only(self):
        before = self._snapshot(self.report)
        rice_line = self.report.line_ids.filtered(lambda ln: ln.product_id == self.rice)
        lines = self.env["dealer.stock.report.line"].with_user(self.salesman)
        attempts = [
            lambda: rice_line.with_user(self.salesman).write({"qty_on_hand": 10}),
            lambda: rice_line.with_user(self.salesman).write({"qty_sold": 700}),
            lambda: rice_line.with_user(self.salesman).unlink(),
            lambda: lines.create({"report_id": self.report.id, "product_id": self.salt.id}),
            lambda: self.report.with_user(self.salesman).write(
                {"line_ids": [Command.update(rice_line.id, {"qty_on_hand": 10})]}
            ),
            lambda: self.report.with_user(self.salesman).write(
                {"line_ids": [Command.delete(rice_line.id)]}
            ),
            lambda: self.report.with_user(self.manager).write(
                {"line_ids": [Command.create({"product_id": self.salt.id})]}
            ),
            lambda: rice_line.with_user(self.manager).write({"qty_on_hand": 10}),
        ]
        for attempt in attempts:
            with self.assertRefused(UserError, "is done and can no longer be changed"):
                attempt()
        self.assertEqual(self._snapshot(self.report), before)

    def test_a_line_cannot_be_moved_into_or_out_of_a_done_report(self):
        draft = self._report(self.dealer, "2026-03-16", [(self.tea, 10, 7)], state="draft")
        before = self._snapshot(self.report)
        with self.assertRefused(UserError, "is done and can no longer be changed"):
            draft.line_ids.with_user(self.salesman).write({"report_id": self.report.id})
        rice_line = self.report.line_ids.filtered(lambda ln: ln.product_id == self.rice)
        with self.assertRefused(UserError, "is done and can no longer be changed"):
            rice_line.with_user(self.salesman).write({"report_id": draft.id})
        self.assertEqual(self._snapshot(self.report), before)
        self.assertEqual(draft.line_ids.product_id, self.tea)

    def test_the_header_of_a_done_report_is_read_only(self):
        before = self._snapshot(self.report)
        changes = [
            {"dealer_id": self.other_dealer.id},
            {"date": "2026-03-02"},
            {"period_days": 14},
            {"inventory_min_days": 5},
            {"channel_id": self.wholesale.id},
            {"company_id": self.env["res.company"].create({"name": "Elsewhere"}).id},
        ]
        for vals in changes:
            for user in (self.salesman, self.manager):
                with self.assertRefused(UserError, "is done and can no longer be changed"):
                    self.report.with_user(user).write(vals)
        self.assertEqual(self._snapshot(self.report), before)

    def test_a_done_report_cannot_be_deleted(self):
        for user in (self.salesman, self.manager):
            with self.assertRefused(UserError, "is done and can no longer be changed"):
                self.report.with_user(user).unlink()
        self.assertTrue(self.report.exists())
        self.assertEqual(len(self.report.line_ids), 2)

    def test_only_a_dealer_manager_resets_a_done_report_to_draft(self):
        report = self.report.with_user(self.salesman)
        with self.assertRefused(UserError, "Only a dealer manager may reset"):
            report.action_draft()
        with self.assertRefused(UserError, "Only a dealer manager may reset"):
            report.write({"state": "draft"})
        self.assertEqual(self.report.state, "done")
        self.env.cr.precommit.run()  # the reset comes in a later request
        tracked = self.report.with_user(self.manager).with_context(tracking_disable=False)
        tracked.action_draft()
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertEqual(self.report.state, "draft")
        self.assertIn(
            "state",
            self.report.sudo().message_ids.tracking_value_ids.field_id.mapped("name"),
            "the manager's reset is tracked in the chatter",
        )
        # back in draft, the dealer's salesperson corrects and submits it again
        rice_line = self.report.line_ids.filtered(lambda ln: ln.product_id == self.rice)
        rice_line.with_user(self.salesman).qty_on_hand = 200
        report.action_done()
        self.assertEqual(self.report.state, "done")
        self.assertEqual(rice_line.inventory_days, 20)

    def test_a_report_cannot_move_to_a_dealer_of_another_salesperson(self):
        draft = self._report(self.dealer, "2026-03-16", [(self.tea, 10, 7)], state="draft")
        for dealer in (self.third_dealer, self.other_dealer):
            with self.assertRefused(UserError, "only report stock for your own dealers"):
                draft.with_user(self.salesman).write({"dealer_id": dealer.id})
        draft.invalidate_recordset()
        self.assertEqual(draft.dealer_id, self.dealer)
        self.assertEqual(draft.user_id, self.salesman)
        with self.assertRaises(AccessError):
            self._report_as(self.salesman, self.third_dealer)
        self.assertFalse(
            self.env["dealer.stock.report"].search([("dealer_id", "=", self.third_dealer.id)])
        )

    def _report_as(self, user, dealer, **vals):
        return (
            self.env["dealer.stock.report"]
            .with_user(user)
            .create(
                {
                    "dealer_id": dealer.id,
                    "date": "2026-03-16",
                    "line_ids": [Command.create({"product_id": self.tea.id, "qty_sold": 7})],
                    **vals,
                }
            )
        )

    def test_a_salesperson_does_not_choose_the_band(self):
        with self.assertRefused(UserError, "only a dealer manager sets another band"):
            self._report_as(self.salesman, self.dealer, inventory_max_days=40, state="done")
        with self.assertRefused(UserError, "only a dealer manager sets another band"):
            self._report_as(self.salesman, self.dealer, channel_id=self.wholesale.id)
        self.assertFalse(self.env["dealer.stock.report"].search([("date", "=", "2026-03-16")]))
        # the channel's own band, as the form sends it, is fine
        draft = self._report_as(
            self.salesman, self.dealer, inventory_min_days=20, inventory_max_days=25
        )
        with self.assertRefused(UserError, "only a dealer manager sets another band"):
            draft.write({"inventory_max_days": 40})
        self.assertEqual(draft.inventory_max_days, 25)
        draft.with_user(self.manager).inventory_max_days = 40
        self.assertEqual(draft.inventory_max_days, 40)

    def test_computed_figures_are_not_taken_from_the_client(self):
        draft = self._report(self.dealer, "2026-03-16", [(self.rice, 300, 70)], state="draft")
        line = draft.line_ids
        for target, vals in (
            (line, {"daily_sales": 1000}),
            (line, {"inventory_days": 1}),
            (line, {"suggested_qty": 0, "inventory_state": "normal"}),
            (draft, {"inventory_days": 1}),
        ):
            with self.assertRefused(UserError, "cannot be written directly"):
                target.with_user(self.salesman).write(vals)
        with self.assertRefused(UserError, "cannot be written directly"):
            self._report_as(
                self.salesman, self.dealer, date="2026-03-17", inventory_days=22, state="done"
            )
        line.invalidate_recordset()
        self.assertEqual(line.daily_sales, 10)
        self.assertEqual(line.inventory_days, 30)
        self.assertEqual(line.inventory_state, "over")

    def test_other_salespeople_cannot_touch_the_report(self):
        draft = self._report(self.dealer, "2026-03-16", [(self.tea, 10, 7)], state="draft")
        for report in (draft, self.report):
            before = self._snapshot(report)
            for user in (self.other_rep, self.plain_rep):
                for attempt in (
                    lambda r=report, u=user: r.with_user(u).write({"period_days": 14}),
                    lambda r=report, u=user: r.line_ids.with_user(u).write({"qty_on_hand": 1}),
                ):
                    self.env.invalidate_all()
                    # a draft is refused by the access rights, a done report may be
                    # refused first for being done
                    expected = AccessError if report == draft else (AccessError, UserError)
                    with self.assertRaises(Exception) as catcher:
                        attempt()
                    self.assertIsInstance(catcher.exception, expected)
                with self.assertRefused(UserError, "Only a dealer manager may reset"):
                    report.with_user(user).action_draft()
                self.env.invalidate_all()
                with self.assertRaises(AccessError):
                    report.with_user(user).read(["state"])
            self.assertEqual(self._snapshot(report), before)

    def test_a_report_submitted_at_once_is_done_with_its_lines(self):
        report = self._report_as(self.salesman, self.dealer, state="done")
        self.assertEqual(report.state, "done")
        self.assertEqual(report.line_ids.product_id, self.tea)
        self.assertEqual(report.date, date(2026, 3, 16))
        with self.assertRefused(UserError, "at least one product line"):
            self.env["dealer.stock.report"].with_user(self.salesman).create(
                {"dealer_id": self.dealer.id, "date": "2026-03-17", "state": "done"}
            )
        self.assertFalse(self.env["dealer.stock.report"].search([("date", "=", "2026-03-17")]))
