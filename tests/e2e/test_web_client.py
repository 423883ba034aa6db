"""The web client as a person sees it: a real server, a real browser."""


def test_admin_signs_in_and_finds_the_sales_apps(login):
    page = login("admin", "admin")
    page.click(".o_navbar_apps_menu button")
    apps = page.locator(".o_app").all_inner_texts()
    assert {"CRM", "Sales", "Events"} <= {a.strip() for a in apps}
