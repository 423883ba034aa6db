"""screenshots.py DB REPO_DIR: the main screens of the suite, in English and in
Simplified Chinese, as PNG files in the static/description/ folder of the addon
whose action is shot (run by `make screenshots`, on the demo).

Each shot opens an action of ours by its XML id, as a user would from the menu;
the portal shots open the pages of ours that the demo's dealers and referrer
see, signed in as them.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.e2e.server import launch_chromium, odoo_server, sign_in
from tests.e2e.test_portal_e2e import portal_sign_in

# (file name, action XML id)
SHOTS = [
    ("followup-customers", "crm_followup_grading.res_partner_action_followup"),
    ("followup-analysis", "crm_followup_grading.res_partner_action_followup_report"),
    ("dealer-dashboard", "dealer_channel_control.dealer_stock_report_action_dashboard"),
    ("dealer-violations", "dealer_channel_control.dealer_price_violation_action"),
    (
        "referral-leaderboard",
        "customer_referral_points.loyalty_history_referral_leaderboard_action",
    ),
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
    ("portal-referrals", "customer_referral_points", "wang.portal", "/my/referrals"),
]
LANGUAGES = {"en": "en_US", "zh_CN": "zh_CN"}


def main(db, repo_dir):
    with odoo_server(db) as server, sync_playwright() as pw:
        browser = launch_chromium(pw)
        for suffix, lang in LANGUAGES.items():
            server.set_language("admin", lang)
            page = sign_in(browser, server, "admin", "admin")
            for name, xmlid in SHOTS:
                page.goto(f"{server.base_url}/odoo/action-{xmlid}")
                page.wait_for_selector(".o_action_manager .o_view_controller")
                # The bus keeps a connection open, so the network is never idle:
                # give the view a moment to finish painting instead.
                page.wait_for_timeout(1500)
                path = Path(repo_dir, xmlid.split(".")[0], "static", "description")
                page.screenshot(path=path / f"{name}.{suffix}.png")
                print(path / f"{name}.{suffix}.png")
            page.context.close()
            for name, addon, login, url in PORTAL_SHOTS:
                server.set_language(login, lang)
                page = portal_sign_in(browser, server, login)
                # the portal takes its language from the URL (English without a prefix)
                page.goto(f"{server.base_url}{'' if lang == 'en_US' else '/' + lang}{url}")
                page.wait_for_selector("#wrapwrap")
                path = Path(repo_dir, addon, "static", "description", f"{name}.{suffix}.png")
                page.screenshot(path=path, full_page=True)
                print(path)
                page.context.close()
                server.set_language(login, "en_US")
        server.set_language("admin", "en_US")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
