"""The customer pool as Chinese sales teams run it: claim caps and cooldown,
the pool history, release with a reason, and the countdown. Each refusal is
tried as the weakest user through the plain call a JSON-RPC client makes, and
checked to change nothing."""

from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, new_test_user

from .common import FollowupCase

TODAY = date(2026, 3, 4)


class PoolCase(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "followup_claim_max_held": 0,
                "followup_claim_max_daily": 0,
                "followup_claim_cooldown_days": 30,
                "followup_reclaim_warning_days": 7,
            }
        )
        # reclaim period 90 days: these five are reclaimed today (3 from Sam, 2 from Olga)
        cls.pooled = cls.env["res.partner"]
        for n, user in enumerate(
            [cls.salesman, cls.salesman, cls.salesman, cls.other_salesman, cls.other_salesman]
        ):
            cls.pooled |= cls._customer(
                f"Pooled {n}", cls.grade_b, user, graded_on=date(2025, 11, 1)
            )
        cls.env["res.partner"]._cron_reclaim_neglected()
        cls.lost_by_sam = cls.pooled[:3]
        cls.lost_by_olga = cls.pooled[3:]

    def _events(self, partners, event=None):
        domain = [("partner_id", "in", partners.ids)]
        if event:
            domain.append(("event", "=", event))
        return self.env["crm.followup.pool.event"].search(domain)

    def _state(self, partners):
        partners.invalidate_recordset()
        return [
            (p.user_id, p.followup_pool_date, p.followup_assigned_date, p.followup_reclaim_date)
            for p in partners
        ]

    def _hold(self, user, count, grade=None):
        return self.env["res.partner"].create(
            [
                {
                    "name": f"Held {n}",
                    "user_id": user.id,
                    "followup_grade_id": (grade or self.grade_b).id,
                }
                for n in range(count)
            ]
        )


