from odoo.tests import Form, freeze_time

from .common import TODAY, DealerCase

ACTIONS = (
    "res_partner_dealer_action",
    "dealer_stock_report_action",
    "dealer_stock_report_action_dashboard",
    "dealer_inventory_chart_action",
    "dealer_stock_report_line_action",
    "dealer_price_violation_action",
    "dealer_price_check_action",
    "dealer_project_action",
)


@freeze_time(TODAY)
class TestViews(DealerCase):
    def test_every_screen_opens_for_salespeople_and_managers(self):
        for xmlid in ACTIONS:
            action = self.env.ref(f"dealer_channel_control.{xmlid}")
            for user in (self.salesman, self.manager):
                with self.subTest(action=xmlid, user=user.login):
                    model = self.env[action.res_model].with_user(user)
                    views = model.get_views([(False, mode) for mode in action.view_mode.split(",")])
                    self.assertEqual(set(views["views"]), set(action.view_mode.split(",")))
                    model.web_search_read([], {"display_name": {}})

    def test_dealer_menus_follow_the_groups(self):
        menus = self.env["ir.ui.menu"]
        root = self.env.ref("dealer_channel_control.dealer_menu_root")
        channels = self.env.ref("dealer_channel_control.dealer_channel_menu")
        visible_rep = menus.with_user(self.salesman)._visible_menu_ids()
        visible_boss = menus.with_user(self.manager)._visible_menu_ids()
        self.assertIn(root.id, visible_rep)
        self.assertNotIn(channels.id, visible_rep)
        self.assertIn(channels.id, visible_boss)

    def test_the_dashboard_shows_inventory_days_by_dealer_and_week_with_the_band(self):
        self._report(self.dealer, "2026-03-02", [(self.tea, 100, 70)])
        self._report(self.dealer, "2026-03-09", [(self.tea, 300, 70)])
        groups = (
            self.env["dealer.stock.report"]
            .with_user(self.salesman)
            .read_group(
                [("dealer_id", "=", self.dealer.id), ("state", "=", "done")],
                ["inventory_min_days:avg", "inventory_days:avg", "inventory_max_days:avg"],
                ["dealer_id", "date:week"],
                lazy=False,
            )
        )
        cells = [
            (g["inventory_min_days"], g["inventory_days"], g["inventory_max_days"]) for g in groups
        ]
        self.assertEqual(sorted(cells), [(20, 10, 25), (20, 30, 25)])

    def test_the_floor_price_is_set_by_managers_and_read_by_salespeople(self):
        template = self.tea.product_tmpl_id
        with Form(template.with_user(self.manager)) as form:
            form.dealer_floor_price = 85
        self.assertEqual(template.dealer_floor_price, 85)
        form = Form(template.with_user(self.salesman))
        self.assertEqual(form.dealer_floor_price, 85)
        with self.assertRaises(AssertionError, msg="read-only for salespeople"):
            form.dealer_floor_price = 60
