"""make load: what salespeople, a dealer manager and dealers do, as Locust users.

Internal users talk JSON-RPC as the web client does (/web/session/authenticate,
/web/dataset/call_kw); dealers use the portal pages (/my/dealer/stock). Every
request's outcome goes to $LOAD_OUTCOMES (one JSON line each) for the report:

- ``ok``;
- ``refused``: a business refusal the scenario expects (an order below the
  floor from a salesperson) or that a user meets when acting on a screen
  someone else just changed (a pool customer claimed a moment before);
- ``error``: an HTTP error, an unexpected RPC error, a refusal nobody asked for,
  or a connection failure. The web client shows these to the user. A user who
  meets a connection failure waits and does it again, as after the web client's
  "Connection lost. Trying to reconnect..." banner.
"""

import itertools
import json
import os
import random
import re
import time
from datetime import date, timedelta

from locust import HttpUser, between, events, task

FACTS = json.load(open(os.environ["LOAD_FACTS"], encoding="utf-8"))  # noqa: SIM115
OUTCOMES = open(os.environ["LOAD_OUTCOMES"], "a", encoding="utf-8")  # noqa: SIM115
USERS = int(os.environ.get("LOAD_USERS", "20"))
RETRIES = 120  # a user tries again, for about two minutes, while the server is away
BELOW_FLOOR_REF = "load: below floor"
REFUSALS = {
    "below floor": ("below the dealer floor price",),
    "claimed meanwhile": ("Only customers in the customer pool can be claimed",),
    "pooled meanwhile": ("is in the customer pool: claim it before logging",),
}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_ids = itertools.count(1)


def record(user, name, started, outcome, kind=""):
    OUTCOMES.write(
        json.dumps(
            {
                "t": round(started, 3),
                "ms": round((time.time() - started) * 1000, 1),
                "name": name,
                "outcome": outcome,
                "kind": kind,
                "user": user,
            }
        )
        + "\n"
    )
    OUTCOMES.flush()


@events.quitting.add_listener
def _close(**_kw):
    OUTCOMES.close()


class OdooUser(HttpUser):
    abstract = True
    logins = []

    def on_start(self):
        self.login = self.logins.pop(0) if self.logins else None
        if not self.login:
            raise RuntimeError("more Locust users than logins")  # caught by Locust
        result = self.rpc(
            "login",
            "/web/session/authenticate",
            {
                "db": os.environ["LOAD_DB"],
                "login": self.login,
                "password": FACTS["password"],
            },
        )
        self.uid = result and result.get("uid")

    def _send(self, name, send, classify):
        """Sends a request, retrying a connection failure like a user would;
        each attempt's outcome is recorded, under the action's name."""
        for _attempt in range(RETRIES):
            started = time.time()
            with send() as resp:
                if not resp.status_code:
                    resp.failure("connection failed")
                    record(self.login, name, started, "error", "connection failed (server away)")
                    time.sleep(1)
                    continue
                if resp.status_code != 200:
                    resp.failure(f"HTTP {resp.status_code}")
                    record(self.login, name, started, "error", f"HTTP {resp.status_code}")
                    return None
                outcome, kind, value = classify(resp)
                if outcome == "error":
                    resp.failure(kind)
                else:
                    resp.success()
                record(self.login, name, started, outcome, kind)
                return value
        return None

    def rpc(self, name, url, params, refusals=()):
        def classify(resp):
            body = resp.json()
            error = body.get("error")
            if not error:
                return "ok", "", body.get("result")
            data = error.get("data") or {}
            message = data.get("message") or error.get("message") or ""
            exc = (data.get("name") or "").rsplit(".", 1)[-1]
            if exc in ("UserError", "ValidationError", "AccessError"):
                for label in refusals:
                    if any(text in message for text in REFUSALS[label]):
                        return "refused", label, None
            return "error", f"RPC {exc or 'error'}: {message.splitlines()[0][:90]}", None

        payload = {"jsonrpc": "2.0", "method": "call", "params": params, "id": next(_ids)}
        return self._send(
            name,
            lambda: self.client.post(url, json=payload, name=name, catch_response=True),
            classify,
        )

    def call(self, name, model, method, *args, refusals=(), context=None, **kwargs):
        kwargs["context"] = {"lang": "en_US", "tz": "UTC", **(context or {})}
        return self.rpc(
            name,
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
            refusals,
        )

    def order(self, partner_id, price, ref=False):
        lines = [
            (0, 0, {"product_id": product, "product_uom_qty": 3, "price_unit": price})
            for product in random.sample(FACTS["products"], 3)
        ]
        ids = self.call(
            "create quotation",
            "sale.order",
            "create",
            [
                {
                    "partner_id": partner_id,
                    "user_id": self.uid,
                    "client_order_ref": ref,
                    "order_line": lines,
                }
            ],
        )
        return ids and ids[0]


