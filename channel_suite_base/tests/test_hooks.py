from odoo.tests import TransactionCase, new_test_user

from odoo.addons.channel_suite_base.hooks import keep_records_in_use


class TestKeepRecordsInUse(TransactionCase):
    def _xmlid(self, record, name):
        return self.env["ir.model.data"].create(
            {"module": "some_addon", "name": name, "model": record._name, "res_id": record.id}
        )

    def test_records_in_use_stay_as_plain_records_the_rest_goes(self):
        free = self.env["res.partner"].create({"name": "Nobody points to me"})
        user = new_test_user(self.env, login="kept_user")
        kept_data = self._xmlid(user.partner_id, "in_use")
        self._xmlid(free, "free")

        keep_records_in_use(self.env, "some_addon", ["res.partner"])

        self.assertFalse(free.exists(), "a record nothing points to is deleted, as Odoo would")
        self.assertTrue(user.partner_id.exists(), "a user's partner cannot go: it stays")
        self.assertFalse(kept_data.exists(), "and no longer belongs to the addon")
        self.assertFalse(self.env["ir.model.data"].search([("module", "=", "some_addon")]))

    def test_only_the_models_named_are_touched(self):
        category = self.env["res.partner.category"].create({"name": "Not ours to judge"})
        self._xmlid(category, "category")
        keep_records_in_use(self.env, "some_addon", ["res.partner"])
        self.assertTrue(category.exists())
