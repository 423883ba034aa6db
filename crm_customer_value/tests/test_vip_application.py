from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, freeze_time

from .common import ValueCase


class TestVipApplication(ValueCase):
    def _draft(self, user=None, partner=None):
        return (
            self.env["customer.vip.application"]
            .with_user(user or self.salesman)
            .create({"partner_id": (partner or self.customer).id})
        )

    def test_submit_without_qualifying_names_the_missing_amount(self):
        self._order(self.customer, [(self.sofa, 1, 6000.0, 0.0)])
        application = self._draft()
        with self.assertRefused(UserError, "4,000.00") as catcher:
            application.action_submit()
        self.assertIn("14,000.00", str(catcher.exception))
        self.assertEqual(application.state, "draft")
        self.assertFalse(application.qualifying_amount)
        self.assertFalse(application.activity_ids)

    def test_submit_qualifying_records_the_orders(self):
        self.company.vip_single_order_amount = 20000.0
        order = self._order(self.customer, [(self.sofa, 3, 5000.0, 0.0)])
        self.assertFalse(self._applications())
        self.company.vip_single_order_amount = 10000.0
        application = self._draft()
        application.action_submit()
        self.assertEqual(application.state, "submitted")
        self.assertEqual(application.qualifying_order_ids, order)
        self.assertEqual(application.qualifying_amount, 15000.0)
        self.assertTrue(application.activity_ids)

    def test_orders_older_than_the_validity_do_not_count(self):
        self._order(self.customer, [(self.sofa, 3, 5000.0, 0.0)], day="2025-03-10")
        self._applications().sudo().with_context(vip_application_flow=True).write(
            {"state": "refused"}
        )
        with self.assertRefused(UserError, "does not qualify"):
            self._draft().action_submit()

    def test_a_backdated_application_cannot_reach_old_orders(self):
        # orders of a year ago, outside the validity window a submission counts back over
        self._order(self.customer, [(self.sofa, 3, 5000.0, 0.0)], day="2025-03-10")
        self._applications().sudo().with_context(vip_application_flow=True).write(
            {"state": "refused"}
        )
        Application = self.env["customer.vip.application"].with_user(self.salesman)
        with self.assertRefused(UserError, "Submit, Approve and Refuse"):
            Application.create({"partner_id": self.customer.id, "date": "2025-03-12"})
        draft = self._draft()
        with self.assertRefused(UserError, "Submit, Approve and Refuse"):
            draft.write({"date": "2025-03-12"})
        self.assertEqual(draft.date, date(2026, 3, 16))
        with self.assertRefused(UserError, "does not qualify"):
            draft.action_submit()
        self.assertEqual(draft.state, "draft")
        # a draft made back then is judged on the day it is submitted, not the day it was made
        with freeze_time("2025-03-12"):
            old_draft = self._draft()
        self.assertEqual(old_draft.date, date(2025, 3, 12))
        with self.assertRefused(UserError, "does not qualify"):
            old_draft.action_submit()
        self.assertEqual(old_draft.state, "draft")

    def test_state_is_never_written_directly(self):
        self._order(self.customer, [(self.sofa, 2, 5000.0, 0.0)])
        application = self._applications()
        for user in (self.salesman, self.manager):
            with self.subTest(user=user.name):
                with self.assertRefused(UserError, "Submit, Approve and Refuse"):
                    application.with_user(user).write({"state": "approved"})
                with self.assertRefused(UserError, "Submit, Approve and Refuse"):
                    application.with_user(user).write({"qualifying_amount": 1.0})
        with self.assertRefused(UserError, "Submit, Approve and Refuse"):
            self.env["customer.vip.application"].with_user(self.manager).create(
                {"partner_id": self.customer.id, "state": "approved"}
            )
        self.assertEqual(application.state, "submitted")
        self.assertEqual(self.customer.vip_state, "none")

    def test_salesperson_cannot_approve_or_refuse(self):
        self._order(self.customer, [(self.sofa, 2, 5000.0, 0.0)])
        application = self._applications()
        for action in ("action_approve", "action_refuse"):
            with self.subTest(action=action), self.assertRaises(AccessError):
                getattr(application.with_user(self.salesman), action)()
        self.assertEqual(application.state, "submitted")
        self.assertEqual(self.customer.vip_state, "none")
        self.assertEqual(
            self.customer.with_company(self.company).property_product_pricelist,
            self.base_pricelist,
        )

    def test_approval_grants_status_and_pricelist_and_the_lapse_takes_them_back(self):
        self._order(self.customer, [(self.sofa, 2, 5000.0, 0.0)])
        application = self._applications()
        Form(application.with_user(self.manager)).save()
        application.with_user(self.manager).action_approve()
        self.assertEqual(application.state, "approved")
        self.assertEqual(application.decided_by_id, self.manager)
        self.assertFalse(application.activity_ids)
        customer = self.customer.with_company(self.company)
        self.assertEqual(customer.vip_state, "vip")
        self.assertEqual(customer.vip_since, date(2026, 3, 16))
        self.assertEqual(customer.vip_until, date(2027, 3, 16))
        self.assertEqual(customer.property_product_pricelist, self.vip_pricelist)
        # the VIP buys on the VIP pricelist
        self._order(self.customer, [(self.stool, 1, 90.0, 0.0)], pricelist_id=self.vip_pricelist.id)
        with freeze_time("2027-03-16"):
            self.env["res.partner"]._cron_vip_lapse()
        self.assertEqual(customer.vip_state, "vip")
        with freeze_time("2027-03-17"):
            self.env["res.partner"]._cron_vip_lapse()
        self.assertEqual(customer.vip_state, "none")
        self.assertEqual(customer.property_product_pricelist, self.base_pricelist)

    def test_the_status_of_an_archived_customer_lapses_too(self):
        self._order(self.customer, [(self.sofa, 2, 5000.0, 0.0)])
        self._applications().with_user(self.manager).action_approve()
        self.customer.with_user(self.manager).action_archive()
        with freeze_time("2027-04-01"):
            self.env["res.partner"]._cron_vip_lapse()
        customer = self.customer.with_company(self.company)
        self.assertEqual(customer.vip_state, "none")
        self.assertEqual(customer.property_product_pricelist, self.base_pricelist)

    def test_lapse_keeps_a_pricelist_a_manager_chose_meanwhile(self):
        self._order(self.customer, [(self.sofa, 2, 5000.0, 0.0)])
        self._applications().with_user(self.manager).action_approve()
        dealer_prices = self.env["product.pricelist"].create({"name": "Dealer Prices"})
        self.customer.with_user(self.manager).with_company(
            self.company
        ).property_product_pricelist = dealer_prices
        with freeze_time("2027-04-01"):
            self.env["res.partner"]._cron_vip_lapse()
        customer = self.customer.with_company(self.company)
        self.assertEqual(customer.vip_state, "none")
        self.assertEqual(customer.property_product_pricelist, dealer_prices)

    def test_refusal(self):
        self._order(self.customer, [(self.sofa, 2, 5000.0, 0.0)])
        application = self._applications()
        application.with_user(self.manager).action_refuse()
        self.assertEqual(application.state, "refused")
        self.assertEqual(self.customer.vip_state, "none")
        with self.assertRefused(UserError, "already decided"):
            application.with_user(self.manager).action_approve()
        self.assertEqual(self.customer.vip_state, "none")

    def test_vip_fields_and_pricelist_cannot_be_forged(self):
        customer = self.customer.with_company(self.company)
        for user in (self.salesman, self.manager):
            with self.subTest(user=user.name):
                with self.assertRefused(UserError, "approval of a VIP application"):
                    customer.with_user(user).write({"vip_state": "vip"})
                with self.assertRefused(UserError, "approval of a VIP application"):
                    customer.with_user(user).write({"vip_until": "2030-01-01"})
                with self.assertRefused(UserError, "cannot be set on a customer directly"):
                    customer.with_user(user).write(
                        {"property_product_pricelist": self.vip_pricelist.id}
                    )
                with self.assertRefused(UserError, "approval of a VIP application"):
                    self.env["res.partner"].with_user(user).create(
                        {"name": "Fake VIP", "vip_state": "vip"}
                    )
        self.assertEqual(customer.vip_state, "none")
        self.assertFalse(customer.vip_until)
        self.assertEqual(customer.property_product_pricelist, self.base_pricelist)

    def test_salesperson_cannot_take_the_pricelist_from_a_vip(self):
        self._order(self.customer, [(self.sofa, 2, 5000.0, 0.0)])
        self._applications().with_user(self.manager).action_approve()
        customer = self.customer.with_company(self.company)
        with self.assertRefused(UserError, "Only sales managers"):
            customer.with_user(self.salesman).write(
                {"property_product_pricelist": self.base_pricelist.id}
            )
        self.assertEqual(customer.property_product_pricelist, self.vip_pricelist)

    def test_salesperson_sees_only_own_customers_applications(self):
        stranger = self._customer("Stranger Co", user=self.other_salesman)
        self._order(stranger, [(self.sofa, 2, 5000.0, 0.0)], user=self.other_salesman)
        self._order(self.customer, [(self.sofa, 2, 5000.0, 0.0)])
        Application = self.env["customer.vip.application"]
        self.assertEqual(Application.with_user(self.salesman).search([]).partner_id, self.customer)
        with self.assertRaises(AccessError):
            self._applications(stranger).with_user(self.salesman).action_submit()

    def test_copy_does_not_copy_the_status(self):
        self._order(self.customer, [(self.sofa, 2, 5000.0, 0.0)])
        self._applications().with_user(self.manager).action_approve()
        copy = self.customer.with_user(self.manager).copy()
        self.assertEqual(copy.vip_state, "none")
        self.assertFalse(copy.vip_until)
