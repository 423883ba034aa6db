from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form

from .common import DealerCase


class TestChannel(DealerCase):
    def test_shipped_channels_have_their_bands(self):
        self.assertEqual((self.supermarket.margin_min, self.supermarket.margin_max), (5, 10))
        self.assertEqual((self.wholesale.margin_min, self.wholesale.margin_max), (0, 3))
        for channel in self.supermarket | self.wholesale:
            self.assertEqual((channel.inventory_min_days, channel.inventory_max_days), (20, 25))

    def test_manager_configures_a_channel_and_sees_its_dealers(self):
        with Form(self.env["dealer.channel"].with_user(self.manager)) as form:
            form.name = "Online"
            form.code = "ONLINE"
            form.margin_min = 2
            form.margin_max = 6
        channel = form.record
        self.assertEqual((channel.inventory_min_days, channel.inventory_max_days), (20, 25))
        self.dealer.dealer_channel_id = channel
        self.assertEqual(channel.dealer_count, 1)
        action = channel.action_view_dealers()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), self.dealer)

    def test_margin_band_min_above_max_is_refused(self):
        channels = self.env["dealer.channel"].with_user(self.manager)
        with self.assertRefused(ValidationError, "minimum margin"):
            channels.create({"name": "Bad", "code": "BAD", "margin_min": 5, "margin_max": 3})
        self.assertFalse(channels.search([("code", "=", "BAD")]))
        with self.assertRefused(ValidationError, "minimum margin"):
            self.supermarket.with_user(self.manager).margin_min = 11
        self.assertEqual(self.supermarket.margin_min, 5)

    def test_inventory_band_min_above_max_is_refused(self):
        channels = self.env["dealer.channel"].with_user(self.manager)
        with self.assertRefused(ValidationError, "inventory band"):
            channels.create(
                {"name": "Bad", "code": "BAD", "inventory_min_days": 30, "inventory_max_days": 25}
            )
        self.assertFalse(channels.search([("code", "=", "BAD")]))
        with self.assertRefused(ValidationError, "inventory band"):
            self.wholesale.with_user(self.manager).inventory_max_days = 10
        self.assertEqual(self.wholesale.inventory_max_days, 25)

    def test_salespeople_read_but_do_not_configure_channels(self):
        self.assertEqual(self.supermarket.with_user(self.salesman).name, "Supermarket")
        with self.assertRaises(AccessError):
            self.supermarket.with_user(self.salesman).margin_max = 20
        self.assertEqual(self.supermarket.margin_max, 10)

    def test_floor_price_below_zero_is_refused(self):
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.tea.product_tmpl_id.with_user(self.manager).dealer_floor_price = -1
        self.assertEqual(self.tea.dealer_floor_price, 80)

    def test_only_dealer_managers_set_floor_prices(self):
        with self.assertRaises(AccessError):
            self.tea.product_tmpl_id.with_user(self.salesman).dealer_floor_price = 10
        self.assertEqual(self.tea.dealer_floor_price, 80)
        self.tea.product_tmpl_id.with_user(self.manager).dealer_floor_price = 90
        self.assertEqual(self.tea.dealer_floor_price, 90)

    def test_overstock_policy_is_a_company_setting(self):
        self.assertEqual(self.company.dealer_overstock_policy, "warn")
        admin = self.env.ref("base.user_admin")
        with Form(self.env["res.config.settings"].with_user(admin)) as form:
            form.dealer_overstock_policy = "block"
        form.record.execute()
        self.assertEqual(self.company.dealer_overstock_policy, "block")
