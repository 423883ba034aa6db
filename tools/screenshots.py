"""screenshots.py DB REPO_DIR: the main screens of the suite, in English and in
Simplified Chinese, as PNG files in the static/description/ folder of the addon
whose action is shot (run by `make screenshots`, on the demo).

Each shot opens an action of ours by its XML id, as a user would from the menu,
signed in as the demo's login for the role that works there; the portal shots
open the pages of ours that the demo's dealers and referrer see, signed in as
them. Each user gets back the language the demo gave it (Chinese).
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.e2e.server import launch_chromium, odoo_server, sign_in
from tests.e2e.test_portal_e2e import portal_sign_in

# (file name, action XML id, login (password = login)): the sales manager, the
# dealer manager
SHOTS = [
    ("followup-customers", "crm_followup_grading.res_partner_action_followup", "zhao.lei"),
    ("followup-analysis", "crm_followup_grading.res_partner_action_followup_report", "zhao.lei"),
    (
        "dealer-dashboard",
        "dealer_channel_control.dealer_stock_report_action_dashboard",
        "zheng.hao",
    ),
    ("dealer-violations", "dealer_channel_control.dealer_price_violation_action", "zheng.hao"),
    ("dealer-diversion-cases", "dealer_channel_stock.dealer_diversion_case_action", "zheng.hao"),
    ("value-key-risky", "crm_customer_value.customer_value_snapshot_action_key", "zhao.lei"),
    (
        "referral-leaderboard",
        "customer_referral_points.loyalty_history_referral_leaderboard_action",
        "zhao.lei",
    ),
]
# (file name, action XML id, login): the form of the action's first record
FORM_SHOTS = [
    ("dealer-diversion-case", "dealer_channel_stock.dealer_diversion_case_action", "zheng.hao"),
]
# (file name, portal login (password = login), page): what dealers and referrers
# see in Odoo's portal
PORTAL_SHOTS = [
    ("portal-dealer-stock", "dealer_channel_control", "fresh.portal", "/my/dealer/stock"),
    ("portal-dealer-projects", "dealer_channel_control", "bulk.portal", "/my/dealer/projects"),
    (
        "portal-dealer-violations",
        "dealer_channel_control",
        "bulk.portal",
        "/my/dealer/violations",
    ),
    ("portal-dealer-territory", "dealer_channel_stock", "fresh.portal", "/my/dealer/territory"),
    ("portal-referrals", "customer_referral_points", "wang.portal", "/my/referrals"),
    ("portal-vip", "crm_customer_value", "wang.portal", "/my/vip"),
]
LANGUAGES = {"en": "en_US", "zh_CN": "zh_CN"}


def languages(server, logins):
    """{login: its language} of the users logins."""
    users = server.rpc("res.users", "search_read", [("login", "in", logins)], ["login", "lang"])
    return {user["login"]: user["lang"] for user in users}


def main(db, repo_dir):
    logins = sorted({shot[2] for shot in SHOTS + FORM_SHOTS + PORTAL_SHOTS})
    with odoo_server(db) as server, sync_playwright() as pw:
        demo_languages = languages(server, logins)
        browser = launch_chromium(pw)
        try:
            for suffix, lang in LANGUAGES.items():
                for login in logins:
                    server.set_language(login, lang)
                shoot(browser, server, repo_dir, suffix, lang)
        finally:
            for login, lang in demo_languages.items():
                server.set_language(login, lang)
            browser.close()


def shoot(browser, server, repo_dir, suffix, lang):
    shots = [(*shot, False) for shot in SHOTS] + [(*shot, True) for shot in FORM_SHOTS]
    for login in sorted({shot[2] for shot in shots}):
        page = sign_in(browser, server, login, login)
        for name, xmlid, _login, form in [shot for shot in shots if shot[2] == login]:
            page.goto(f"{server.base_url}/odoo/action-{xmlid}")
            page.wait_for_selector(".o_action_manager .o_view_controller")
            if form:
                page.locator(".o_data_row .o_data_cell").first.click()
                page.wait_for_selector(".o_form_view")
            # The bus keeps a connection open, so the network is never idle:
            # give the view a moment to finish painting instead.
            page.wait_for_timeout(1500)
            path = Path(repo_dir, xmlid.split(".")[0], "static", "description")
            page.screenshot(path=path / f"{name}.{suffix}.png")
            print(path / f"{name}.{suffix}.png")
        page.context.close()
    for name, addon, login, url in PORTAL_SHOTS:
        page = portal_sign_in(browser, server, login)
        # the portal takes its language from the URL (English without a prefix)
        page.goto(f"{server.base_url}{'' if lang == 'en_US' else '/' + lang}{url}")
        page.wait_for_selector("#wrapwrap")
        path = Path(repo_dir, addon, "static", "description", f"{name}.{suffix}.png")
        page.screenshot(path=path, full_page=True)
        print(path)
        page.context.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
