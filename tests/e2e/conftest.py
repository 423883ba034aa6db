"""A real Odoo server and a real headless Chromium for the end-to-end tests.

tools/test.sh prepares the database (a copy of the test database with our
addons, their demo data and one run of our scheduled actions) and names it in
E2E_DB. The server is started here on a free local port; Playwright drives
Debian's Chromium (Playwright's own browser download is not possible here, and
the Python package needs none with ``executable_path``).
"""

import os
import socket
import subprocess
import time
import xmlrpc.client
from pathlib import Path

import pytest
import requests

CHROMIUM = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo")
REPO = Path(__file__).resolve().parents[2]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def odoo_server():
    db = os.environ.get("E2E_DB")
    if not db:
        pytest.skip("E2E_DB is not set: run the end-to-end tests through `make test`")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no browser at {CHROMIUM}: install Debian's chromium to run these tests")
    port = _free_port()
    server = subprocess.Popen(
        [
            str(REPO / ".venv/bin/python"),
            f"{ODOO_SRC}/odoo-bin",
            "-c",
            str(REPO / ".venv/odoo.conf"),
            "-d",
            db,
            f"--db-filter=^{db}$",
            f"--http-port={port}",
            f"--gevent-port={_free_port()}",
            "--max-cron-threads=0",
            "--log-level=warn",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base_url}/web/login", timeout=5).status_code == 200:
                break
        except requests.ConnectionError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("the Odoo server did not answer on /web/login within 120 s")
    yield OdooServer(base_url, db)
    server.terminate()
    server.wait(timeout=30)


class OdooServer:
    def __init__(self, base_url, db):
        self.base_url = base_url
        self.db = db

    def rpc(self, model, method, *args, **kwargs):
        """Calls the server as admin over XML-RPC, as an integration would."""
        common = xmlrpc.client.ServerProxy(f"{self.base_url}/xmlrpc/2/common")
        uid = common.authenticate(self.db, "admin", "admin", {})
        models = xmlrpc.client.ServerProxy(f"{self.base_url}/xmlrpc/2/object", allow_none=True)
        return models.execute_kw(self.db, uid, "admin", model, method, list(args), kwargs)


@pytest.fixture(scope="session")
def browser(odoo_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def login(browser, odoo_server):
    """login(user, password) -> a Playwright page on the web client, signed in."""
    contexts = []

    def _login(user, password):
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{odoo_server.base_url}/web/login")
        page.fill("input[name=login]", user)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_selector(".o_main_navbar")
        return page

    yield _login
    for context in contexts:
        context.close()
