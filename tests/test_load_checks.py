"""make load's post-run checks (tools/load/checks.py) catch what they are for:
each state below is broken on purpose, behind the ORM's back as a lost or
doubled write would leave it, and found; once repaired, it is not."""

from datetime import date, timedelta

from odoo import Command
from odoo.tests import freeze_time, new_test_user

from tools.load import checks

from .common import SuiteCase

TODAY = date(2026, 6, 15)


@freeze_time(TODAY)
class TestLoadChecks(SuiteCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.salesperson = new_test_user(
            cls.env, "load.check.sales", groups="sales_team.group_sale_salesman"
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Load check customer",
                "user_id": cls.salesperson.id,
                "followup_grade_id": cls.env.ref("crm_followup_grading.grade_b").id,
            }
        )

    def sql(self, query, *params):
        self.env.flush_all()
        self.env.cr.execute(query, params)
        self.env.invalidate_all()

    def offenders(self, check):
        return [row[0] for row in getattr(checks, check)(self.env)]

    def test_a_due_customer_needs_exactly_one_reminder(self):
        yesterday = TODAY - timedelta(days=1)
        self.sql(
            "UPDATE res_partner SET followup_next_date = %s WHERE id = %s",
            yesterday,
            self.customer.id,
        )
        self.assertIn(self.customer.id, self.offenders("reminder_problems"), "no reminder")
        self.env["mail.activity"]._followup_insert_reminders(self.customer)
        self.assertNotIn(self.customer.id, self.offenders("reminder_problems"))
        self.sql(
            """INSERT INTO mail_activity (res_model_id, res_model, res_id, activity_type_id,
                                          date_deadline, user_id, automated, active)
               SELECT res_model_id, res_model, res_id, activity_type_id, date_deadline,
                      user_id, automated, active
                 FROM mail_activity WHERE res_model = 'res.partner' AND res_id = %s""",
            self.customer.id,
        )
        self.assertIn(self.customer.id, self.offenders("reminder_problems"), "two reminders")

    def test_a_customer_is_in_the_pool_or_held_never_both(self):
        self.assertNotIn(self.customer.id, self.offenders("pooled_and_held"))
        self.sql(
            "UPDATE res_partner SET followup_pool_date = %s WHERE id = %s",
            TODAY,
            self.customer.id,
        )
        self.assertIn(self.customer.id, self.offenders("pooled_and_held"))

    def test_one_violation_per_order_and_product(self):
        product = self.env["product.product"].create({"name": "Load check product"})
        dealer = self.env["res.partner"].create({"name": "Load check dealer", "is_dealer": True})
        order = self.env["sale.order"].create(
            {
                "partner_id": dealer.id,
                "order_line": [Command.create({"product_id": product.id, "price_unit": 1})],
            }
        )
        vals = {
            "dealer_id": dealer.id,
            "product_id": product.id,
            "source": "sale_order",
            "sale_order_id": order.id,
            "floor_price": 10,
            "price": 1,
            "qty": 1,
        }
        Violation = self.env["dealer.price.violation"].sudo()
        Violation.create(vals)
        self.assertNotIn(order.id, self.offenders("duplicate_violations"))
        Violation.create(vals)
        self.assertIn(order.id, self.offenders("duplicate_violations"))

    def test_the_ledger_follows_the_documents(self):
        product = self.env["product.product"].create({"name": "Load check goods"})
        referrer = self.env["res.partner"].create({"name": "Load check referrer"})
        referred = self.env["res.partner"].create(
            {"name": "Load check referred", "referred_by_id": referrer.id}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": referred.id,
                "order_line": [Command.create({"product_id": product.id, "price_unit": 5000})],
            }
        )
        order.action_confirm()
        ledger = checks.run_checks(self.env)["ledger"]
        self.assertFalse([row for row in ledger if referred.id in _ids(row)])
        # the confirmation lost behind the ORM's back: the ledger is ahead of the documents
        self.sql("UPDATE sale_order SET state = 'cancel' WHERE id = %s", order.id)
        ledger = checks.run_checks(self.env)["ledger"]
        self.assertTrue([row for row in ledger if referred.id in _ids(row)])
        self.assertTrue(
            [row for row in checks.referral_ledger_differences(self.env) if row[1] == referred.id]
        )


def _ids(row):
    """The ids in a ledger offender, from the addon's check (a dict) or ours (a tuple)."""
    return set(row.values()) if isinstance(row, dict) else set(row)
