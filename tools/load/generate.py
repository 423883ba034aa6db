"""make load: the data the load test runs on, written like the benchmarks'.

Called from ``odoo-bin shell`` (tools/load/run.sh): ``generate(env, scale)``.
Users, dealers and products go through the ORM (a few dozen records); the bulk
(graded customers, the pool, referred customers and their orders, the dealers'
report history) is inserted in SQL, its stored computed columns written too.

What the scenario (locustfile.py) relies on is written to a JSON file: logins,
ids of the products, dealers, referred and plain customers.
"""

import json
from datetime import timedelta

from odoo import Command, fields

from tools.bulk_data import insert_partners, insert_referrals, insert_report_history

PASSWORD = "load"  # throwaway users on a throwaway database
SALESPEOPLE = 24
DEALER_PORTALS = 12
PRODUCTS = 20
WEEKS = 26
# the cron code the fault injector kills in the middle: small batches, so that
# the worker is killed between two committed batches rather than before the first
CRON_BATCHES = {
    "crm_followup_grading.ir_cron_followup_schedule": "_cron_schedule_followups",
    "crm_followup_grading.ir_cron_followup_reclaim": "_cron_reclaim_neglected",
    "customer_referral_points.ir_cron_referral_reconcile": "_cron_referral_reconcile",
}


def _users(env, prefix, count, groups, partner_ids=None):
    group_ids = [env.ref(xmlid).id for xmlid in groups]
    vals = []
    for n in range(count):
        val = {
            "name": f"Load {prefix} {n}",
            "login": f"load.{prefix}.{n}",
            "password": PASSWORD,
            "groups_id": [Command.set(group_ids)],
        }
        if partner_ids:
            val["partner_id"] = partner_ids[n]
        vals.append(val)
    return env["res.users"].with_context(no_reset_password=True).create(vals)


def _graded_customers(env, users, count, today):
    """Graded customers A–D in turn, spread over the salespeople: one in ten due
    (up to four days late), one in twenty neglected past its reclaim date, the
    rest due later. One in fifteen more waits in the pool."""
    grades = [env.ref(f"crm_followup_grading.grade_{c}") for c in "abcd"]
    insert_partners(
        env.cr,
        "Load customer",
        count,
        {
            "grade_ids": [g.id for g in grades],
            "intervals": [g.interval_days for g in grades],
            "reclaim": [g.reclaim_days for g in grades],
            "today": today,
            "users": users.ids,
            "n_users": len(users),
        },
        join="""
            JOIN unnest(%(grade_ids)s::int[], %(intervals)s::int[], %(reclaim)s::int[])
                 WITH ORDINALITY AS g(grade_id, interval_days, reclaim_days, n)
              ON g.n = i %% 4 + 1,
            LATERAL (SELECT CASE WHEN i %% 20 = 7 THEN %(today)s::date - g.reclaim_days - 3
                                 WHEN i %% 10 = 0
                                 THEN %(today)s::date - g.interval_days - (i / 10) %% 5
                                 ELSE %(today)s::date - g.interval_days + 1 + i %% 5
                             END AS last_date,
                            i %% 15 = 4 AS pooled) c
        """,
        is_company="true",
        user_id="CASE WHEN pooled THEN NULL ELSE (%(users)s::int[])[i %% %(n_users)s + 1] END",
        followup_grade_id="grade_id",
        followup_grade_date="last_date - 30",
        followup_last_date="last_date",
        followup_next_date="last_date + interval_days",
        followup_assigned_date="last_date - 200",
        followup_reclaim_date="CASE WHEN pooled THEN NULL ELSE last_date + reclaim_days + 1 END",
        followup_pool_date="CASE WHEN pooled THEN %(today)s::date - 10 END",
    )


def _referred_customers(env, count, today):
    """Referrers (one per ten referred customers), the customers they brought
    (referred 200 days ago, so the last months' documents count), three
    confirmed orders each and one attendance per five; the ledger is left
    empty, as after an import: the first reconcile during the run writes it.
    Returns (referrer ids, referred ids)."""
    event = env["event.event"].create(
        {
            "name": "Load gala",
            "date_begin": fields.Datetime.now() - timedelta(days=30),
            "date_end": fields.Datetime.now() - timedelta(days=30) + timedelta(hours=8),
            # no attendee mails: their scheduler would keep the one cron worker busy
            "event_mail_ids": [Command.clear()],
        }
    )
    env.flush_all()
    referrer_ids, referred_ids = insert_referrals(
        env.cr,
        prefix="Load",
        referred=count,
        orders=3 * count,
        attended=count // 5,
        referred_on=today - timedelta(days=200),
        days=190,
        company=env.company,
        event=event,
    )
    return referrer_ids, referred_ids