class Salesperson(OdooUser):
    """Works their due list, logs follow-ups, claims from the pool, sells."""

    wait_time = between(1, 4)
    logins = list(FACTS["sales"])

    def on_start(self):
        super().on_start()
        self.due = []
        self.confirmed = []

    @task(10)
    def due_list(self):
        rows = self.call(
            "due list",
            "res.partner",
            "search_read",
            [("user_id", "=", self.uid), ("followup_state", "in", ["due", "overdue"])],
            fields=["name", "followup_grade_id", "followup_next_date", "followup_state"],
            limit=80,
            order="followup_next_date, id",
        )
        self.due = rows or []

    @task(8)
    def open_customer(self):
        if not self.due:
            return
        partner = random.choice(self.due)
        self.call(
            "open customer",
            "res.partner",
            "web_read",
            [partner["id"]],
            specification={
                name: {}
                for name in (
                    "name",
                    "followup_grade_id",
                    "followup_state",
                    "followup_next_date",
                    "followup_last_date",
                    "followup_log_count",
                    "followup_reclaim_date",
                    "followup_reclaim_days_left",
                    "user_id",
                    "activity_ids",
                )
            },
        )

    @task(6)
    def log_followup(self):
        if not self.due:
            return
        partner = self.due.pop(random.randrange(len(self.due)))
        action = self.call("open log dialog", "res.partner", "action_followup_log", [partner["id"]])
        if not action:
            return
        grade = partner["followup_grade_id"] and partner["followup_grade_id"][0]
        self.call(
            "log follow-up",
            "crm.followup.log",
            "create",
            [
                {
                    "partner_id": partner["id"],
                    "grade_id": grade,
                    "channel": "call",
                    "summary": "Called: load test",
                }
            ],
            refusals=("pooled meanwhile",),
            context=action.get("context"),
        )

    @task(2)
    def claim(self):
        rows = self.call(
            "pool list",
            "res.partner",
            "search_read",
            # As the pool list shows it: customers this salesperson may not claim
            # yet (their cooldown) have no Claim button.
            [
                ("followup_pool_date", "!=", False),
                ("user_id", "=", False),
                ("followup_claim_cooldown_until", "=", False),
            ],
            fields=["name", "followup_grade_id", "followup_pool_date"],
            limit=40,
        )
        if rows:
            self.call(
                "claim from pool",
                "res.partner",
                "action_followup_claim",
                [random.choice(rows)["id"]],
                refusals=("claimed meanwhile",),
            )

    def _sell(self, kind, partner_id, price=90, refusals=(), ref=False):
        order_id = self.order(partner_id, price, ref)
        if order_id and self.call(
            f"confirm: {kind}", "sale.order", "action_confirm", [order_id], refusals=refusals
        ):
            self.confirmed.append(order_id)

    @task(2)
    def sell_customer(self):
        self._sell("customer", random.choice(FACTS["plain_customers"]))

    @task(3)
    def sell_referred(self):
        self._sell("referred customer", random.choice(FACTS["referred_customers"]))

    @task(3)
    def sell_dealer(self):
        self._sell("dealer", random.choice(FACTS["dealers"]))

    @task(1)
    def sell_dealer_below_floor(self):
        self._sell(
            "dealer below floor",
            random.choice(FACTS["dealers"]),
            40,
            ("below floor",),
            BELOW_FLOOR_REF,
        )

    @task(1)
    def cancel(self):
        if self.confirmed:
            self.call(
                "cancel order",
                "sale.order",
                "action_cancel",
                [self.confirmed.pop(0)],
                context={"disable_cancel_warning": True},
            )


class DealerManager(OdooUser):
    """Approves the orders below the floor the salespeople could not confirm."""

    wait_time = between(3, 8)
    logins = [FACTS["manager"]]
    fixed_count = 1 if USERS >= 3 else 0

    @task(3)
    def approve(self):
        ids = self.call(
            "below-floor queue",
            "sale.order",
            "search",
            [("state", "in", ["draft", "sent"]), ("client_order_ref", "=", BELOW_FLOOR_REF)],
            limit=5,
        )
        if ids:
            self.call("approve below floor", "sale.order", "action_confirm", [ids[0]])

    @task(1)
    def violations(self):
        self.call(
            "violations list",
            "dealer.price.violation",
            "search_read",
            [],
            fields=["dealer_id", "product_id", "sale_order_id", "penalty_amount"],
            limit=80,
        )


class Dealer(OdooUser):
    """A dealer's portal user: reads where it stands and reports its stock."""

    wait_time = between(3, 8)
    logins = list(FACTS["dealer_portals"])
    fixed_count = max(1, USERS // 6) if USERS >= 2 else 0

    def on_start(self):
        super().on_start()
        # A dealer reports the current period only, each report after its
        # latest: the history ends a week ago, so the days from six days ago up
        # to today, in order; then the dealer has nothing more to report.
        self.days = iter(range(6, -1, -1))

    def page(self, name, url, data=None, expect=None):
        def classify(resp):
            if expect and not re.search(expect, resp.url):
                return "error", f"portal: {name} did not go through", None
            return "ok", "", resp.text

        return self._send(
            name,
            lambda: (
                self.client.post(url, data=data, name=name, catch_response=True)
                if data
                else self.client.get(url, name=name, catch_response=True)
            ),
            classify,
        )

    @task(3)
    def stock(self):
        self.page("portal: stock page", "/my/dealer/stock")

    @task(2)
    def report(self):
        form = self.page("portal: report form", "/my/dealer/stock/new")
        token = form and CSRF.search(form)
        days_back = next(self.days, None)
        if not token or days_back is None:
            return
        day = date.fromisoformat(FACTS["today"]) - timedelta(days=days_back)
        data = {"csrf_token": token.group(1), "date": day.isoformat(), "period_days": "7"}
        for n, code in enumerate(FACTS["product_codes"]):
            data.update(
                {f"product_{n}": code, f"qty_on_hand_{n}": str(200 + n), f"qty_sold_{n}": "70"}
            )
        self.page(
            "portal: submit report", "/my/dealer/stock/new", data, expect=r"/my/dealer/stock/\d+"
        )
