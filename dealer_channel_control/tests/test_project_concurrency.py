import uuid

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.channel_suite_base.tests.race import CONTEXT, run_at_once


class TestProjectConcurrency(TransactionCase):
    """Two dealers' salespeople register the same project at the same moment, each
    in its own transaction, as two web requests would: whoever registers first is
    protected, and the other's lower quote is refused, never registered beside it."""

    def setUp(self):
        super().setUp()
        tag = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, dict(CONTEXT))
            products = env["product.product"].create(
                [{"name": f"Race Pump {tag}"}, {"name": f"Race Valve {tag}"}]
            )
            self.products = products.ids
            self.users, self.dealers, self.projects = [], [], []
            # each quote is lower than the other on one product: whichever
            # registers second undercuts the first
            for i, prices in enumerate(((150, 100), (120, 130))):
                user = new_test_user(
                    env,
                    f"race.rep.{tag}.{i}",
                    groups="dealer_channel_control.group_dealer_user",
                    context=CONTEXT,
                )
                dealer = env["res.partner"].create(
                    {
                        "name": f"Race Dealer {tag} {i}",
                        "is_company": True,
                        "is_dealer": True,
                        "user_id": user.id,
                    }
                )
                project = (
                    env["dealer.project"]
                    .with_user(user)
                    .create(
                        {
                            "name": f"Race Tower {tag}",
                            "end_customer": "Race City",
                            "dealer_id": dealer.id,
                            "line_ids": [
                                Command.create({"product_id": pid, "qty": 1, "price_unit": price})
                                for pid, price in zip(products.ids, prices, strict=True)
                            ],
                        }
                    )
                )
                self.users.append(user.id)
                self.dealers.append(dealer.id)
                self.projects.append(project.id)
        self.addCleanup(self._delete_committed_data)

    def _delete_committed_data(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, dict(CONTEXT))
            env["dealer.project"].browse(self.projects).unlink()
            users = env["res.users"].browse(self.users)
            partners = users.partner_id
            users.unlink()
            (partners | env["res.partner"].browse(self.dealers)).unlink()
            env["product.product"].browse(self.products).product_tmpl_id.unlink()

    def test_two_simultaneous_registrations_protect_exactly_one(self):
        def register(project_id):
            return lambda env: env["dealer.project"].browse(project_id).action_register()

        calls = [(user, register(pid)) for pid, user in zip(self.projects, self.users, strict=True)]
        outcomes = dict(
            zip(
                self.projects,
                run_at_once(self.registry, calls, refusal=ValidationError, context=CONTEXT),
                strict=True,
            )
        )
        registered = [pid for pid, outcome in outcomes.items() if outcome == "done"]
        refused = {pid: outcome for pid, outcome in outcomes.items() if pid not in registered}
        self.assertEqual(len(registered), 1, outcomes)
        [(loser, error)] = refused.items()
        self.assertIsInstance(error, ValidationError, outcomes)
        self.assertIn("is registered first by another dealer", str(error))
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            winner = env["dealer.project"].browse(registered)
            self.assertEqual(winner.state, "registered")
            self.assertTrue(winner.is_first_registrant)
            lost = env["dealer.project"].browse(loser)
            self.assertEqual(lost.state, "draft")
            self.assertFalse(lost.registration_sequence)