class TestClaimRules(PoolCase):
    def test_the_pool_starts_with_the_reclaimed_customers(self):
        self.assertFalse(self.pooled.user_id)
        events = self._events(self.pooled, "reclaimed")
        self.assertEqual(len(events), 5)
        self.assertEqual(
            {(e.partner_id, e.user_id, e.date) for e in events},
            {(p, self.salesman, TODAY) for p in self.lost_by_sam}
            | {(p, self.other_salesman, TODAY) for p in self.lost_by_olga},
        )
        self.assertIn("logged no follow-up for 90 days", events[0].reason)

    def test_a_salesperson_hits_the_cap_on_customers_held(self):
        self.company.followup_claim_max_held = 3
        self._hold(self.salesman, 2)
        self._hold(self.salesman, 4, self.grade_e)  # never reclaimed: not counted
        before = self._state(self.lost_by_olga)
        with self.assertRaises(UserError) as error:
            self.lost_by_olga.with_user(self.salesman).action_followup_claim()
        message = str(error.exception)
        self.assertIn("most customers held", message)
        self.assertIn("at most 3 customers", message)
        self.assertIn("you hold 2 and are claiming 2", message)
        self.assertEqual(self._state(self.lost_by_olga), before, "all or nothing")
        self.assertFalse(self._events(self.lost_by_olga, "claimed"))
        self.lost_by_olga[0].with_user(self.salesman).action_followup_claim()
        self.assertEqual(self.lost_by_olga[0].user_id, self.salesman, "one more fits the cap")

    def test_a_salesperson_hits_the_cap_on_claims_a_day(self):
        self.company.followup_claim_max_daily = 1
        self.lost_by_olga[0].with_user(self.salesman).action_followup_claim()
        before = self._state(self.lost_by_olga[1])
        with self.assertRaises(UserError) as error:
            self.lost_by_olga[1].with_user(self.salesman).action_followup_claim()
        message = str(error.exception)
        self.assertIn("most claims per day", message)
        self.assertIn("at most 1 customers a day", message)
        self.assertIn("you claimed 1 today", message)
        self.assertEqual(self._state(self.lost_by_olga[1]), before)
        with freeze_time("2026-03-05 09:00:00"):
            self.lost_by_olga[1].with_user(self.salesman).action_followup_claim()
        self.assertEqual(self.lost_by_olga[1].user_id, self.salesman, "a new day, a new claim")

    def test_a_multi_customer_claim_is_all_or_nothing(self):
        self.company.followup_claim_max_daily = 2
        before = self._state(self.lost_by_olga | self.lost_by_sam[:1])
        with self.assertRaises(UserError):
            (self.lost_by_olga | self.lost_by_sam[:1]).with_user(
                self.other_salesman
            ).action_followup_claim()
        # Olga's own lost customers are also in cooldown; Sam's alone would pass the cooldown
        self.assertEqual(self._state(self.lost_by_olga | self.lost_by_sam[:1]), before)
        with self.assertRaises(UserError) as error:
            self.lost_by_sam.with_user(self.other_salesman).action_followup_claim()
        self.assertIn("most claims per day", str(error.exception))
        self.assertFalse(self.lost_by_sam.user_id, "none of the three was claimed")
        self.assertFalse(self._events(self.pooled, "claimed"))

    def test_nobody_grabs_back_a_customer_they_lost_until_the_cooldown_ends(self):
        customer = self.lost_by_sam[0]
        before = self._state(customer)
        with self.assertRaises(UserError) as error:
            customer.with_user(self.salesman).action_followup_claim()
        message = str(error.exception)
        self.assertIn("claim cooldown", message)
        self.assertIn("within 30 days", message)
        self.assertIn("0 days ago", message)
        self.assertIn("04/03/2026", message)  # claim again from 3 April (en_US format)
        self.assertEqual(self._state(customer), before)
        with freeze_time("2026-04-02 09:00:00"), self.assertRaises(UserError) as error:
            customer.with_user(self.salesman).action_followup_claim()
        self.assertIn("29 days ago", str(error.exception))
        with freeze_time("2026-04-03 09:00:00"):
            customer.with_user(self.salesman).action_followup_claim()
        self.assertEqual(customer.user_id, self.salesman)

    def test_a_colleague_claims_it_at_once(self):
        self.lost_by_sam[0].with_user(self.other_salesman).action_followup_claim()
        self.assertEqual(self.lost_by_sam[0].user_id, self.other_salesman)
        event = self._events(self.lost_by_sam[0], "claimed")
        self.assertEqual((event.user_id, event.date), (self.other_salesman, TODAY))

    def test_managers_assign_regardless_of_the_rules(self):
        self.company.write({"followup_claim_max_held": 1, "followup_claim_max_daily": 1})
        self._hold(self.salesman, 3)
        self.lost_by_sam.with_user(self.manager).write({"user_id": self.salesman.id})
        self.assertEqual(self.lost_by_sam.user_id, self.salesman)
        self.assertFalse(self.lost_by_sam.filtered("followup_pool_date"))
        events = self._events(self.lost_by_sam, "assigned")
        self.assertEqual(len(events), 3)
        self.assertEqual(events.user_id, self.salesman)
        self.assertIn("Mia Manager", events[0].reason)

    def test_a_salesperson_cannot_assign_around_the_rules(self):
        self.company.followup_claim_max_held = 1
        self._hold(self.salesman, 1)
        before = self._state(self.lost_by_olga)
        with self.assertRaises(UserError):
            self.lost_by_olga.with_user(self.salesman).write({"user_id": self.salesman.id})
        self.assertEqual(self._state(self.lost_by_olga), before)

    def test_the_rules_cannot_be_negative(self):
        for fname in (
            "followup_claim_max_held",
            "followup_claim_max_daily",
            "followup_claim_cooldown_days",
            "followup_reclaim_warning_days",
        ):
            with (
                self.subTest(rule=fname),
                self.assertRaises(ValidationError),
                self.env.cr.savepoint(),
            ):
                self.company.write({fname: -1})
        self.assertEqual(self.company.followup_claim_cooldown_days, 30)

    def test_the_rules_are_in_the_settings(self):
        admin = self.env.ref("base.user_admin")
        arch = self.env["res.config.settings"].with_user(admin).get_views([(False, "form")])
        form = arch["views"]["form"]["arch"]
        for fname in (
            "followup_claim_max_held",
            "followup_claim_max_daily",
            "followup_claim_cooldown_days",
            "followup_reclaim_warning_days",
            "followup_calendar_cn",
        ):
            self.assertIn(fname, form)
        with Form(self.env["res.config.settings"].with_user(admin).create({})) as settings:
            self.assertEqual(settings.followup_claim_cooldown_days, 30, "30 by default")
            self.assertEqual(settings.followup_reclaim_warning_days, 7, "7 by default")
            settings.followup_claim_max_held = 50
        self.assertEqual(self.company.followup_claim_max_held, 50)
        with self.assertRaises(AccessError):
            self.company.with_user(self.manager).write({"followup_claim_max_held": 0})


