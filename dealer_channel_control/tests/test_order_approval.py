from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, freeze_time, new_test_user

from .common import TODAY, DealerCase

APPROVAL = "dealer_channel_control.mail_activity_dealer_floor_approval"


@freeze_time(TODAY)
class TestOrderApproval(DealerCase):
    """A salesperson's order below the floor is sent for approval; dealer managers
    approve or refuse it, and see a warning before confirming below the floor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager2 = new_test_user(
            cls.env,
            "dealer.boss2",
            groups="dealer_channel_control.group_dealer_manager,"
            "sales_team.group_sale_salesman_all_leads",
            name="Second Dealer Boss",
        )

    def setUp(self):
        super().setUp()
        # tea: floor 80, sold at 70 × 10 = 100 short
        self.order = self._order(self.dealer, [(self.tea, 10, 70, 0)])

    def _approvals(self, order=None):
        return (order or self.order).activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(APPROVAL)
        )

    def _violations(self):
        return self.env["dealer.price.violation"].search([("sale_order_id", "=", self.order.id)])

    def _send(self):
        self.order.with_user(self.salesman).action_dealer_send_for_approval()

    def test_the_order_says_it_is_below_the_floor(self):
        self.assertTrue(self.order.with_user(self.salesman).dealer_below_floor)
        self.order.order_line.price_unit = 80
        self.assertFalse(self.order.with_user(self.salesman).dealer_below_floor)

    def test_a_salesperson_sends_the_order_to_every_dealer_manager(self):
        self._send()
        self.assertEqual(self.order.dealer_approval_state, "pending")
        approvals = self._approvals()
        self.assertEqual(approvals.user_id, self.order._dealer_managers())
        self.assertIn(self.manager, approvals.user_id)
        self.assertIn(self.manager2, approvals.user_id)
        self.assertEqual(len(approvals), len(approvals.user_id))
        self.assertIn("Green Tea", approvals[0].note)
        # still no confirmation by the salesperson
        with self.assertRefused(UserError, "below the dealer floor price"):
            self.order.with_user(self.salesman).action_confirm()
        self.assertEqual(self.order.state, "draft")

    def test_an_order_at_the_floor_is_not_sent_for_approval(self):
        self.order.order_line.price_unit = 85
        with self.assertRefused(UserError, "has no product below the dealer floor"):
            self._send()
        self.assertFalse(self.order.dealer_approval_state)
        self.assertFalse(self._approvals())

    def test_a_salesperson_cannot_approve_refuse_or_set_the_approval(self):
        self._send()
        approvals = self._approvals()
        rep_order = self.order.with_user(self.salesman)
        with self.assertRefused(AccessError, "Only dealer managers approve or refuse"):
            rep_order.action_dealer_approve()
        with self.assertRefused(AccessError, "Only dealer managers approve or refuse"):
            rep_order.action_dealer_refuse("no")
        with self.assertRefused(AccessError, "moves through its buttons only"):
            rep_order.write({"dealer_approval_state": False})
        with self.assertRaises(AccessError):
            self.env["dealer.floor.confirm.wizard"].with_user(self.salesman).create(
                {"order_id": self.order.id}
            )
        self.assertEqual(self.order.state, "draft")
        self.assertEqual(self.order.dealer_approval_state, "pending")
        self.assertFalse(self._violations())
        self.assertEqual(self._approvals(), approvals)

    def test_a_dealer_manager_approves_through_the_warning(self):
        self._send()
        action = self.order.with_user(self.manager).action_dealer_confirm_below_floor()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.manager).with_context(**action["context"])
        ).save()
        self.assertIn("Green Tea", wizard.summary)
        self.assertIn("80.00", wizard.summary)
        wizard.action_confirm_order()
        self.assertEqual(self.order.state, "sale")
        self.assertFalse(self.order.dealer_approval_state)
        violation = self._violations()
        self.assertEqual(violation.shortfall, 100)
        self.assertFalse(self._approvals())
        note = self.order.message_ids.filtered(
            lambda m: "price violations recorded" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        for text in ("Green Tea", "80.00", "70.00", "shortfall", "penalty", "100.00"):
            self.assertIn(text, note.body)
        done = self.env["mail.message"].search(
            [("model", "=", "sale.order"), ("res_id", "=", self.order.id)]
        )
        self.assertTrue(any("Approved: confirmed by Dealer Boss" in (m.body or "") for m in done))

    def test_a_dealer_manager_refuses_with_a_reason(self):
        self._send()
        action = self.order.with_user(self.manager).action_dealer_refuse_wizard()
        with Form(
            self.env[action["res_model"]].with_user(self.manager).with_context(**action["context"])
        ) as form:
            form.reason = "Market price is 85 this month"
        form.record.action_refuse()
        self.assertEqual(self.order.state, "draft")
        self.assertEqual(self.order.dealer_approval_state, "refused")
        self.assertFalse(self._violations())
        self.assertFalse(self._approvals())
        self.assertTrue(
            self.order.message_ids.filtered(
                lambda m: "Market price is 85 this month" in (m.body or "")
            )
        )
        todo = self.order.activity_ids.filtered(lambda a: a.user_id == self.salesman)
        self.assertEqual(len(todo), 1)
        self.assertIn("Market price is 85 this month", todo.note)
        # back with the salesperson, who may send it again
        self._send()
        self.assertEqual(self.order.dealer_approval_state, "pending")

    def test_a_refusal_needs_a_reason(self):
        self._send()
        with self.assertRefused(UserError, "Say why"):
            self.order.with_user(self.manager).action_dealer_refuse(" ")
        self.assertEqual(self.order.dealer_approval_state, "pending")

    def test_a_dealer_managers_direct_confirmation_warns_and_says_what_was_recorded(self):
        order = self._order(self.dealer, [(self.tea, 5, 60, 0)], user=self.manager)
        action = order.with_user(self.manager).action_dealer_confirm_below_floor()
        self.assertEqual(action["res_model"], "dealer.floor.confirm.wizard")
        self.assertEqual(order.state, "draft", "the warning comes first")
        wizard = Form(
            self.env[action["res_model"]].with_user(self.manager).with_context(**action["context"])
        ).save()
        wizard.action_confirm_order()
        self.assertEqual(order.state, "sale")
        note = order.message_ids.filtered(lambda m: "price violations recorded" in (m.body or ""))
        self.assertIn("shortfall", note.body)
        self.assertIn("100.00", note.body)  # (80 - 60) × 5

    def test_the_form_hides_confirm_below_the_floor(self):
        arch = self.env["sale.order"].with_user(self.salesman).get_views([(False, "form")])
        view = arch["views"]["form"]["arch"]
        self.assertIn("action_dealer_send_for_approval", view)
        confirms = etree.fromstring(view).xpath("//header/button[@name='action_confirm']")
        self.assertEqual(len(confirms), 2)
        for button in confirms:
            self.assertIn("or (dealer_below_floor)", button.get("invisible"))
        self.assertNotIn("action_dealer_refuse_wizard", view, "a manager's button")
        boss = self.env["sale.order"].with_user(self.manager).get_views([(False, "form")])
        self.assertIn("action_dealer_refuse_wizard", boss["views"]["form"]["arch"])

    def test_cancelling_a_pending_order_withdraws_the_request(self):
        self._send()
        self.order.with_user(self.salesman)._action_cancel()
        self.assertEqual(self.order.state, "cancel")
        self.assertFalse(self.order.dealer_approval_state)
        self.assertFalse(self._approvals())

    def test_sending_twice_or_someone_elses_order_is_refused(self):
        self._send()
        with self.assertRefused(UserError, "not yet sent for approval can be sent"):
            self._send()
        self.assertEqual(len(self._approvals()), len(self.order._dealer_managers()))
        colleague = new_test_user(
            self.env, "dealer.rep.other", groups="dealer_channel_control.group_dealer_user"
        )
        order = self._order(self.dealer, [(self.tea, 10, 70, 0)])
        with self.assertRaises(AccessError):
            order.with_user(colleague).action_dealer_send_for_approval()
        self.assertFalse(order.dealer_approval_state)
