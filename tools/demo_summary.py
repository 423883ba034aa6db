# Run inside `odoo-bin shell` by tools/demo.sh: runs our addons' scheduled
# actions once, then prints what the demo holds and where to look first.
from odoo.modules.module import get_manifest

# The product addons, as the bridge addon names them (tools/suite.py).
ADDONS = tuple(get_manifest("channel_suite_demo")["depends"])
# (menu XML id, what it shows), in the order a visitor should open them.
TOUR = [
    ("crm_followup_grading.res_partner_menu_followup_due", "today's and overdue follow-ups"),
    ("crm_followup_grading.res_partner_menu_followup_report", "who is behind, by salesperson"),
    ("crm_followup_grading.res_partner_menu_followup_pool", "neglected customers reclaimed"),
    ("dealer_channel_control.dealer_stock_report_dashboard_menu", "inventory days vs the band"),
    ("dealer_channel_control.dealer_price_violation_menu", "penalties for undercutting"),
    ("dealer_channel_control.dealer_project_menu", "competing project registrations"),
    ("customer_referral_points.loyalty_history_menu_referral_leaderboard", "top referrers"),
]
# (login, role): one login per role, the password is the login (a demo only).
# A login whose addon is not installed is left out.
LOGINS = [
    ("admin", "system administrator: settings, every right"),
    ("zhao.lei", "sales manager: every customer, the follow-up reports and the pool"),
    ("zheng.hao", "dealer manager: price floors, orders below the floor, penalties"),
    ("li.wei", "dealer salesperson: his own customers and the dealer he serves"),
    ("demo", "salesperson: his own customers and dealers"),
    ("fresh.portal", "dealer portal (/my/dealer/stock)"),
    ("bulk.portal", "dealer portal (/my/dealer/projects)"),
    ("wang.portal", "referrer portal (/my/referrals)"),
]

cron_ids = (
    env["ir.model.data"]
    .search([("module", "in", ADDONS), ("model", "=", "ir.cron")])
    .mapped("res_id")
)
for cron in env["ir.cron"].browse(cron_ids):
    cron.method_direct_trigger()
    print(f"ran scheduled action: {cron.name}")
env.cr.commit()


def followup_story(partners):
    graded = partners.search([("followup_grade_id", "!=", False)])
    states = ", ".join(
        f"{len(graded.filtered(lambda p, s=state: p.followup_state == s))} {state}"
        for state in ("scheduled", "due", "overdue")
    )
    pool = partners.search_count([("followup_pool_date", "!=", False), ("user_id", "=", False)])
    print(f"  {len(graded)} graded customers: {states}; {pool} in the customer pool")


def dealer_story(partners):
    for dealer in partners.search([("is_dealer", "=", True)]):
        print(
            f"  dealer {dealer.name} ({dealer.dealer_channel_id.name}): "
            f"{dealer.dealer_inventory_days:.1f} inventory days, {dealer.dealer_inventory_state}"
        )
    violations = env["dealer.price.violation"].search([])
    penalties = sum(violations.mapped("penalty_amount"))
    currency = env.company.currency_id.name
    print(f"  {len(violations)} price violations, {penalties:.2f} {currency} in penalties")


def referral_story(partners):
    for referrer in partners.search([("referred_by_id", "!=", False)]).referred_by_id:
        print(
            f"  referrer {referrer.name}: {referrer.referral_count} referred, "
            f"{referrer.referral_points:.0f} points"
        )


print("\nWhat the demo holds:")
partners = env["res.partner"]
# Each addon may be installed alone: tell only the parts that are there.
for field, story in [
    ("followup_grade_id", followup_story),
    ("is_dealer", dealer_story),
    ("referred_by_id", referral_story),
]:
    if field in partners._fields:
        story(partners)

print("\nWhere to look first (http://localhost:8069):")
for xmlid, what in TOUR:
    menu = env.ref(xmlid, raise_if_not_found=False)
    if menu:
        print(f"  {menu.complete_name:<45} {what}")
print("\nSign in as (password = login):")
users = env["res.users"].search([("login", "in", [login for login, _role in LOGINS])])
by_login = {user.login: user for user in users}
for login, role in LOGINS:
    user = by_login.get(login)
    if user:
        # a portal user signs in for the customer or dealer whose contact it is
        who = user.partner_id.commercial_partner_id.name if user.share else user.name
        print(f"  {login:<13} {who} ({user.lang}): {role}")
print(
    "Each user's language is set in the user menu, Preferences (English one switch away);"
    " the portal has its own language switch."
)