class TestClaimQueries(PoolCase):
    def _claim_queries(self, held):
        self.company.write(
            {
                "followup_claim_max_held": 1000,
                "followup_claim_max_daily": 1000,
                "followup_claim_cooldown_days": 30,
            }
        )
        self._hold(self.salesman, held)
        # a first claim warms the caches (rules, groups, settings)
        self.lost_by_olga[1].with_user(self.salesman).action_followup_claim()
        customer = self.lost_by_olga[0]
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        customer.with_user(self.salesman).action_followup_claim()
        self.env.flush_all()
        self.assertEqual(customer.user_id, self.salesman)
        return self.env.cr.sql_log_count - before

    def test_a_claim_costs_the_same_whatever_the_salesperson_holds(self):
        with self.env.cr.savepoint() as savepoint:
            self._claim_queries(1)  # warms the registry caches a rollback keeps
            savepoint.rollback()
        with self.env.cr.savepoint() as savepoint:
            one = self._claim_queries(1)
            savepoint.rollback()
        self.assertEqual(self._claim_queries(60), one)

    def test_query_count_of_a_claim(self):
        self._hold(self.salesman, 40)
        self.company.write({"followup_claim_max_held": 100, "followup_claim_max_daily": 10})
        self.lost_by_olga[1].with_user(self.salesman).action_followup_claim()
        self.env.flush_all()
        self.env.invalidate_all()
        # 16 with warm caches; 23 when the access-rule caches were just cleared
        # (run alone): none of them depends on what the salesperson holds
        with self.assertQueryCount(__system__=23):
            self.lost_by_olga[0].with_user(self.salesman).action_followup_claim()
            self.env.flush_all()


