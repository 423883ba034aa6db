from datetime import date
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, freeze_time

from .common import TODAY, DealerCase


@freeze_time(TODAY)
class TestProject(DealerCase):
    def _project(self, dealer, lines, name="City Hall Lighting", customer="ACME Corp", **vals):
        user = self.salesman if dealer == self.dealer else self.manager
        return (
            self.env["dealer.project"]
            .with_user(user)
            .create(
                {
                    "name": name,
                    "end_customer": customer,
                    "dealer_id": dealer.id,
                    "line_ids": [
                        Command.create({"product_id": p.id, "qty": qty, "price_unit": price})
                        for p, qty, price in lines
                    ],
                    **vals,
                }
            )
        )

    def _registered(self, dealer, lines, date_registered=None, **vals):
        project = self._project(dealer, lines, **vals)
        project.action_register()
        if date_registered:
            project.with_user(self.manager).date_registered = date_registered
        return project

    def test_only_a_manager_backdates_a_registration(self):
        # a salesperson's backdated draft is refused at creation (see
        # test_project_enforcement); registering dates it today
        mine = self._project(self.dealer, [(self.tea, 1, 95)])
        mine.action_register()
        self.assertEqual(mine.date_registered, date(2026, 3, 16))
        theirs = self._project(
            self.other_dealer, [(self.tea, 1, 95)], name="Library", date_registered="2026-01-01"
        )
        theirs.action_register()  # by the manager
        self.assertEqual(theirs.date_registered, date(2026, 1, 1))

    def test_a_salesperson_registers_a_project_for_90_days(self):
        with Form(self.env["dealer.project"].with_user(self.salesman)) as form:
            form.name = "City Hall Lighting"
            form.end_customer = "ACME Corp"
            form.dealer_id = self.dealer
            with form.line_ids.new() as line:
                line.product_id = self.tea
                line.qty = 10
                line.price_unit = 95
        project = form.record
        project.action_register()
        self.assertEqual(project.state, "registered")
        self.assertEqual(project.expiry_date, date(2026, 6, 14))
        self.assertEqual(project.amount_total, 950)
        self.assertTrue(project.is_first_registrant)

    def test_the_first_registrant_is_protected_from_a_lower_quote(self):
        first = self._registered(self.dealer, [(self.tea, 10, 95)])
        second = self._project(
            self.other_dealer,
            [(self.tea, 10, 90)],
            name="city hall  LIGHTING",
            customer="acme corp",
        )
        with self.assertRefused(ValidationError, "Green Tea may not be quoted below $\xa095.00"):
            second.action_register()
        self.assertEqual(second.state, "draft")
        self.assertFalse(second.is_first_registrant)
        self.assertEqual(second.protected_project_id, first)

    def test_another_dealer_may_bid_at_or_above_the_protected_price(self):
        first = self._registered(self.dealer, [(self.tea, 10, 95)])
        second = self._registered(self.other_dealer, [(self.tea, 10, 95), (self.rice, 1, 1)])
        self.assertEqual(second.state, "registered")
        self.assertTrue(first.is_first_registrant)
        self.assertFalse(second.is_first_registrant)
        with self.assertRefused(ValidationError, "may not be quoted below"):
            second.line_ids[0].price_unit = 94
        self.assertEqual(second.line_ids[0].price_unit, 95)

    def test_a_different_project_is_not_protected(self):
        self._registered(self.dealer, [(self.tea, 10, 95)])
        other = self._registered(self.other_dealer, [(self.tea, 10, 85)], name="Library")
        self.assertTrue(other.is_first_registrant)

    def test_a_lost_or_expired_registration_protects_nobody(self):
        first = self._registered(self.dealer, [(self.tea, 10, 95)])
        first.action_lose()
        second = self._registered(self.other_dealer, [(self.tea, 10, 85)])
        self.assertTrue(second.is_first_registrant)

    def test_a_won_registration_keeps_its_protection(self):
        first = self._registered(self.dealer, [(self.tea, 10, 95)])
        first.action_win()
        with self.assertRefused(ValidationError, "may not be quoted below"):
            self._registered(self.other_dealer, [(self.tea, 10, 85)])

    def test_the_cron_expires_old_registrations_which_then_protect_nobody(self):
        first = self._registered(
            self.dealer, [(self.tea, 10, 95)], date_registered="2025-12-01"
        )  # expires 2026-03-01
        recent = self._registered(self.dealer, [(self.tea, 1, 95)], name="Library")
        self.env["dealer.project"]._cron_expire_projects()
        self.assertEqual(first.state, "expired")
        self.assertEqual(recent.state, "registered")
        second = self._registered(self.other_dealer, [(self.tea, 10, 85)])
        self.assertTrue(second.is_first_registrant)

    def test_a_registration_that_cannot_expire_does_not_stop_the_others(self):
        old = {"date_registered": "2025-12-01"}
        broken = self._registered(self.dealer, [(self.tea, 1, 95)], name="Broken", **old)
        fine = self._registered(self.dealer, [(self.tea, 1, 95)], name="Fine", **old)
        model = type(self.env["dealer.project"])
        original_write = model.write

        def write(records, vals):
            if broken in records and vals.get("state") == "expired":
                raise ValueError("database hiccup")
            return original_write(records, vals)

        with (
            patch.object(model, "write", write),
            self.assertLogs("odoo.addons.channel_suite_base.cron_batches", "ERROR") as logs,
        ):
            self.env["dealer.project"]._cron_expire_projects()
        self.assertEqual(broken.state, "registered")
        self.assertEqual(fine.state, "expired")
        self.assertIn(f"_expire skipped {broken}", logs.output[0])

    def _expired_registrations(self, count):
        projects = self.env["dealer.project"].union(
            *(
                self._registered(
                    self.dealer,
                    [(self.tea, 1, 95)],
                    name=f"Old {count} {i}",
                    date_registered="2025-12-01",
                )
                for i in range(count)
            )
        )
        self.env.flush_all()
        self.env.invalidate_all()
        return projects

    def test_the_expiry_cron_runs_the_same_queries_for_2_or_20_registrations(self):
        few = self._expired_registrations(2)
        cron = self.env["dealer.project"].with_context(tracking_disable=False)
        start = self.env.cr.sql_log_count
        cron._cron_expire_projects()
        self.env.flush_all()
        expected = self.env.cr.sql_log_count - start
        self.assertEqual(set(few.mapped("state")), {"expired"})
        many = self._expired_registrations(20)
        with self.assertQueryCount(expected):
            cron._cron_expire_projects()
        self.assertEqual(set(many.mapped("state")), {"expired"})

    def test_a_quote_below_the_floor_is_accepted_and_records_a_violation(self):
        project = self._registered(self.dealer, [(self.tea, 10, 70), (self.rice, 5, 1)])
        self.assertEqual(project.state, "registered")
        violation = project.violation_ids
        self.assertEqual(len(violation), 1)
        self.assertEqual(violation.source, "project")
        self.assertEqual(violation.shortfall, 100)
        self.assertEqual(violation.dealer_id, self.dealer)

    def test_registering_without_lines_is_refused(self):
        project = self._project(self.dealer, [])
        with self.assertRefused(UserError, "has no products"):
            project.action_register()
        self.assertEqual(project.state, "draft")

    def test_a_zero_or_negative_quantity_is_refused(self):
        for qty in (0, -3):
            with self.assertRefused(ValidationError, "quantity above zero"):
                self._project(self.dealer, [(self.tea, qty, 95)])
        self.assertFalse(self.env["dealer.project"].search([("dealer_id", "=", self.dealer.id)]))
