"""Merging contacts takes a dealer's documents along: through Odoo's merge
wizard, a dealer is merged by a dealer manager, into a dealer, or not at all."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import freeze_time, new_test_user

from .common import TODAY, DealerCase


@freeze_time(TODAY)
class TestPartnerMerge(DealerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a salesperson with Contact Creation: the merge wizard is theirs to use
        cls.contact_rep = new_test_user(
            cls.env,
            "dealer.contact.rep",
            groups="dealer_channel_control.group_dealer_user,base.group_partner_manager",
            name="Contact Rep",
        )
        cls.manager.groups_id = [Command.link(cls.env.ref("base.group_partner_manager").id)]
        cls.duplicate = cls.env["res.partner"].create(
            {
                "name": "Fresh Mart Dealer (old)",
                "is_company": True,
                "is_dealer": True,
                "dealer_channel_id": cls.supermarket.id,
                "user_id": cls.contact_rep.id,
            }
        )
        cls.duplicate_contact = cls.env["res.partner"].create(
            {"name": "Buyer", "parent_id": cls.duplicate.id}
        )

    def setUp(self):
        super().setUp()
        self.report = self._report(self.duplicate, "2026-03-09", [(self.tea, 100, 70)])
        self.violation = self.env["dealer.price.violation"].create(
            {
                "dealer_id": self.duplicate.id,
                "product_id": self.tea.id,
                "floor_price": 80,
                "price": 70,
                "qty": 10,
            }
        )
        self.project = self.env["dealer.project"].create(
            {
                "name": "City Hall",
                "end_customer": "ACME Corp",
                "dealer_id": self.duplicate.id,
                "line_ids": [
                    Command.create({"product_id": self.rice.id, "qty": 1, "price_unit": 50})
                ],
            }
        )
        self.documents = (self.report, self.violation, self.project)

    def _merge(self, user, partners, keep):
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(user)
            .with_context(active_model="res.partner", active_ids=partners.ids)
            .create({"dst_partner_id": keep.id})
        )
        return wizard.action_merge()

    def _state(self):
        self.env.invalidate_all()
        return (
            (self.dealer | self.duplicate | self.customer | self.duplicate_contact)
            .exists()
            .read(["is_dealer", "dealer_channel_id", "user_id", "parent_id"]),
            [(record._name, record.dealer_id.id, record.user_id.id) for record in self.documents],
        )

    def _refused(self, user, partners, keep, text):
        before = self._state()
        with self.assertRefused(UserError, text):
            self._merge(user, partners, keep)
        self.assertEqual(self._state(), before)

    def test_only_dealer_managers_merge_a_dealer(self):
        self._refused(
            self.contact_rep,
            self.dealer | self.duplicate,
            self.dealer,
            "Only dealer managers may merge dealer Fresh Mart Dealer (old)",
        )

    def test_a_dealer_is_merged_into_a_dealer_only(self):
        for user in (self.contact_rep, self.manager):
            with self.subTest(user=user.login):
                self._refused(
                    user,
                    self.customer | self.duplicate,
                    self.customer,
                    "Only dealer managers" if user == self.contact_rep else "make Plain Customer",
                )

    def test_a_dealer_contact_leaves_its_dealer_by_a_dealer_manager_only(self):
        self._refused(
            self.contact_rep,
            self.customer | self.duplicate_contact,
            self.customer,
            "buys for dealer Fresh Mart Dealer (old)",
        )
        self._merge(self.manager, self.customer | self.duplicate_contact, self.customer)
        self.assertFalse(self.duplicate_contact.exists())

    def test_two_dealers_with_a_report_the_same_day_are_not_merged(self):
        self._report(self.dealer, "2026-03-09", [(self.rice, 10, 7)])
        self._refused(
            self.manager,
            self.dealer | self.duplicate,
            self.dealer,
            "each have a stock report dated 03/09/2026",
        )

    def test_a_dealer_manager_merges_dealers_and_the_documents_follow(self):
        self._merge(self.manager, self.dealer | self.duplicate, self.dealer)
        self.env.invalidate_all()
        self.assertFalse(self.duplicate.exists())
        for record in self.documents:
            self.assertEqual(record.dealer_id, self.dealer)
            # the kept dealer's salesperson now holds (and sees) them
            self.assertEqual(record.user_id, self.salesman)
        # named after the kept dealer; the report keeps the band it was judged by
        self.assertEqual(self.violation.name, "Fresh Mart Dealer / Green Tea")
        self.assertEqual(self.report.channel_id, self.supermarket)
        self.assertEqual(self.report.line_ids.dealer_id, self.dealer)
        self.assertEqual(
            self.env["dealer.stock.report"]
            .with_user(self.salesman)
            .search([("dealer_id", "=", self.dealer.id)]),
            self.report,
        )

    def test_a_salesperson_still_merges_plain_contacts(self):
        other = self.env["res.partner"].create({"name": "Plain Customer (copy)"})
        self._merge(self.contact_rep, self.customer | other, self.customer)
        self.assertFalse(other.exists())