class TestPoolHistory(PoolCase):
    def test_nobody_writes_the_history(self):
        event = self._events(self.lost_by_sam[0], "reclaimed")
        Event = self.env["crm.followup.pool.event"]
        for user in (self.salesman, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    Event.with_user(user).create(
                        {"partner_id": self.lost_by_sam[0].id, "event": "claimed"}
                    )
                with self.assertRaises(AccessError):
                    event.with_user(user).write({"date": "2025-01-01", "user_id": False})
                with self.assertRaises(AccessError):
                    event.with_user(user).unlink()
        event.invalidate_recordset()
        self.assertEqual(
            (event.date, event.user_id, event.event), (TODAY, self.salesman, "reclaimed")
        )
        self.assertEqual(len(self._events(self.pooled)), 5)

    def test_salespeople_see_their_own_managers_all(self):
        Event = self.env["crm.followup.pool.event"]
        mine = Event.with_user(self.salesman).search([("partner_id", "in", self.pooled.ids)])
        self.assertEqual(mine.partner_id, self.lost_by_sam)
        with self.assertRaises(AccessError):
            self._events(self.lost_by_olga).with_user(self.salesman).read(["reason"])
        everyone = Event.with_user(self.manager).search([("partner_id", "in", self.pooled.ids)])
        self.assertEqual(everyone.partner_id, self.pooled)
        all_docs = Event.with_user(self.all_docs).search([("partner_id", "in", self.pooled.ids)])
        self.assertFalse(all_docs, "all-documents users see their own events only")

    def test_other_companies_do_not_see_it(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        manager = new_test_user(
            self.env,
            "fu_other_co_manager",
            groups="sales_team.group_sale_manager",
            company_id=other.id,
            company_ids=[other.id],
        )
        seen = (
            self.env["crm.followup.pool.event"]
            .with_user(manager)
            .search([("partner_id", "in", self.pooled.ids)])
        )
        self.assertFalse(seen)

    def test_who_loses_customers(self):
        self.lost_by_sam[0].with_user(self.other_salesman).action_followup_claim()
        action = (
            self.env["ir.actions.act_window"]
            .with_user(self.manager)
            ._for_xml_id("crm_followup_grading.crm_followup_pool_event_action_report")
        )
        Event = self.env["crm.followup.pool.event"].with_user(self.manager)
        views = Event.get_views(action["views"])
        self.assertIn("pivot", views["views"])
        groups = Event.read_group(
            [("partner_id", "in", self.pooled.ids)],
            ["__count"],
            ["user_id", "event", "date:month"],
            lazy=False,
        )
        table = {(g["user_id"][1], g["event"], g["date:month"]): g["__count"] for g in groups}
        self.assertEqual(
            table,
            {
                ("Sam Sales", "reclaimed", "March 2026"): 3,
                ("Olga Other", "reclaimed", "March 2026"): 2,
                ("Olga Other", "claimed", "March 2026"): 1,
            },
        )
        menu = self.env.ref("crm_followup_grading.crm_followup_pool_event_menu_report")
        visible = self.env["ir.ui.menu"].with_user(self.salesman)._visible_menu_ids()
        self.assertNotIn(menu.id, visible)
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids())


class TestRelease(PoolCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls._customer(
            "Mine", cls.grade_b, cls.salesman, graded_on=date(2026, 2, 1), last=date(2026, 2, 20)
        )
        cls.theirs = cls._customer("Theirs", cls.grade_b, cls.other_salesman)

    def _release(self, partners, user, reason):
        action = partners.with_user(user).action_followup_release()
        self.assertEqual(action["res_model"], "crm.followup.release.wizard")
        self.assertEqual(action["target"], "new")
        wizard = (
            self.env["crm.followup.release.wizard"]
            .with_user(user)
            .with_context(**action["context"])
            .create({"reason": reason})
        )
        self.assertEqual(wizard.partner_ids, partners)
        return wizard.action_release()

    def test_a_salesperson_releases_a_customer_with_a_reason(self):
        self.env["res.partner"]._cron_schedule_followups()
        self._release(self.mine, self.salesman, "The buyer moved to Chengdu")
        self.assertFalse(self.mine.user_id)
        self.assertEqual(self.mine.followup_pool_date, TODAY)
        self.assertFalse(self.mine.followup_reclaim_date)
        self.assertFalse(self._reminders(self.mine))
        event = self._events(self.mine, "released")
        self.assertEqual(
            (event.user_id, event.date, event.reason_code, event.actor_id, event.note),
            (self.salesman, TODAY, "released", self.salesman, "The buyer moved to Chengdu"),
        )
        self.assertEqual(event.reason, "Released by Sam Sales: The buyer moved to Chengdu")
        note = self.mine.message_ids.filtered(lambda m: "Chengdu" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("Released to the customer pool by Sam Sales", note.body)
        # the cooldown holds for the one who released it
        with self.assertRaises(UserError):
            self.mine.with_user(self.salesman).action_followup_claim()
        self.mine.with_user(self.other_salesman).action_followup_claim()
        self.assertEqual(self.mine.user_id, self.other_salesman)

    def test_the_reason_is_required(self):
        before = self._state(self.mine)
        for reason in ("", "   "):
            with self.subTest(reason=reason), self.assertRaises(UserError), self.env.cr.savepoint():
                self._release(self.mine, self.salesman, reason)
        with self.assertRaises(UserError):
            self.mine.with_user(self.salesman)._followup_release(" ")
        self.assertEqual(self._state(self.mine), before)
        self.assertFalse(self._events(self.mine))

    def test_nobody_releases_a_colleagues_customer(self):
        before = self._state(self.theirs)
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.salesman).action_followup_release()
        # nor through the dialog, made by hand for someone else's customer
        wizard = (
            self.env["crm.followup.release.wizard"]
            .with_user(self.salesman)
            .create({"partner_ids": [(6, 0, self.theirs.ids)], "reason": "mine now"})
        )
        with self.assertRaises(AccessError):
            wizard.action_release()
        with self.assertRaises(AccessError):
            (self.mine | self.theirs).with_user(self.salesman).action_followup_release()
        clerk = new_test_user(
            self.env, "fu_clerk_release", groups="base.group_user,base.group_partner_manager"
        )
        with self.assertRaises(AccessError):
            self.theirs.with_user(clerk).action_followup_release()
        self.assertEqual(self._state(self.theirs | self.mine)[0], before[0])
        self.assertEqual(self.mine.user_id, self.salesman)
        self.assertFalse(self._events(self.theirs | self.mine))

    def test_a_manager_releases_anyones_customer(self):
        self._release(self.theirs, self.manager, "Duplicate of a key account")
        self.assertFalse(self.theirs.user_id)
        event = self._events(self.theirs, "released")
        self.assertEqual(event.user_id, self.other_salesman, "the salesperson concerned")

    def test_a_pooled_customer_has_nobody_to_release_it(self):
        with self.assertRaises(UserError):
            self.lost_by_sam[0].with_user(self.manager).action_followup_release()


class TestCountdown(PoolCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # B: reclaimed 90 days after the last follow-up, the morning after
        cls.soon = cls._customer(
            "Soon", cls.grade_b, cls.salesman, graded_on=date(2025, 11, 1), last=date(2025, 12, 8)
        )
        cls.later = cls._customer(
            "Later", cls.grade_b, cls.salesman, graded_on=date(2026, 2, 1), last=date(2026, 3, 2)
        )
        cls.dead = cls._customer("Dead", cls.grade_e, cls.salesman)

    def test_the_reclaim_date(self):
        self.assertEqual(self.soon.followup_reclaim_date, date(2026, 3, 9))
        self.assertEqual(self.soon.followup_reclaim_days_left, 5)
        self.assertEqual(self.later.followup_reclaim_date, date(2026, 6, 1))
        self.assertFalse(self.dead.followup_reclaim_date, "grade E is never reclaimed")
        self.assertFalse(any(self.lost_by_sam.mapped("followup_reclaim_date")), "in the pool")
        field = self.env["res.partner"]._fields["followup_reclaim_date"]
        self.assertTrue(field.store)
        self.assertTrue(field.index)

    def test_the_cron_takes_it_on_that_day(self):
        with freeze_time("2026-03-08 09:00:00"):
            self.env["res.partner"]._cron_reclaim_neglected()
        self.assertEqual(self.soon.user_id, self.salesman)
        with freeze_time("2026-03-09 09:00:00"):
            self.env["res.partner"]._cron_reclaim_neglected()
        self.assertFalse(self.soon.user_id)
        self.assertFalse(self.soon.followup_reclaim_date)

    def test_a_followup_moves_it(self):
        self.env["crm.followup.log"].with_user(self.salesman).create(
            {"partner_id": self.soon.id, "summary": "Still buying"}
        )
        self.assertEqual(self.soon.followup_reclaim_date, date(2026, 6, 3))

    def test_the_setting_off_empties_it(self):
        self.company.followup_reclaim_enabled = False
        self.assertFalse(self.soon.followup_reclaim_date)

    def test_a_salesperson_cannot_push_it_back(self):
        before = self._state(self.soon)
        for vals in (
            {"followup_reclaim_date": "2026-12-31"},
            {"followup_reclaim_date": False},
            {"followup_reclaim_warned_date": "2026-03-09"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                self.soon.with_user(self.salesman).write(vals)
        with self.assertRaises(UserError):
            self.env["res.partner"].with_user(self.salesman).create(
                {"name": "Forever", "followup_reclaim_date": "2030-01-01"}
            )
        self.assertEqual(self._state(self.soon), before)
        self.assertFalse(self.soon.followup_reclaim_warned_date)

    def test_the_filter_returning_within_7_days(self):
        view = self.env.ref("crm_followup_grading.res_partner_view_search")
        self.assertIn('name="followup_reclaim_soon"', view.arch_db)
        found = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .search(
                [
                    ("followup_reclaim_date", "!=", False),
                    ("followup_reclaim_date", "<=", "2026-03-11"),
                    ("id", "in", (self.soon | self.later | self.dead).ids),
                ]
            )
        )
        self.assertEqual(found, self.soon)

    def test_shown_on_the_form_list_and_card(self):
        Partner = self.env["res.partner"].with_user(self.salesman)
        for xmlid in (
            "base.view_partner_form",
            "crm_followup_grading.res_partner_view_list_followup",
            "crm_followup_grading.res_partner_view_kanban_followup",
        ):
            view = self.env.ref(xmlid)
            arch = Partner.get_views([(view.id, view.type)])["views"][view.type]["arch"]
            with self.subTest(view=xmlid):
                self.assertIn("followup_reclaim_days_left", arch)
                danger = "decoration-danger" if view.type == "list" else "text-danger"
                self.assertIn(danger, arch)
        [values] = Partner.browse(self.soon.id).web_read(
            {"followup_reclaim_date": {}, "followup_reclaim_days_left": {}}
        )
        self.assertEqual(values["followup_reclaim_days_left"], 5)
