from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.channel_suite_base.tests.race import run_at_once

MANAGERS = "sales_team.group_sale_manager,base.group_partner_manager"


class TestVipDecisionRace(TransactionCase):
    """Two sales managers decide the same VIP application at the same moment,
    each in a transaction of its own, as two browser tabs would: one decision
    stands, the other is refused with a message, and the customer's status and
    pricelist are the winner's."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            company = env.company
            self.company = company.id
            self.pricelist_before = company.vip_pricelist_id.id
            pricelists = env["product.pricelist"].create(
                [{"name": "Race Retail"}, {"name": "Race VIP"}]
            )
            self.pricelists = pricelists.ids
            company.vip_pricelist_id = pricelists[1]
            managers = env["res.users"]
            for login in ("vip_race_one", "vip_race_two"):
                managers |= new_test_user(env, login, groups=MANAGERS)
            self.managers = managers.ids
            customer = env["res.partner"].create({"name": "Race Furniture", "is_company": True})
            customer.with_company(company).specific_property_product_pricelist = pricelists[0]
            self.partners = (customer | managers.partner_id).ids
            application = env["customer.vip.application"].create({"partner_id": customer.id})
            application._flow_write({"state": "submitted", "qualifying_amount": 12000.0})
            self.customer, self.application = customer.id, application.id
        self.addCleanup(self._delete_committed_data)

    def _delete_committed_data(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["res.company"].browse(self.company).vip_pricelist_id = self.pricelist_before
            cr.execute("DELETE FROM customer_vip_application WHERE id = %s", [self.application])
            cr.execute(
                "DELETE FROM mail_activity WHERE res_model = 'customer.vip.application' "
                "AND res_id = %s",
                [self.application],
            )
            cr.execute(
                "DELETE FROM mail_message WHERE (model = 'res.partner' AND res_id IN %s) "
                "OR (model = 'customer.vip.application' AND res_id = %s)",
                [tuple(self.partners), self.application],
            )
            cr.execute("DELETE FROM res_users WHERE id IN %s", [tuple(self.managers)])
            cr.execute("DELETE FROM res_partner WHERE id IN %s", [tuple(self.partners)])
            cr.execute("DELETE FROM product_pricelist WHERE id IN %s", [tuple(self.pricelists)])

    def _decide_at_once(self, actions):
        """Each manager calls their action on the application at once."""

        def decide(action):
            return lambda env: getattr(
                env["customer.vip.application"].browse(self.application), action
            )()

        keys = list(zip(actions, self.managers, strict=True))
        calls = [(user, decide(action)) for action, user in keys]
        outcomes = dict(zip(keys, run_at_once(self.registry, calls), strict=True))
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT state, decided_by_id FROM customer_vip_application WHERE id = %s",
                [self.application],
            )
            state, decided_by = cr.fetchone()
            env = api.Environment(cr, SUPERUSER_ID, {})
            customer = env["res.partner"].browse(self.customer).with_company(self.company)
            final = (state, decided_by, customer.vip_state, customer.property_product_pricelist.id)
        return outcomes, final

    def _assert_one_decision(self, outcomes):
        done = [key for key, outcome in outcomes.items() if outcome == "done"]
        refused = [outcome for outcome in outcomes.values() if isinstance(outcome, UserError)]
        self.assertEqual(len(done), 1, outcomes)
        self.assertEqual(len(refused), 1, outcomes)
        self.assertIn("already decided", str(refused[0]))
        return done[0]

    def test_approve_and_refuse_at_once(self):
        outcomes, final = self._decide_at_once(["action_approve", "action_refuse"])
        action, winner = self._assert_one_decision(outcomes)
        retail, vip = self.pricelists
        if action == "action_approve":
            self.assertEqual(final, ("approved", winner, "vip", vip))
        else:
            self.assertEqual(final, ("refused", winner, "none", retail))

    def test_two_approvals_at_once(self):
        outcomes, final = self._decide_at_once(["action_approve", "action_approve"])
        _action, winner = self._assert_one_decision(outcomes)
        self.assertEqual(final, ("approved", winner, "vip", self.pricelists[1]))
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT previous_pricelist_id FROM customer_vip_application WHERE id = %s",
                [self.application],
            )
            self.assertEqual(cr.fetchone()[0], self.pricelists[0], "the lapse gives it back")
