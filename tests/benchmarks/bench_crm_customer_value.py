"""CRM customer value at scale: the 80/20 classification of 50,000 customers
with a year of orders (two orders each, 100,000 orders) in one run.

The customers and their confirmed orders are written in SQL. Timed: the
classification of the company (``_value_classify_company``, what the monthly
scheduled action and the managers' button run; batches of 1,000): the period's
sales in one query, then per batch the risk signals, the class, share and risk
written on the customers and a snapshot each. Its work (units) is the number of
customers classified; its queries per batch are constant (a unit test holds it
with assertQueryCount), so the time should grow with the customers, no faster.
"""

from odoo.tests import new_test_user

from tools.bulk_data import insert_partners

from .common import BenchCase, crons_today, measure, record, scaled

ADDON = "crm_customer_value"
SALESPEOPLE = 10
ORDERS_PER_CUSTOMER = 2
BATCH = 1000


class BenchCrmCustomerValue(BenchCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.n_customers = scaled(50000)
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        env = cls.env
        cls.company = env.company
        cls.company.write({"value_period_months": 12, "value_basis": "sales"})
        users = env["res.users"]
        for n in range(SALESPEOPLE):
            users |= new_test_user(env, f"bench.value.{n}", groups="sales_team.group_sale_salesman")
        cls.users = users
        cls.product = env["product.product"].create({"name": "Bench tea set", "list_price": 100})
        cls.today = crons_today(env)
        # the database's own orders are no part of these customers' business
        env.cr.execute("UPDATE sale_order SET state = 'cancel' WHERE state = 'sale'")
        env.flush_all()
        cls._insert_orders()

    @classmethod
    def _insert_orders(cls):
        """Customers of ten salespeople, each with ORDERS_PER_CUSTOMER orders of
        one line over the last 360 days, of amounts from 100 to 10,000 so that
        the classes spread."""
        cr = cls.env.cr
        params = {
            "customers": cls.n_customers,
            "orders": cls.n_customers * ORDERS_PER_CUSTOMER,
            "users": cls.users.ids,
            "n_users": len(cls.users),
            "company": cls.company.id,
            "currency": cls.company.currency_id.id,
            "today": cls.today,
            "product": cls.product.id,
            "uom": cls.product.uom_id.id,
        }
        params["partner_ids"] = insert_partners(
            cr,
            "Bench buyer",
            cls.n_customers,
            params,
            is_company="true",
            user_id="(%(users)s::int[])[i %% %(n_users)s + 1]",
        )
        # the shipping policy is sale_stock's (the template has it), required: its default
        cr.execute(
            """
            INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
                                    company_id, currency_id, currency_rate, date_order,
                                    state, amount_untaxed, amount_tax, amount_total,
                                    picking_policy, create_uid, write_uid, create_date, write_date)
            SELECT 'BENCH/' || i, p, p, p, %(company)s, %(currency)s, 1.0,
                   %(today)s::timestamp - (i %% 360) * interval '1 day' + interval '10 hours',
                   'sale', 0, 0, 0, 'direct', 1, 1, now(), now()
              FROM generate_series(1, %(orders)s) i,
                   LATERAL (SELECT (%(partner_ids)s::int[])[1 + i %% %(customers)s] AS p) c
            RETURNING id
            """,
            params,
        )
        params["order_ids"] = [row[0] for row in cr.fetchall()]
        cr.execute(
            """
            INSERT INTO sale_order_line (order_id, name, product_id, product_uom,
                                         product_uom_qty, price_unit, discount, customer_lead,
                                         company_id, currency_id, state,
                                         create_uid, write_uid, create_date, write_date)
            SELECT o, 'Bench tea set', %(product)s, %(uom)s, 1,
                   100 + (n * 7919) %% 9901, 0, 0, %(company)s, %(currency)s, 'sale',
                   1, 1, now(), now()
              FROM unnest(%(order_ids)s::int[]) WITH ORDINALITY AS x(o, n)
            """,
            params,
        )
        cr.execute("ANALYZE res_partner, sale_order, sale_order_line")
        cls.env.invalidate_all()

    def test_classify(self):
        Partner = self.env["res.partner"]
        self.env.invalidate_all()
        with measure(self.env.cr) as run:
            Partner._value_classify_company(self.company, batch_size=BATCH)
            self.env.flush_all()
        buyers = Partner.search([("name", "like", "Bench buyer")])
        classes = buyers.mapped("value_class")
        self.assertEqual(len(buyers), self.n_customers)
        self.assertNotIn(False, classes)
        self.assertTrue({"a", "b", "c"} <= set(classes))
        snapshots = self.env["customer.value.snapshot"].search_count(
            [("partner_id", "in", buyers.ids), ("is_latest", "=", True)]
        )
        self.assertEqual(snapshots, self.n_customers)
        batches = -(-self.n_customers // BATCH)
        record(
            ADDON,
            "80/20 classification: class, share, risk and a snapshot per customer",
            f"{self.n_customers} customers, {self.n_customers * ORDERS_PER_CUSTOMER} orders "
            "in a year",
            run.seconds,
            queries=run.queries,
            note=f"batches of {BATCH}: {run.queries / batches:.0f} queries per batch",
            units=self.n_customers,
        )
        self.assertLess(run.seconds, 600)
