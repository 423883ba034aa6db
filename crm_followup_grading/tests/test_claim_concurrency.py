from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.channel_suite_base.tests.race import run_at_once

RULES = ("followup_claim_max_held", "followup_claim_max_daily", "followup_claim_cooldown_days")


class TestClaimConcurrency(TransactionCase):
    """One salesperson claims two pooled customers at the same moment, in two
    transactions, as two browser tabs would: the caps hold."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            self.company = env.company.id
            self.rules_before = {fname: env.company[fname] for fname in RULES}
            user = new_test_user(env, "fu_race_salesman", groups="sales_team.group_sale_salesman")
            self.user, self.user_partner = user.id, user.partner_id.id
            rival = new_test_user(env, "fu_race_rival", groups="sales_team.group_sale_salesman")
            self.rival, self.rival_partner = rival.id, rival.partner_id.id
            customers = env["res.partner"].create(
                [
                    {
                        "name": f"Race {n}",
                        "followup_grade_id": env.ref("crm_followup_grading.grade_b").id,
                    }
                    for n in range(2)
                ]
            )
            customers._followup_to_pool()
            self.customers = customers.ids
        self.addCleanup(self._delete_committed_data)

    def _delete_committed_data(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env.company.browse(self.company).write(self.rules_before)
            partners = (*self.customers, self.user_partner, self.rival_partner)
            cr.execute("DELETE FROM crm_followup_pool_event WHERE partner_id IN %s", [partners])
            cr.execute(
                "DELETE FROM mail_message WHERE model = 'res.partner' AND res_id IN %s",
                [partners],
            )
            cr.execute("DELETE FROM res_users WHERE id IN %s", [(self.user, self.rival)])
            cr.execute("DELETE FROM res_partner WHERE id IN %s", [partners])

    def _set_rules(self, **rules):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env.company.browse(self.company).write({**dict.fromkeys(RULES, 0), **rules})

    def _claim_at_once(self, calls):
        """Each (user, customers) claims at once; returns the refusals and failures."""

        def claim(partner_ids):
            return lambda env: env["res.partner"].browse(partner_ids).action_followup_claim()

        outcomes = run_at_once(self.registry, [(user, claim(ids)) for user, ids in calls])
        return [outcome for outcome in outcomes if outcome != "done"]

    def _claim_both_at_once(self):
        errors = self._claim_at_once([(self.user, pid) for pid in self.customers])
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM res_partner WHERE id IN %s AND user_id = %s",
                [tuple(self.customers), self.user],
            )
            claimed = cr.fetchone()[0]
            cr.execute(
                "SELECT count(*) FROM crm_followup_pool_event"
                " WHERE partner_id IN %s AND event = 'claimed'",
                [tuple(self.customers)],
            )
            events = cr.fetchone()[0]
        return claimed, events, errors

    def test_the_cap_on_customers_held_holds(self):
        self._set_rules(followup_claim_max_held=1)
        claimed, events, errors = self._claim_both_at_once()
        self.assertEqual((claimed, events), (1, 1), "one claim passes, one is refused")
        self.assertEqual(len(errors), 1)
        self.assertIsInstance(errors[0], UserError)
        self.assertIn("most customers held", str(errors[0]))
        self.assertIn("you hold 1", str(errors[0]))

    def test_the_cap_on_claims_a_day_holds(self):
        self._set_rules(followup_claim_max_daily=1)
        claimed, events, errors = self._claim_both_at_once()
        self.assertEqual((claimed, events), (1, 1))
        self.assertEqual(len(errors), 1)
        self.assertIn("most claims per day", str(errors[0]))

    def test_two_salespeople_claim_the_same_selection_at_once(self):
        """Each selects both customers and claims them in the same instant: one
        gets both, the other gets a refusal and nothing (all or none)."""
        self._set_rules(followup_claim_max_held=5)
        errors = self._claim_at_once([(user, self.customers) for user in (self.user, self.rival)])
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT array_agg(DISTINCT user_id) FROM res_partner WHERE id IN %s",
                [tuple(self.customers)],
            )
            [holders] = cr.fetchone()
            cr.execute(
                "SELECT array_agg(DISTINCT user_id), count(*) FROM crm_followup_pool_event"
                " WHERE partner_id IN %s AND event = 'claimed'",
                [tuple(self.customers)],
            )
            claimers, events = cr.fetchone()
        self.assertEqual(len(holders), 1, "both customers went to the same salesperson")
        self.assertIn(holders[0], (self.user, self.rival))
        self.assertEqual((claimers, events), (holders, 2))
        self.assertEqual(len(errors), 1)
        self.assertIsInstance(errors[0], UserError)
        self.assertIn("Only customers in the customer pool can be claimed", str(errors[0]))
