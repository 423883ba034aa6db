# Odoo extends one model over several files too (mail/models/discuss/res_partner.py)
# pylint: disable=consider-merging-classes-inherited

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

# (customer, [(months ago, product, quantity)]): a few customers make most of
# the business, as they do
DEMO_SALES = [
    ("partner_value_golden", [(1, "product_vip_sofa", 2), (4, "product_vip_sofa", 6)]),
    ("partner_value_jiahe", [(0, "product_vip_sofa", 1), (2, "product_vip_sofa", 2)]),
    ("partner_value_tianyi", [(3, "product_vip_sofa", 3), (5, "product_basic_chair", 40)]),
    ("partner_value_small_1", [(2, "product_basic_chair", 20)]),
    ("partner_value_small_2", [(1, "product_basic_chair", 15)]),
    ("partner_value_small_3", [(6, "product_basic_chair", 10)]),
    ("partner_value_small_4", [(2, "product_basic_chair", 8)]),
    ("partner_value_small_5", [(3, "product_basic_chair", 5)]),
    ("partner_value_small_6", [(1, "product_basic_chair", 3)]),
    ("partner_value_small_7", [(4, "product_basic_chair", 2)]),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _value_demo_populate(self):
        """The demo's business: customers spread for the 80/20 view, 金宏家居 an
        approved VIP, 嘉禾装饰 an application waiting, 天意酒店 at risk for an
        invoice overdue since two months (its application refused)."""
        ref = self.env.ref
        company = self.env.company
        company.write(
            {
                "vip_category_ids": [
                    Command.set(ref("crm_customer_value.product_category_vip_range").ids)
                ],
                "vip_pricelist_id": ref("crm_customer_value.pricelist_vip").id,
            }
        )
        now = fields.Datetime.now()
        for xmlid, sales in DEMO_SALES:
            partner = ref(f"crm_customer_value.{xmlid}")
            for months_ago, product_xmlid, qty in sales:
                product = ref(f"crm_customer_value.{product_xmlid}")
                order = self.env["sale.order"].create(
                    {
                        "partner_id": partner.id,
                        "user_id": partner.user_id.id,
                        "order_line": [
                            Command.create({"product_id": product.id, "product_uom_qty": qty})
                        ],
                    }
                )
                order.action_confirm()
                order.date_order = now - relativedelta(months=months_ago)
        Application = self.env["customer.vip.application"]
        golden = ref("crm_customer_value.partner_value_golden")
        Application.search(
            [("partner_id", "=", golden.id), ("state", "=", "submitted")]
        ).action_approve()
        jiahe = ref("crm_customer_value.partner_value_jiahe")
        if not Application.search([("partner_id", "=", jiahe.id), ("state", "=", "submitted")]):
            Application.create({"partner_id": jiahe.id}).action_submit()
        tianyi = ref("crm_customer_value.partner_value_tianyi")
        # refused for its unpaid invoice: a single application waits in the demo
        Application.search(
            [("partner_id", "=", tianyi.id), ("state", "=", "submitted")]
        ).action_refuse()
        overdue = fields.Date.context_today(self) - relativedelta(months=2)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": tianyi.id,
                "invoice_date": overdue,
                "invoice_date_due": overdue,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": ref("crm_customer_value.product_basic_chair").id,
                            "quantity": 40,
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        self._value_classify_company(company)

    @api.model
    def _value_demo_hand_to(self, salespeople, manager=None):
        """A demo that has salespeople of its own (the suite's, in Chinese) gives
        them this addon's customers: ``{customer xmlid: user xmlid}``. Their
        orders and latest snapshots follow, as if they had sold them, and the
        applications waiting go to ``manager`` (a user xmlid) to decide."""
        ref = self.env.ref
        for partner_xmlid, user_xmlid in salespeople.items():
            partner, user = ref(partner_xmlid), ref(user_xmlid)
            partner.user_id = user
            self.env["sale.order"].search([("partner_id", "child_of", partner.id)]).user_id = user
            self.env["customer.value.snapshot"].search(
                [("partner_id", "=", partner.id), ("is_latest", "=", True)]
            ).user_id = user
        if manager:
            customers = self.browse([ref(xmlid).id for xmlid in salespeople])
            self.env["customer.vip.application"].search(
                [("partner_id", "in", customers.ids), ("state", "=", "submitted")]
            ).activity_ids.user_id = ref(manager)
