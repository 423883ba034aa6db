# Run inside `odoo-bin shell` by tools/lifecycle.sh on a database with the demo:
# a year of ordinary activity in our addons, a week at a time, as the demo's
# admin (a sales and dealer manager) would leave it: follow-ups logged, reminders
# and the pool run, weekly stock reports, orders to dealers (some below the floor,
# approved), penalties confirmed and invoiced, orders of referred customers,
# project registrations, market checks of lots seen out of their dealers'
# territory and their cases decided.
from datetime import date, timedelta

from freezegun import freeze_time

admin = env.ref("base.user_admin")
aenv = env(user=admin, context={"tracking_disable": True})
Partner = aenv["res.partner"]
start = date.today() - timedelta(days=364)


def xmlref(xmlid):
    return aenv.ref(xmlid, raise_if_not_found=False)


def crons():
    names = (
        "crm_followup_grading",
        "dealer_channel_control",
        "customer_referral_points",
        "dealer_channel_stock",
    )
    ids = env["ir.model.data"].search([("module", "in", names), ("model", "=", "ir.cron")])
    for cron in env["ir.cron"].browse(ids.mapped("res_id")):
        cron.method_direct_trigger()


def order(partner, product, price, qty=10):
    so = aenv["sale.order"].create(
        {
            "partner_id": partner.id,
            "order_line": [
                (0, 0, {"product_id": product.id, "product_uom_qty": qty, "price_unit": price})
            ],
        }
    )
    so.action_confirm()
    return so


graded = Partner.search([("followup_grade_id", "!=", False)], limit=20)
dealers = Partner.search([("is_dealer", "=", True)])
referred = Partner.search([("referred_by_id", "!=", False)])
products = [xmlref(f"dealer_channel_control.demo_product_{n}") for n in ("tea", "rice", "soap")]
products = [p for p in products if p]
longjing = xmlref("dealer_channel_stock.demo_product_longjing")
for week in range(52):
    today = start + timedelta(weeks=week)
    with freeze_time(today):
        for n, partner in enumerate(graded):
            if (week + n) % 3 == 0:
                aenv["crm.followup.log"].create(
                    {
                        "partner_id": partner.id,
                        "channel": "call",
                        "summary": f"week {week}",
                        "grade_id": partner.followup_grade_id.id,
                    }
                )
        for dealer in dealers:
            report = aenv["dealer.stock.report"].create(
                {
                    "dealer_id": dealer.id,
                    "date": today,
                    "line_ids": [
                        (0, 0, {"product_id": p.id, "qty_on_hand": 40 + week % 7, "qty_sold": 14})
                        for p in products
                    ],
                }
            )
            report.action_done()
            if week % 4 == 0 and products:
                floor = products[0].dealer_floor_price or 10
                order(dealer, products[0], floor * (0.9 if week % 8 == 0 else 1.1))
        if week % 4 == 2:
            for partner in referred:
                order(
                    partner,
                    products[-1] if products else aenv["product.product"].search([], limit=1),
                    700,
                )
        if week % 13 == 0 and dealers:
            project = aenv["dealer.project"].create(
                {
                    "name": f"Canteen {week}",
                    "end_customer": "City Hospital",
                    "dealer_id": dealers[0].id,
                    "line_ids": [
                        (0, 0, {"product_id": products[0].id, "qty": 100, "price_unit": 20})
                    ],
                }
            )
            project.action_register()
        if week % 4 == 1 and longjing:
            # the demo's Zhejiang lots seen in Jiangsu: cross-territory cases, decided
            aenv["dealer.price.check"].create(
                {
                    "product_id": longjing.id,
                    "price": 170,
                    "qty": 2,
                    "lot_name": ("LJ2611-A", "LJ2611-B")[week % 8 // 4],
                    "place_state_id": env.ref("base.state_cn_JS").id,
                }
            )
            cases = aenv["dealer.diversion.case"].search([("state", "in", ("to_review", "draft"))])
            for case in cases.filtered(lambda c: not c.dealer_id):
                case.dealer_id = case.candidate_dealer_ids[:1]
            cases[::2].action_confirm()
            cases[1::2].action_waive()
        if week % 4 == 3:
            drafts = aenv["dealer.price.violation"].search([("state", "=", "draft")])
            drafts.action_confirm()
            drafts.action_invoice_penalties()
        crons()
    env.cr.commit()

print(
    "a year of activity:",
    aenv["crm.followup.log"].search_count([]),
    "follow-ups,",
    aenv["dealer.stock.report"].search_count([]),
    "stock reports,",
    aenv["dealer.price.violation"].search_count([]),
    "violations,",
    aenv["dealer.diversion.case"].search_count([]),
    "cross-territory cases,",
    aenv["loyalty.history"].search_count([("referral_rule", "!=", False)]),
    "referral ledger lines",
)
