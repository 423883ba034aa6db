from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time

from .common import TODAY, DealerEnforcementCase


@freeze_time(TODAY)
class TestProjectEnforcement(DealerEnforcementCase):
    """The first registrant's protection, tried through plain RPC calls."""

    def _project(self, user, dealer, lines, name="City Hall Lighting", **vals):
        return (
            self.env["dealer.project"]
            .with_user(user)
            .create(
                {
                    "name": name,
                    "end_customer": "ACME Corp",
                    "dealer_id": dealer.id,
                    "line_ids": [
                        Command.create({"product_id": p.id, "qty": qty, "price_unit": price})
                        for p, qty, price in lines
                    ],
                    **vals,
                }
            )
        )

    def _registered(self, user, dealer, lines, **vals):
        project = self._project(user, dealer, lines, **vals)
        project.action_register()
        return project

    def _state(self, project):
        project.invalidate_recordset()
        project.line_ids.invalidate_recordset()
        return (
            project.sudo().read(
                ["name", "end_customer", "dealer_id", "state", "date_registered", "expiry_date"]
            ),
            project.line_ids.sudo().read(["product_id", "qty", "price_unit"]),
        )

    def _projects(self, name):
        return self.env["dealer.project"].search([("name", "=", name)])

    # creation

    def test_a_salesperson_creates_registrations_as_drafts_only(self):
        for state in ("registered", "won", "lost", "expired"):
            with self.assertRefused(UserError, "created as a draft"):
                self._project(
                    self.salesman, self.dealer, [(self.tea, 1, 95)], name="X", state=state
                )
        with self.assertRefused(UserError, "only dealer managers set another registration date"):
            self._project(
                self.salesman,
                self.dealer,
                [(self.tea, 1, 95)],
                name="X",
                date_registered="2025-01-01",
            )
        with self.assertRefused(UserError, "at most 90 days"):
            self._project(
                self.salesman, self.dealer, [(self.tea, 1, 95)], name="X", expiry_date="2036-03-16"
            )
        self.assertFalse(self._projects("X"))
        # the form's own values are fine
        draft = self._project(
            self.salesman,
            self.dealer,
            [(self.tea, 1, 95)],
            name="X",
            state="draft",
            date_registered="2026-03-16",
            expiry_date="2026-06-14",
        )
        self.assertEqual(draft.state, "draft")

    def test_a_salesperson_cannot_register_a_project_for_another_salespersons_dealer(self):
        with self.assertRaises(AccessError):
            self._project(self.salesman, self.rival, [(self.tea, 1, 95)], name="X")
        with self.assertRaises(AccessError):
            self._project(self.plain_rep, self.orphan, [(self.tea, 1, 95)], name="X")
        self.assertFalse(self._projects("X"))

    # state and dates move through the actions

    def test_state_and_dates_move_through_the_actions_only(self):
        project = self._registered(self.salesman, self.dealer, [(self.tea, 10, 95)])
        before = self._state(project)
        mine = project.with_user(self.salesman)
        for vals, text in (
            ({"state": "won"}, "moves with its buttons"),
            ({"state": "draft"}, "moves with its buttons"),
            ({"date_registered": "2025-01-01"}, "only dealer managers set another registration"),
            ({"expiry_date": "2036-03-16"}, "only dealer managers change its expiry date"),
            ({"expiry_date": "2026-04-01"}, "only dealer managers change its expiry date"),
        ):
            with self.assertRefused(UserError, text):
                mine.write(vals)
        self.assertEqual(self._state(project), before)
        # a draft's expiry stays within 90 days of its registration date
        draft = self._project(self.salesman, self.dealer, [(self.tea, 1, 95)], name="Library")
        with self.assertRefused(UserError, "at most 90 days"):
            draft.write({"expiry_date": "2026-06-15"})
        self.assertEqual(draft.expiry_date, date(2026, 6, 14))

    def test_registering_gives_a_salespersons_draft_today_and_90_days(self):
        project = self._project(self.salesman, self.dealer, [(self.tea, 1, 95)])
        project.write({"expiry_date": "2026-03-20"})
        with freeze_time("2026-03-20"):
            project.action_register()
        self.assertEqual(project.date_registered, date(2026, 3, 20))
        self.assertEqual(project.expiry_date, date(2026, 6, 18))

    def test_a_managers_correction_is_tracked(self):
        project = self._registered(self.salesman, self.dealer, [(self.tea, 10, 95)])
        self.env.cr.precommit.run()  # the correction comes in a later request
        project.with_user(self.manager).with_context(tracking_disable=False).write(
            {"date_registered": "2026-01-05", "expiry_date": "2026-12-31", "state": "won"}
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertEqual(project.state, "won")
        self.assertEqual(project.expiry_date, date(2026, 12, 31))
        tracked = project.sudo().message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertLessEqual({"date_registered", "expiry_date", "state"}, set(tracked))

    # the protection holds against renames and line changes

    def _protected_and_rival(self):
        first = self._registered(self.salesman, self.dealer, [(self.tea, 10, 95)])
        rival = self._registered(
            self.other_rep, self.rival, [(self.tea, 10, 85), (self.rice, 1, 40)], name="Library"
        )
        return first, rival

    def test_a_registration_cannot_be_renamed_onto_a_protected_project(self):
        first, rival = self._protected_and_rival()
        before = self._state(rival)
        theirs = rival.with_user(self.other_rep)
        with self.assertRefused(ValidationError, "may not be quoted below $\xa095.00"):
            theirs.write({"name": "city hall  lighting"})
        self.assertEqual(self._state(rival), before)
        # the same through the end customer
        rival.sudo().write({"end_customer": "Other Corp"})
        rival.sudo().write({"name": "City Hall Lighting"})
        before = self._state(rival)
        with self.assertRefused(ValidationError, "may not be quoted below"):
            theirs.write({"end_customer": "ACME corp"})
        self.assertEqual(self._state(rival), before)
        self.assertTrue(first.is_first_registrant)

    def test_a_line_cannot_be_changed_under_the_protected_price(self):
        first = self._registered(self.salesman, self.dealer, [(self.tea, 10, 95)])
        rival = self._registered(self.other_rep, self.rival, [(self.rice, 10, 85)])
        self.assertTrue(first.is_first_registrant)
        before = self._state(rival)
        line = rival.line_ids.with_user(self.other_rep)
        with self.assertRefused(ValidationError, "Green Tea may not be quoted below"):
            line.write({"product_id": self.tea.id})
        with self.assertRefused(ValidationError, "Green Tea may not be quoted below"):
            self.env["dealer.project.line"].with_user(self.other_rep).create(
                {"project_id": rival.id, "product_id": self.tea.id, "qty": 1, "price_unit": 90}
            )
        with self.assertRefused(ValidationError, "Green Tea may not be quoted below"):
            rival.with_user(self.other_rep).write(
                {"line_ids": [Command.create({"product_id": self.tea.id, "price_unit": 1})]}
            )
        self.assertEqual(self._state(rival), before)

    def test_a_rival_cannot_move_its_registration_to_another_dealer(self):
        self._registered(self.salesman, self.dealer, [(self.tea, 10, 95)])
        rival = self._registered(self.other_rep, self.rival, [(self.rice, 1, 40)])
        before = self._state(rival)
        with self.assertRefused(UserError, "only register projects for your own dealers"):
            rival.with_user(self.other_rep).write({"dealer_id": self.dealer.id})
        self.assertEqual(self._state(rival), before)

    def test_computed_and_related_values_are_not_taken_from_the_client(self):
        first, rival = self._protected_and_rival()
        rival_key = rival.project_key
        theirs = rival.with_user(self.other_rep)
        for vals in (
            {"project_key": "elsewhere"},
            {"user_id": self.salesman.id},
            {"amount_total": 1},
            {"name": "City Hall Lighting", "project_key": "elsewhere"},
        ):
            with self.assertRefused(UserError, "cannot be written directly"):
                theirs.write(vals)
        with self.assertRefused(UserError, "cannot be written directly"):
            rival.line_ids[0].with_user(self.other_rep).write({"company_id": False})
        rival.invalidate_recordset()
        self.assertEqual((rival.project_key, rival.name), (rival_key, "Library"))
        self.assertEqual(self.rival.user_id, self.other_rep)
        self.assertTrue(first.is_first_registrant)

    def test_a_salesperson_duplicates_a_registration_as_a_draft_of_today(self):
        project = self._registered(self.salesman, self.dealer, [(self.tea, 10, 95)])
        project.with_user(self.manager).date_registered = "2026-02-01"
        copy = project.with_user(self.salesman).copy({"name": "Library"})
        self.assertEqual((copy.state, copy.date_registered), ("draft", date(2026, 3, 16)))
        self.assertEqual(copy.expiry_date, date(2026, 6, 14))

    # floor violations of registered quotes

    def test_lowering_a_registered_price_below_the_floor_records_one_violation(self):
        project = self._registered(self.salesman, self.dealer, [(self.tea, 10, 95)])
        self.assertFalse(project.violation_ids)
        line = project.line_ids.with_user(self.salesman)
        line.price_unit = 70
        violation = project.violation_ids
        self.assertEqual(len(violation), 1)
        self.assertEqual((violation.source, violation.price, violation.qty), ("project", 70, 10))
        self.assertEqual(violation.shortfall, 100)
        line.write({"price_unit": 60, "qty": 20})
        self.assertEqual(project.violation_ids, violation, "updated, not duplicated")
        self.assertEqual(violation.shortfall, 400)
        # a new below-floor line of another floored product records its own
        coffee = self._product("Coffee", price=50, floor=40)
        project.with_user(self.salesman).write(
            {"line_ids": [Command.create({"product_id": coffee.id, "qty": 1, "price_unit": 30})]}
        )
        self.assertEqual(len(project.violation_ids), 2)
        self.assertEqual(
            project.violation_ids.filtered(lambda v: v.product_id == coffee).shortfall, 10
        )

    def test_a_handled_violation_follows_the_quote_without_a_duplicate(self):
        project = self._registered(self.salesman, self.dealer, [(self.tea, 10, 70)])
        violation = project.violation_ids
        violation.with_user(self.manager).action_confirm()
        line = project.line_ids.with_user(self.salesman)
        line.price_unit = 60
        self.assertEqual(project.violation_ids, violation)
        self.assertEqual((violation.state, violation.price), ("draft", 60), "back to review")
        self.assertEqual(violation.shortfall, 200)
        line.price_unit = 90  # back above the floor: nothing left to fine
        self.assertEqual(violation.shortfall, 0)
        line.price_unit = 70
        violation.with_user(self.manager).action_confirm()
        violation.with_user(self.manager).action_invoice_penalties()
        self.assertEqual(violation.state, "invoiced")
        line.with_context(tracking_disable=False).price_unit = 50
        self.assertEqual(project.violation_ids, violation)
        self.assertEqual((violation.state, violation.price), ("invoiced", 70))
        self.assertIn("after this violation was invoiced", violation.message_ids[0].body or "")

    # win, lose, back to draft

    def test_only_the_dealers_salesperson_or_a_manager_wins_or_loses(self):
        orphan_project = self._registered(self.salesman, self.orphan, [(self.tea, 1, 95)])
        mine = self._registered(self.salesman, self.dealer, [(self.rice, 1, 40)], name="Library")
        for user in (self.other_rep, self.salesman):
            for action in ("action_lose", "action_win"):
                with self.assertRefused(UserError, "Only the dealer's salesperson"):
                    getattr(orphan_project.with_user(user), action)()
        self.assertEqual(orphan_project.state, "registered")
        for action in ("action_lose", "action_win"):
            with self.assertRaises(AccessError):
                getattr(mine.with_user(self.other_rep), action)()
        self.assertEqual(mine.state, "registered")
        orphan_project.with_user(self.manager).action_lose()
        self.assertEqual(orphan_project.state, "lost")
        with self.assertRefused(UserError, "Only the dealer's salesperson"):
            orphan_project.with_user(self.other_rep).action_draft()
        self.assertEqual(orphan_project.state, "lost")
        mine.with_user(self.salesman).action_lose()
        mine.with_user(self.salesman).action_draft()
        self.assertEqual(mine.state, "draft")

    def test_nobody_but_the_owner_changes_a_registration_of_a_dealer_without_salesperson(self):
        # the protected registration belongs to a dealer nobody is salesperson of:
        # a rival salesperson sees it, but cannot rename it away from its project
        first = self._registered(self.salesman, self.orphan, [(self.tea, 10, 95)])
        before = self._state(first)
        theirs = first.with_user(self.other_rep)
        for attempt in (
            lambda: theirs.write({"name": "Somewhere Else"}),
            lambda: theirs.write({"end_customer": "Nobody"}),
            lambda: theirs.line_ids.write({"price_unit": 200}),
            lambda: theirs.line_ids.unlink(),
            lambda: (
                self.env["dealer.project.line"]
                .with_user(self.other_rep)
                .create({"project_id": first.id, "product_id": self.rice.id, "price_unit": 1})
            ),
        ):
            with self.assertRefused(UserError, "only the dealer's salesperson or a dealer manager"):
                attempt()
        self.assertEqual(self._state(first), before)
        with self.assertRefused(ValidationError, "may not be quoted below"):
            self._registered(self.other_rep, self.rival, [(self.tea, 10, 85)])
        # a dealer manager corrects it
        first.with_user(self.manager).write({"end_customer": "ACME Holding"})
        self.assertEqual(first.end_customer, "ACME Holding")

    def test_plain_sales_users_have_no_registrations(self):
        project = self._registered(self.salesman, self.orphan, [(self.tea, 1, 95)])
        with self.assertRaises(AccessError):
            project.with_user(self.plain_rep).action_lose()
        with self.assertRaises(AccessError):
            project.with_user(self.plain_rep).write({"name": "Other"})
        self.assertEqual((project.state, project.name), ("registered", "City Hall Lighting"))

    def test_the_check_runs_in_constant_queries(self):
        def register(count, prefix):
            projects = self.env["dealer.project"].union(
                *(
                    self._project(
                        self.manager, self.other_dealer, [(self.tea, 1, 95)], name=f"{prefix}{i}"
                    )
                    for i in range(count)
                )
            )
            self.env.flush_all()
            self.env.invalidate_all()
            return projects

        few, many = register(2, "F"), register(10, "M")
        start = self.env.cr.sql_log_count
        few.action_register()
        self.env.flush_all()
        expected = self.env.cr.sql_log_count - start
        with self.assertQueryCount(expected):
            many.action_register()
            self.env.flush_all()
        self.assertEqual(set(many.mapped("state")), {"registered"})
