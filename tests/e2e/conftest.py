"""Fixtures of the end-to-end tests: tools/test.sh prepares a copy of the test
database that looks like the demo (our scheduled actions have run once) and
names it in E2E_DB; the server and the browser start here."""

import os
import resource

import pytest

from .server import CHROMIUM, launch_chromium, odoo_server, sign_in


def _lift_memory_limit():
    """pytest-odoo's in-process HTTP server (--odoo-http, for the addons' HttpCase
    tests) lowers this process's address-space limit to Odoo's limit_memory_hard;
    the browser and the server started from here would inherit it, and Chromium
    does not start under it. Back to the hard limit, as a shell would give."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


@pytest.fixture(scope="session")
def server():
    _lift_memory_limit()
    db = os.environ.get("E2E_DB")
    if not db:
        pytest.skip("E2E_DB is not set: run the end-to-end tests through `make test`")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no browser at {CHROMIUM}: install Debian's chromium to run these tests")
    with odoo_server(db) as running:
        yield running


@pytest.fixture(scope="session")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch_chromium(pw)
        yield chromium
        chromium.close()


@pytest.fixture
def login(browser, server):
    """login(user, password) -> a Playwright page on the web client, signed in."""
    pages = []

    def _login(user, password):
        page = sign_in(browser, server, user, password)
        pages.append(page)
        return page

    yield _login
    for page in pages:
        if os.environ.get("E2E_SCREENSHOTS"):
            page.screenshot(path=f"{os.environ['E2E_SCREENSHOTS']}/{id(page)}.png")
        page.context.close()
