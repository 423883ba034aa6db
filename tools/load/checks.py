"""make load: what must hold after the run, read without writing anything.

``run_checks(env)`` returns {check: list of offenders}; an empty list is a
clean check. tools/load/run.sh calls it from ``odoo-bin shell`` after the last
cron runs; tests/test_load_checks.py breaks each on purpose.
"""

from odoo import fields
from odoo.tools import split_every

from odoo.addons.customer_referral_points.referral_rules import ledger_differences

CHECKS = {
    "ledger": "every referrer's ledger equals what the rules give for the documents",
    "card_balances": "every referral card's points equal the sum of its ledger lines",
    "reminders": "exactly one open reminder per due customer, never two for anyone",
    "violations": "no duplicated violation per order and product",
    "pool": "no customer both in the pool and held by a salesperson",
}


def referral_ledger_differences(env, batch_size=1000):
    """[(referrer, referred customer, rule, points in the ledger, points the
    rules give)] where they differ: the nightly reconcile's comparison
    (res.partner._referral_sync), without its writes — no card is created,
    no line recorded."""
    env.flush_all()
    env.cr.execute(
        """SELECT id FROM res_partner WHERE referred_by_id IS NOT NULL
            UNION
           SELECT referred_partner_id FROM loyalty_history WHERE referral_rule IS NOT NULL
            ORDER BY 1"""
    )
    Partner = env["res.partner"].sudo()
    History = env["loyalty.history"].sudo()
    Program = env["loyalty.program"].sudo()
    found = []
    for partners in split_every(batch_size, [r[0] for r in env.cr.fetchall()], Partner.browse):
        targets = {}
        for company, referred in partners.filtered("referred_by_id").grouped("company_id").items():
            program = Program._referral_program_for(company)
            if not program:
                partners -= referred  # no active programme: the points earned stay
                continue
            for (partner_id, rule), points in program._referral_targets(referred).items():
                referrer = Partner.browse(partner_id).referred_by_id
                targets[referrer.id, partner_id, rule] = points
        balances = {}
        for (card_id, partner_id, rule), points in History._referral_balances(partners).items():
            key = (env["loyalty.card"].sudo().browse(card_id).partner_id.id, partner_id, rule)
            balances[key] = balances.get(key, 0.0) + points
        for key, _diff in sorted(ledger_differences(balances, targets).items()):
            found.append((*key, balances.get(key, 0.0), targets.get(key, 0.0)))
        env.invalidate_all()
    return found


def card_balance_differences(env):
    """[(card id, points, sum of its ledger lines)] of the referral cards off their ledger."""
    env.flush_all()
    env.cr.execute(
        """SELECT c.id, c.points, s.total
             FROM loyalty_card c
             JOIN loyalty_program p ON p.id = c.program_id AND p.is_referral_program
             LEFT JOIN LATERAL (SELECT coalesce(sum(h.issued - coalesce(h.used, 0)), 0) AS total
                                  FROM loyalty_history h WHERE h.card_id = c.id) s ON TRUE
            WHERE round(c.points::numeric, 2) <> round(s.total::numeric, 2)
            ORDER BY c.id"""
    )
    return env.cr.fetchall()


def reminder_problems(env):
    """[(customer id, open reminders, due)] for a due customer without exactly
    one open reminder, and for anyone with more than one."""
    env.flush_all()
    types = env["crm.followup.grade"].sudo()._reminder_activity_types().ids
    env.cr.execute(
        """WITH due AS (
               SELECT id FROM res_partner
                WHERE active AND followup_grade_id IS NOT NULL AND user_id IS NOT NULL
                  AND followup_next_date <= %(today)s
           ), open AS (
               SELECT res_id, count(*) AS n FROM mail_activity
                WHERE res_model = 'res.partner' AND active AND activity_type_id = ANY(%(types)s)
                GROUP BY res_id
           )
           SELECT coalesce(due.id, open.res_id), coalesce(open.n, 0), due.id IS NOT NULL
             FROM due FULL JOIN open ON open.res_id = due.id
            WHERE (due.id IS NOT NULL AND coalesce(open.n, 0) <> 1) OR open.n > 1
            ORDER BY 1""",
        {"today": fields.Date.context_today(env["res.partner"]), "types": types},
    )
    return env.cr.fetchall()


def duplicate_violations(env):
    """[(order id, product id, violations)] with more than one violation."""
    env.flush_all()
    env.cr.execute(
        """SELECT sale_order_id, product_id, count(*) FROM dealer_price_violation
            WHERE sale_order_id IS NOT NULL
            GROUP BY sale_order_id, product_id HAVING count(*) > 1 ORDER BY 1, 2"""
    )
    return env.cr.fetchall()


def pooled_and_held(env):
    """[(customer id, salesperson id)] in the pool and held at once."""
    env.flush_all()
    env.cr.execute(
        """SELECT id, user_id FROM res_partner
            WHERE followup_pool_date IS NOT NULL AND user_id IS NOT NULL ORDER BY id"""
    )
    return env.cr.fetchall()


def stale_reminders(env):
    """Open reminders of customers that are not due (a follow-up logged while
    the cadence was inserting them): reported, not a failure — the reminder is
    done when the salesperson next logs a follow-up."""
    types = env["crm.followup.grade"].sudo()._reminder_activity_types().ids
    env.cr.execute(
        """SELECT count(*) FROM mail_activity a JOIN res_partner p ON p.id = a.res_id
            WHERE a.res_model = 'res.partner' AND a.active AND a.activity_type_id = ANY(%s)
              AND NOT (p.followup_next_date <= %s AND p.user_id IS NOT NULL)""",
        [types, fields.Date.context_today(env["res.partner"])],
    )
    return env.cr.fetchone()[0]


def run_checks(env):
    Partner = env["res.partner"].sudo()
    if hasattr(Partner, "referral_ledger_check"):
        # the addon's own check (the nightly reconcile's, without its writes)
        referral = Partner.referral_ledger_check()
        ledger, cards = referral["ledger"], referral["cards"]
    else:
        ledger, cards = referral_ledger_differences(env), card_balance_differences(env)
    return {
        "ledger": ledger,
        "card_balances": cards,
        "reminders": reminder_problems(env),
        "violations": duplicate_violations(env),
        "pool": pooled_and_held(env),
    }


def facts(env):
    """Counts the report prints beside the checks."""
    cr = env.cr
    counts = {"stale reminders (not due, reported only)": stale_reminders(env)}
    for label, query in {
        "referral ledger lines": (
            "SELECT count(*) FROM loyalty_history WHERE referral_rule IS NOT NULL"
        ),
        "price violations from orders": (
            "SELECT count(*) FROM dealer_price_violation WHERE sale_order_id IS NOT NULL"
        ),
        "customers in the pool": (
            "SELECT count(*) FROM res_partner WHERE followup_pool_date IS NOT NULL"
        ),
        "pool events": "SELECT count(*) FROM crm_followup_pool_event",
        "follow-up logs": "SELECT count(*) FROM crm_followup_log",
        "stock reports": "SELECT count(*) FROM dealer_stock_report",
        "confirmed orders": "SELECT count(*) FROM sale_order WHERE state = 'sale'",
    }.items():
        cr.execute(query)
        counts[label] = cr.fetchone()[0]
    return counts
