from datetime import date

from odoo.exceptions import UserError
from odoo.tests import freeze_time

from ..hooks import uninstall_hook
from .common import TODAY, ValueCase


class TestPartnerMerge(ValueCase):
    """A salesperson merges duplicate customers with Odoo's merge wizard: the
    merged customer keeps the VIP status of either side and the figures of the
    duplicate of the highest value."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.duplicate = cls._customer("Golden Home Furnishing Ltd")

    def _merge(self, kept, *others, user=None):
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(user or self.salesman)
            .create(
                {
                    "partner_ids": [(6, 0, (kept | self.env["res.partner"].concat(*others)).ids)],
                    "dst_partner_id": kept.id,
                    "state": "selection",
                }
            )
        )
        wizard.action_merge()

    def _make_vip(self, partner, day=TODAY):
        self._order(partner, [(self.sofa, 2, 5000.0, 0.0)], day=day)
        with freeze_time(day):
            self._applications(partner).with_user(self.manager).action_approve()

    def test_vip_merged_into_a_non_vip(self):
        self._make_vip(self.customer)
        applications = self._applications()
        self._merge(self.duplicate, self.customer)
        self.assertFalse(self.customer.exists())
        self.assertRecordValues(
            self.duplicate,
            [{"vip_state": "vip", "vip_since": date(2026, 3, 16), "vip_until": date(2027, 3, 16)}],
        )
        kept = self.duplicate.with_company(self.company)
        self.assertEqual(kept.property_product_pricelist, self.vip_pricelist)
        self.assertEqual(applications.partner_id, self.duplicate)
        with freeze_time("2027-03-17"):
            self.env["res.partner"]._cron_vip_lapse()
        self.assertEqual(self.duplicate.vip_state, "none")
        self.assertEqual(kept.property_product_pricelist, self.base_pricelist)

    def test_two_vips_keep_the_longest_status(self):
        self._make_vip(self.customer, day="2026-01-05")
        self._make_vip(self.duplicate)
        self._merge(self.duplicate, self.customer)
        self.assertRecordValues(
            self.duplicate,
            [{"vip_state": "vip", "vip_since": date(2026, 1, 5), "vip_until": date(2027, 3, 16)}],
        )

    def test_classified_customers_keep_the_figures_of_the_larger(self):
        small = self._customer("Small Shop")
        self._order(self.customer, [(self.stool, 1, 30000.0, 0.0)], day="2026-02-02")
        self._order(self.duplicate, [(self.stool, 1, 1000.0, 0.0)], day="2026-02-03")
        self._order(small, [(self.stool, 1, 500.0, 0.0)], day="2026-02-03")
        self.env["res.partner"]._cron_value_classify()
        figures = self.customer.read(["value_amount", "value_share", "value_class"])[0]
        snapshots = self.env["customer.value.snapshot"].search(
            [("partner_id", "in", (self.customer | self.duplicate).ids)]
        )
        self.assertEqual(self.duplicate.value_amount, 1000.0)
        self._merge(self.duplicate, self.customer)
        self.assertRecordValues(
            self.duplicate,
            [
                {
                    "value_amount": figures["value_amount"],
                    "value_share": figures["value_share"],
                    "value_class": figures["value_class"],
                }
            ],
        )
        self.assertEqual(snapshots.partner_id, self.duplicate)
        self.env["res.partner"]._cron_value_classify()
        self.assertEqual(self.duplicate.value_amount, 31000.0)

    def test_two_applications_waiting_are_not_merged(self):
        self._order(self.customer, [(self.sofa, 2, 5000.0, 0.0)])
        self._order(self.duplicate, [(self.sofa, 2, 5000.0, 0.0)])
        waiting = self._applications(self.customer) | self._applications(self.duplicate)
        self.assertEqual(waiting.mapped("state"), ["submitted", "submitted"])
        with self.assertRefused(UserError, "waiting for a decision"):
            self._merge(self.duplicate, self.customer)
        self.assertTrue(self.customer.exists())
        self.assertEqual(waiting.exists().mapped("state"), ["submitted", "submitted"])


class TestImport(ValueCase):
    """An import is a create or a write like any other: a salesperson cannot
    bring VIP status or a class in by a file."""

    def _load(self, user, fields, rows):
        result = self.env["res.partner"].with_user(user).load(fields, rows)
        self.assertFalse(result["ids"])
        return " ".join(m["message"] for m in result["messages"])

    def test_salesperson_cannot_import_vip_status_or_a_class(self):
        xmlid = self.customer.export_data(["id"])["datas"][0][0]
        cases = [
            (["name", "vip_state"], [["Forged VIP", "vip"]], "change only through the approval"),
            (["id", "vip_state"], [[xmlid, "vip"]], "change only through the approval"),
            (["id", "vip_until"], [[xmlid, "2030-01-01"]], "change only through the approval"),
            (["id", "value_class"], [[xmlid, "a"]], "set by the classification only"),
            (["name", "value_risk"], [["Forged Risk", "1"]], "set by the classification only"),
        ]
        for fields, rows, text in cases:
            with self.subTest(fields=fields):
                self.assertIn(text, self._load(self.salesman, fields, rows))
        self.assertIn(
            "change only through the approval",
            self._load(self.manager, ["id", "vip_state"], [[xmlid, "vip"]]),
        )
        self.assertFalse(self.env["res.partner"].search([("name", "like", "Forged")]))
        self.assertRecordValues(
            self.customer, [{"vip_state": "none", "vip_until": False, "value_class": False}]
        )

    def test_customers_written_in_sql_are_not_vip(self):
        """An import or a migration behind the ORM does not make a VIP, nor fail."""
        self.env.cr.execute(
            "INSERT INTO res_partner (name, active, type, autopost_bills) "
            "VALUES ('Migrated Co', true, 'contact', 'ask') RETURNING id"
        )
        partner = self.env["res.partner"].browse(self.env.cr.fetchone()[0])
        self.assertEqual(partner.vip_state, "none")


class TestUninstallHook(ValueCase):
    def test_vip_pricelists_go_back_and_applications_go(self):
        chosen = self._customer("Chosen Pricelist Co")
        refused = self._customer("Refused Co")
        for partner in (self.customer, chosen):
            self._order(partner, [(self.sofa, 2, 5000.0, 0.0)])
            self._applications(partner).with_user(self.manager).action_approve()
        self._order(refused, [(self.sofa, 2, 5000.0, 0.0)])
        self._applications(refused).with_user(self.manager).action_refuse()
        other = self.env["product.pricelist"].create({"name": "Negotiated"})
        chosen.with_user(self.manager).with_company(self.company).property_product_pricelist = other
        uninstall_hook(self.env)
        self.env.invalidate_all()
        self.assertFalse(self.env["customer.vip.application"].search_count([]))
        pricelist = {
            p: p.with_company(self.company).property_product_pricelist
            for p in (self.customer, chosen, refused)
        }
        self.assertEqual(pricelist[self.customer], self.base_pricelist)
        self.assertEqual(pricelist[chosen], other, "a pricelist a manager chose stays")
        self.assertEqual(pricelist[refused], self.base_pricelist)
        self.assertTrue((self.customer | chosen | refused).exists())