def _dealers(env, count, products, salespeople, today):
    """Dealers with a weekly report history (the latest a week ago), each
    product's stock inside the band, so that orders at or above the floor pass."""
    channel = env.ref("dealer_channel_control.channel_supermarket")
    dealers = env["res.partner"].create(
        [
            {
                "name": f"Load dealer {n}",
                "is_company": True,
                "is_dealer": True,
                "dealer_channel_id": channel.id,
                "user_id": salespeople[n % len(salespeople)].id,
            }
            for n in range(count)
        ]
    )
    env.flush_all()
    # 10 sold a day, 200-230 on hand: 20-23 days, in the 20-25 day band
    insert_report_history(
        env.cr,
        dealers=dealers,
        products=products,
        first_day=today - timedelta(days=7 * WEEKS),
        weeks=WEEKS,
        company=env.company,
        channel=channel,
        on_hand=(200, 31),
    )
    return dealers


def generate(env, scale, out_path):
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
    today = fields.Date.context_today(env["res.partner"])
    customers = max(200, int(30000 * scale))
    referred = max(100, int(10000 * scale))
    n_dealers = max(DEALER_PORTALS, int(100 * scale))

    sales = _users(
        env,
        "sales",
        SALESPEOPLE,
        ["sales_team.group_sale_salesman", "dealer_channel_control.group_dealer_user"],
    )
    manager = _users(
        env,
        "manager",
        1,
        [
            "sales_team.group_sale_manager",
            "dealer_channel_control.group_dealer_manager",
        ],
    )
    products = env["product.product"].create(
        [
            {
                "name": f"Load product {n}",
                "default_code": f"LOAD{n:03d}",
                "list_price": 100,
                "dealer_floor_price": 50,
                "taxes_id": [Command.clear()],
            }
            for n in range(PRODUCTS)
        ]
    )
    dealers = _dealers(env, n_dealers, products, sales, today)
    contacts = env["res.partner"].create(
        [
            {"name": f"Load dealer contact {n}", "parent_id": dealers[n].id, "type": "contact"}
            for n in range(DEALER_PORTALS)
        ]
    )
    portals = _users(env, "dealer", DEALER_PORTALS, ["base.group_portal"], contacts.ids)
    plain = env["res.partner"].create(
        [{"name": f"Load plain customer {n}", "is_company": True} for n in range(40)]
    )
    env.flush_all()
    _graded_customers(env, sales, customers, today)
    referrer_ids, referred_ids = _referred_customers(env, referred, today)
    for xmlid, method in CRON_BATCHES.items():
        env.ref(xmlid).code = f"model.{method}(batch_size=250)"
    # every scheduled action waits for tomorrow: the copied template's are late,
    # and would all run at the cron worker's first wake-up; ours run on triggers
    env.cr.execute("UPDATE ir_cron SET nextcall = (now() at time zone 'utc') + interval '1 day'")
    env.cr.execute("DELETE FROM ir_cron_trigger")
    env.flush_all()
    env.cr.execute("ANALYZE")
    env.invalidate_all()
    facts = {
        # the server's today (the user's time zone): the report history is
        # dated from it, and the portal's new reports must miss those days
        "today": today.isoformat(),
        "password": PASSWORD,
        "sales": sales.mapped("login"),
        "manager": manager.login,
        "dealer_portals": portals.mapped("login"),
        "products": products.ids,
        "product_codes": products.mapped("default_code"),
        "dealers": dealers.ids,
        "portal_dealers": [dealers[n].id for n in range(DEALER_PORTALS)],
        "plain_customers": plain.ids,
        "referred_customers": referred_ids[:2000],
        "crons": {
            name: env.ref(xmlid).id
            for name, xmlid in {
                "cadence": "crm_followup_grading.ir_cron_followup_schedule",
                "reclaim": "crm_followup_grading.ir_cron_followup_reclaim",
                "reconcile": "customer_referral_points.ir_cron_referral_reconcile",
            }.items()
        },
        "sizes": {
            "graded customers": customers,
            "due": customers // 10,
            "in the pool": customers // 15,
            "neglected (past their reclaim date)": customers // 20,
            "referrers": len(referrer_ids),
            "referred customers": referred,
            "their orders": 3 * referred,
            "dealers": n_dealers,
            "report lines": n_dealers * WEEKS * PRODUCTS,
            "salespeople": SALESPEOPLE,
            "dealer portal users": DEALER_PORTALS,
        },
    }
    env.cr.commit()
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(facts, f, indent=1)
    return facts
