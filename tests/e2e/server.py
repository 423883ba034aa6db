"""A real Odoo server and Debian's Chromium, for the end-to-end tests and for
tools/screenshots.py.

Playwright's own browser download is not possible here, and the Python package
needs none when given ``executable_path``.
"""

import os
import socket
import subprocess
import time
import xmlrpc.client
from contextlib import contextmanager
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo")
CHROMIUM = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
# Without the networking flags Chromium keeps calling home, and this machine's
# closed network refuses each call.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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

    def set_language(self, login, lang):
        """Installs lang if needed and makes it the user's language."""
        lang_id = self.rpc(
            "res.lang", "search", [("code", "=", lang), ("active", "in", [True, False])]
        )
        wizard = self.rpc("base.language.install", "create", {"lang_ids": [(6, 0, lang_id)]})
        self.rpc("base.language.install", "lang_install", [wizard])
        user_ids = self.rpc("res.users", "search", [("login", "=", login)])
        self.rpc("res.users", "write", user_ids, {"lang": lang})


@contextmanager
def odoo_server(db, timeout=120):
    """Serves database db on a free local port for the duration of the block."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(REPO / ".venv/bin/python"),
            f"{ODOO_SRC}/odoo-bin",
            "-c",
            str(REPO / ".venv/odoo.conf"),
            "-d",
            db,
            f"--db-filter=^{db}$",
            f"--http-port={port}",
            f"--gevent-port={free_port()}",
            "--max-cron-threads=0",
            "--log-level=warn",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                # The first request loads the registry: slow on a busy machine.
                if requests.get(f"{base_url}/web/login", timeout=60).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"the Odoo server did not answer on {base_url}/web/login")
            time.sleep(0.5)
        yield OdooServer(base_url, db)
    finally:
        process.terminate()
        process.wait(timeout=30)


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def sign_in(browser, server, login, password):
    """A new browser context signed in as login; returns its page."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{server.base_url}/web/login")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_selector(".o_main_navbar")
    return page
