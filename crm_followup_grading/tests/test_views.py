import ast
from datetime import date

from lxml import etree

from odoo.tests import freeze_time

from .common import FollowupCase
from .domains import evaluated_domain


class TestScreens(FollowupCase):
    """Every screen of the addon opens for the users it is meant for, and the
    manager's reports group the way the spec asks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.late = cls._customer("Late", cls.grade_a, cls.salesman, graded_on=date(2026, 3, 1))
        cls.fine = cls._customer(
            "Fine", cls.grade_d, cls.other_salesman, graded_on=date(2026, 3, 1)
        )
        Log = cls.env["crm.followup.log"]
        Log.with_user(cls.other_salesman).create({"partner_id": cls.fine.id, "summary": "ok"})

    def _open(self, action_xmlid, user):
        action = self.env["ir.actions.act_window"].with_user(user)._for_xml_id(action_xmlid)
        model = self.env[action["res_model"]].with_user(user)
        views = model.get_views(action["views"])
        self.assertTrue(views["views"])
        return model, evaluated_domain(action.get("domain"), user)

    def test_menus_open_for_salespeople(self):
        for xmlid in (
            "crm_followup_grading.res_partner_action_followup_due",
            "crm_followup_grading.res_partner_action_followup",
            "crm_followup_grading.res_partner_action_followup_pool",
            "crm_followup_grading.crm_followup_log_action",
        ):
            with self.subTest(action=xmlid):
                model, _domain = self._open(xmlid, self.salesman)
                model.web_search_read([], {"display_name": {}}, limit=80)

    def test_due_followups_of_the_salesperson(self):
        model, domain = self._open(
            "crm_followup_grading.res_partner_action_followup_due", self.salesman
        )
        listed = model.search(domain)
        self.assertIn(self.late, listed, "overdue: listed")
        self.assertNotIn(self.fine, listed, "followed up yesterday, due in 30 days: not listed")

    def test_the_manager_sees_who_is_behind(self):
        model, _domain = self._open(
            "crm_followup_grading.res_partner_action_followup_report", self.manager
        )
        groups = model.read_group(
            [("id", "in", (self.late | self.fine).ids)],
            ["__count"],
            ["user_id", "followup_grade_id"],
            lazy=False,
        )
        counts = {(g["user_id"][1], g["followup_grade_id"][1]): g["__count"] for g in groups}
        self.assertEqual(
            counts,
            {
                ("Sam Sales", "A - Deal within 1 month"): 1,
                ("Olga Other", "D - Latent need"): 1,
            },
        )
        logs, _domain = self._open(
            "crm_followup_grading.crm_followup_log_action_report", self.manager
        )
        weeks = logs.read_group(
            [("partner_id", "in", self.fine.ids)],
            ["__count"],
            ["user_id", "date:week"],
            lazy=False,
        )
        self.assertEqual([(w["user_id"][1], w["__count"]) for w in weeks], [("Olga Other", 1)])

    def test_the_manager_groups_the_pivot_by_followup_status(self):
        model, domain = self._open(
            "crm_followup_grading.res_partner_action_followup_report", self.manager
        )
        self.assertTrue(model.fields_get(["followup_state"])["followup_state"]["groupable"])
        search = model.get_views([[False, "search"]])["views"]["search"]["arch"]
        [node] = etree.fromstring(search).xpath("//filter[@name='group_followup_state']")
        group_by = ast.literal_eval(node.get("context"))["group_by"]
        customers = self.late | self.fine
        customers.invalidate_recordset()

        def table():
            groups = model.read_group(
                [*domain, ("id", "in", customers.ids)],
                ["__count"],
                ["user_id", "followup_grade_id", group_by],
                lazy=False,
            )
            return {(g["user_id"][1], g["followup_grade_id"][1], g[group_by]) for g in groups}

        # the same status the customers show, one row each
        self.assertEqual(
            {(c.followup_state, c.name) for c in customers},
            {("overdue", "Late"), ("scheduled", "Fine")},
        )
        self.assertEqual(
            table(),
            {
                ("Sam Sales", "A - Deal within 1 month", "overdue"),
                ("Olga Other", "D - Latent need", "scheduled"),
            },
        )
        # counted on the day it is read, never a stale stored value
        with freeze_time("2026-04-03 09:00:00"):
            self.assertEqual({row[2] for row in table() if row[0] == "Olga Other"}, {"due"})

    def test_configuration_for_managers(self):
        self._open("crm_followup_grading.crm_followup_grade_action", self.manager)
        menu = self.env.ref("crm_followup_grading.crm_followup_grade_menu")
        visible = self.env["ir.ui.menu"].with_user(self.salesman)._visible_menu_ids()
        self.assertNotIn(menu.id, visible)
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids())

    def test_the_settings_page_shows_our_block(self):
        admin = self.env.ref("base.user_admin")
        arch = self.env["res.config.settings"].with_user(admin).get_views([(False, "form")])
        form = arch["views"]["form"]["arch"]
        self.assertIn("followup_reclaim_enabled", form)
        self.assertIn("followup_working_days", form)

    def test_the_grade_panel_follows_the_configured_grades(self):
        """Grades are data: the follow-up screens filter by grade in a search
        panel that lists the grades as configured, not in filters typed A to E."""
        for xmlid in (
            "crm_followup_grading.res_partner_action_followup",
            "crm_followup_grading.res_partner_action_followup_due",
            "crm_followup_grading.res_partner_action_followup_pool",
        ):
            with self.subTest(action=xmlid):
                action = self.env.ref(xmlid)
                views = (
                    self.env["res.partner"]
                    .with_user(self.salesman)
                    .get_views([(False, "list"), (action.search_view_id.id, "search")])
                )
                arch = views["views"]["search"]["arch"]
                self.assertIn("<searchpanel", arch)
                panel = arch.split("<searchpanel")[1]
                self.assertIn('name="followup_grade_id"', panel)
                self.assertIn('expand="1"', panel)
                self.assertNotIn("followup_grade_a", arch)
        grade_f = (
            self.env["crm.followup.grade"]
            .with_user(self.manager)
            .create({"code": "F", "name": "Follow-up by dealer", "interval_days": 60})
        )
        self.grade_e.with_user(self.manager).active = False
        panel = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .search_panel_select_range("followup_grade_id", enable_counters=True, expand=True)
        )
        codes = {value["display_name"].split(" - ")[0] for value in panel["values"]}
        self.assertIn(grade_f.code, codes)
        self.assertNotIn("E", codes, "an archived grade leaves the panel")
        counts = {v["display_name"].split(" - ")[0]: v["__count"] for v in panel["values"]}
        self.assertEqual(counts["F"], 0, "a new grade shows before it has customers")
        self.assertTrue({"A", "B", "C", "D"} <= codes)
