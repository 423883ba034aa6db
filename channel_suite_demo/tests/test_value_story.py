from odoo.tests import TransactionCase


class TestValueStory(TransactionCase):
    """The customer value demo's customers are served by the Hangzhou
    salespeople who sign in to the demo, not by the administrator."""

    def test_value_customers_are_the_chinese_salespeoples(self):
        ref = self.env.ref
        manager = ref("crm_followup_grading.user_followup_manager")
        li = ref("crm_followup_grading.user_followup_li")
        customers = self.env["res.partner"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", "crm_customer_value"), ("model", "=", "res.partner")])
            .mapped("res_id")
        )
        self.assertEqual(len(customers), 10)
        self.assertEqual(customers.user_id, manager | li | ref("base.user_demo"))
        for customer in customers:
            with self.subTest(customer=customer.name):
                user = customer.user_id
                self.assertTrue(all("\u4e00" <= char <= "\u9fff" for char in user.name))
                orders = self.env["sale.order"].search([("partner_id", "=", customer.id)])
                self.assertTrue(orders)
                self.assertEqual(orders.user_id, user)
                latest = self.env["customer.value.snapshot"].search(
                    [("partner_id", "=", customer.id), ("is_latest", "=", True)]
                )
                self.assertEqual(latest.user_id, user)
        golden = ref("crm_customer_value.partner_value_golden")
        self.assertEqual((golden.user_id, golden.vip_state), (manager, "vip"))
        waiting = self.env["customer.vip.application"].search(
            [("partner_id", "=", ref("crm_customer_value.partner_value_jiahe").id)]
        )
        self.assertEqual(waiting.state, "submitted")
        self.assertEqual(waiting.activity_ids.user_id, manager)
