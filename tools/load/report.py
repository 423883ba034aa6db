"""make load: docs/load.md and its chart from a run's files.

    report.py WORK_DIR REPORT.md

WORK_DIR holds what the run left: facts.json (generate.py), outcomes.jsonl
(locustfile.py), events.json (drive.py), checks.json (checks.py), server.log.
"""

import json
import re
import statistics
import sys
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path

GOAL_RATIO = 1.5
SERVER_AWAY = "connection failed (server away)"  # locustfile.py's kind
HOW = """\
`make load` (tools/load/run.sh) copies the template database, installs the
addons and generates the data in SQL (generate.py), then drive.py starts
`odoo-bin` in prefork mode on a free 127.0.0.1 port and Locust (its own
virtualenv, `.venv/load`) runs the users of locustfile.py headless for a fixed
time: salespeople (JSON-RPC: due list, a customer's form, log a follow-up,
claim from the pool, quotations confirmed to customers, referred customers and
dealers, some below the floor and refused, some cancelled), one dealer manager
approving the orders below the floor, and dealers' portal users reading their
stock page and submitting a weekly report through the form. Think time 1–4 s
(salespeople) and 3–8 s (manager, dealers): far busier than people are.

Meanwhile the cadence cron is triggered and the cron worker SIGKILLed as soon
as one batch is committed with more to do; the same for the referral
reconcile; the server is restarted once (SIGTERM, then a new odoo-bin); the
reclaim, cadence and reconcile run again. After the users stop, the three run
once more, as the next night would, and the checks below are read from the
database (tools/load/checks.py). Crons run in batches of 250 here (1,000 or 500
in production) so that a kill lands between two commits.

Locust because it is maintained, on PyPI, scriptable in Python (the users'
behaviour is plain code, JSON-RPC included), headless with a fixed user count
and run time, and its users are greenlets: 20 of them cost one process."""
TUNING = """\
What this run suggests for a company with 100 salespeople (Odoo's own rule of
thumb is one HTTP worker per 6 concurrent users, and 2 × cores + 1 workers):

- **HTTP workers**: 100 people busy at once are ~17 workers; people think between
  clicks, so 8–12 workers on 4–6 cores serve them, with PostgreSQL on its own
  machine or cores. Here 2 workers on 2 shared cores carried 20 users clicking
  every 1–4 s. Keep `limit_time_real` above the slowest request (the portal's
  report upload, a 500-line order) and `limit_memory_soft` near 2 GB a worker.
- **Cron workers**: `--max-cron-threads=2`. With one, every scheduled action
  waits for the one before it: in a first try here Odoo's event mail scheduler
  (24 s a run) kept the cadence waiting. Our crons commit per batch and resume
  where a killed run stopped, so a second worker costs nothing in correctness.
- **Restarts**: the graceful stop waits for the running requests and crons;
  put the proxy's health check on `/web/health` and restart one server of two,
  or users see "Connection lost" for the seconds measured above.
- **PostgreSQL**: `max_connections` above (HTTP workers + cron workers + the
  gevent process) × 2 plus maintenance (e.g. 100); `shared_buffers` 25% of RAM,
  `effective_cache_size` 50–75%, `work_mem` 32–64 MB (the pivots' grouped
  reads), `random_page_cost` 1.1 on SSD; autovacuum kept on (mail_activity,
  res_partner and loyalty_history are written all day). No transaction pooling
  (PgBouncer in session mode only): Odoo's bus and crons use LISTEN/NOTIFY.
  The serialization retries counted above grow with concurrency on the same
  rows (a referrer's card): Odoo retries them; keep them visible in the log."""

# the web client's wording when a request finds no server
CONNECTION_LOST = "Connection lost. Trying to reconnect..."
BATCH_RETRY = re.compile(r"(\w+) failed on a batch, retrying record by record")
BATCH_SKIP = re.compile(r"(\w+) skipped \w")
RETRY_LINE = re.compile(r"(\w+), (\d+) tries left, try again")
CHART_ACTIONS = (
    "confirm: dealer",
    "confirm: customer",
    "confirm: referred customer",
    "approve below floor",
    "log follow-up",
    "due list",
    "portal: submit report",
)


def pct(values, q):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def ms(value):
    return "—" if value is None else f"{value:,.0f} ms"


def load(work):
    outcomes = [
        json.loads(line)
        for line in (work / "outcomes.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    events = json.loads((work / "events.json").read_text(encoding="utf-8"))
    checks = json.loads((work / "checks.json").read_text(encoding="utf-8"))
    facts = json.loads((work / "facts.json").read_text(encoding="utf-8"))
    log = (work / "server.log").read_text(encoding="utf-8", errors="replace")
    return outcomes, events, checks, facts, log


def event_time(events, what):
    return next((e["t"] for e in events if e["what"] == what), None)


def restart_window(events):
    start = event_time(events, "restart: SIGTERM to the server")
    end = event_time(events, "restart: server answers again")
    return (start - 1, end + 2) if start and end else (0, 0)


def user_errors(outcomes, events):
    """{kind: count} of the errors users saw, but for the connection failures
    while the server was away for the planned restart (reported apart)."""
    low, high = restart_window(events)
    return Counter(
        o["kind"]
        for o in outcomes
        if o["outcome"] == "error" and not (o["kind"] == SERVER_AWAY and low <= o["t"] <= high)
    )


def restart_section(outcomes, events):
    low, high = restart_window(events)
    seen = [o for o in outcomes if low <= o["t"] <= high and o["outcome"] == "error"]
    stop = event_time(events, "restart: server stopped")
    start = event_time(events, "restart: SIGTERM to the server")
    end = event_time(events, "restart: server answers again")
    if not start:
        return ["No restart happened."]
    users = {o["user"] for o in seen}
    waits = defaultdict(list)
    for o in sorted(outcomes, key=lambda o: o["t"]):
        waits[o["user"]].append(o)
    longest = 0.0
    for rows in waits.values():
        first_fail = None
        for o in rows:
            if low <= o["t"] <= high and o["outcome"] == "error" and first_fail is None:
                first_fail = o["t"]
            elif first_fail is not None and o["outcome"] != "error":
                longest = max(longest, o["t"] - first_fail)
                break
    kinds = Counter(o["kind"] for o in seen)
    lines = [
        f"The server got SIGTERM at +{start - event_time(events, 'users start'):.0f} s; its "
        f"graceful stop took {stop - start:.1f} s (requests in progress finish), the new "
        f"server answered {end - stop:.1f} s later: **{end - start:.1f} s without a server**.",
        "",
        (
            f"- {len(seen)} requests of {len(users)} of the users found no server ("
            + ", ".join(f"{n} × {k}" for k, n in kinds.most_common())
            + f'). The web client shows these as "{CONNECTION_LOST}" and the user does it '
            f"again; the longest a user waited for an answer was {longest:.1f} s."
            if seen
            else "- No request was sent while the server was away."
        ),
        "- Sessions are kept in the filestore: nobody had to log in again."
        if not any("Session" in o["kind"] for o in outcomes if o["t"] >= start)
        else "- Some users lost their session (above) and had to log in again.",
        "- No request in progress at the SIGTERM failed: the master lets workers finish "
        "their request before stopping them."
        if not any(o["kind"].startswith("HTTP") for o in seen)
        else "- Some requests in progress failed with an HTTP error (above).",
    ]
    return lines


def server_errors(log):
    """ERROR lines of the server log, by logger and message; a bad query by
    its statement's first words and PostgreSQL's reason (the line after it)."""
    lines = log.splitlines()
    found = Counter()
    for n, line in enumerate(lines):
        if not re.match(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ", line):
            continue
        text = line.split(" ", 5)[-1]
        if "bad query" in text:
            reason = next((x for x in lines[n + 1 : n + 4] if x.startswith("ERROR:")), "")
            text = " ".join(text.split()[:6]) + f"… — {reason}"
        found[re.sub(r"\(\d+,\)|'[^']*'::timestamp", "…", text)[:160]] += 1
    return found


def chart(outcomes, events, path):
    # imported here: the rest of this module runs without matplotlib (its test)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    base = event_time(events, "users start")
    fig, ax = plt.subplots(figsize=(10, 5.5), dpi=100)
    for name in CHART_ACTIONS:
        buckets = defaultdict(list)
        for o in outcomes:
            if o["name"] == name and o["outcome"] != "error":
                buckets[int((o["t"] - base) // 10) * 10].append(o["ms"])
        if buckets:
            xs = sorted(buckets)
            ax.plot(
                xs, [pct(buckets[x], 0.95) for x in xs], label=f"{name} (p95)", lw=1.2, marker="."
            )
    marks = {
        "cadence: cron worker SIGKILLed mid-run": "kill (cadence)",
        "reconcile: cron worker SIGKILLed mid-run": "kill (reconcile)",
        "restart: SIGTERM to the server": "restart",
    }
    for event in events:
        if event["what"] in marks:
            x = event["t"] - base
            ax.axvline(x, color="grey", ls="--", lw=0.8)
            ax.text(
                x, 0.97, " " + marks[event["what"]], fontsize=8, transform=ax.get_xaxis_transform()
            )
    low, high = restart_window(events)
    if high:
        ax.axvspan(low - base, high - base, color="red", alpha=0.08, label="server away")
    ax.set_yscale("log")
    ax.set_xlabel("seconds since the users started (10 s buckets)")
    ax.set_ylabel("95th percentile latency (ms)")
    ax.set_title("make load: latency over time")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=4)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main(work, report):
    outcomes, run, checks_file, facts, log = load(work)
    events = run["events"]
    checks, counts = checks_file["checks"], checks_file["facts"]
    begin = event_time(events, "users start")
    # the users stop at their time; "users stop" waits for the crons in progress
    duration = max(o["t"] + o["ms"] / 1000 for o in outcomes) - begin
    restart_lines = restart_section(outcomes, events)

    by_action = defaultdict(list)
    for o in outcomes:
        by_action[o["name"]].append(o)
    errors = user_errors(outcomes, events)
    refusals = Counter((o["name"], o["kind"]) for o in outcomes if o["outcome"] == "refused")
    retries = Counter(m.group(1) for m in RETRY_LINE.finditer(log))
    log_errors = server_errors(log)

    def p95(name):
        return pct([o["ms"] for o in by_action.get(name, []) if o["outcome"] != "error"], 0.95)

    dealer, customer = p95("confirm: dealer"), p95("confirm: customer")
    ratio = dealer / customer if dealer and customer else None
    failed = [name for name, offenders in checks.items() if offenders]
    goal = {
        "zero errors a user would see (the restart's connection failures apart)": not errors,
        "every check clean": not failed,
        f"dealer confirmation p95 within {GOAL_RATIO}× the non-dealer one": ratio is not None
        and ratio <= GOAL_RATIO,
    }

    png = Path(report).with_name("load-latency.png")
    chart(outcomes, events, png)
    when = datetime.fromtimestamp(begin, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    users = next(e for e in events if e["what"] == "users start")["users"]
    workers = next(e for e in events if e["what"] == "server up")["workers"]
    out = [
        "# Load test (`make load`)",
        "",
        "Regenerated by `make load` (tools/load/, see its README section); do not edit.",
        f"Run of {when}: **{users} users for {duration:.0f} s** against `odoo-bin "
        f"--workers={workers} --max-cron-threads=1` on 127.0.0.1, PostgreSQL on the same "
        "machine (2 cores shared with other jobs).",
        "",
        "## Goal",
        "",
        "| | |",
        "|---|---|",
        *(f"| {label} | {'met' if ok else '**not met**'} |" for label, ok in goal.items()),
        "",
        f"Dealer order confirmation p95 {ms(dealer)} against {ms(customer)} for the same "
        f"order to a customer who is no dealer" + (f": {ratio:.2f}×." if ratio else "."),
        "",
        "## How it runs",
        "",
        *HOW.splitlines(),
        "",
        "## Data",
        "",
        ", ".join(f"{n:,} {label}" for label, n in facts["sizes"].items()) + ".",
        "",
        "## Throughput and latency per action",
        "",
        f"{len(outcomes):,} requests in {duration:.0f} s: **{len(outcomes) / duration:.1f} "
        "requests per second**. Latency of the answered requests (refusals included); a "
        "connection failure is an error, not a latency.",
        "",
        "| action | requests | ok | refused (expected) | errors | median | p95 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, rows in sorted(by_action.items(), key=lambda kv: -len(kv[1])):
        answered = [o["ms"] for o in rows if o["outcome"] != "error"]
        n = Counter(o["outcome"] for o in rows)
        out.append(
            f"| {name} | {len(rows):,} | {n['ok']:,} | {n['refused']:,} | {n['error']:,} | "
            f"{ms(pct(answered, 0.5))} | {ms(pct(answered, 0.95))} |"
        )
    out += [
        "",
        f"![latency over time]({png.name})",
        "",
        "## Errors",
        "",
        "Errors a user would see (an HTTP error, an RPC error, a refusal nobody expected), "
        "but for the connection failures while the server was away for the restart "
        "(below):",
        "",
    ]
    out += [f"- {n} × {kind}" for kind, n in errors.most_common()] if errors else ["- none."]
    out += ["", "Business refusals the scenario expects (the user sees the rule's message):", ""]
    out += (
        [f"- {name}: {n} × {kind}" for (name, kind), n in refusals.most_common()]
        if refusals
        else ["- none."]
    )
    out += [
        "",
        "PostgreSQL conflicts Odoo absorbed by retrying the request (server log, "
        '"… tries left, try again"; the user only waited):',
        "",
    ]
    out += [f"- {n} × {code}" for code, n in retries.most_common()] if retries else ["- none."]
    batch_retries = Counter(m.group(1) for m in BATCH_RETRY.finditer(log))
    skipped = Counter(m.group(1) for m in BATCH_SKIP.finditer(log))
    out += [
        "",
        "Cron batches that failed (a conflict with the users) and were retried record by "
        "record by the suite's batched-cron shape; records still failing are skipped, left "
        "to the next run:",
        "",
    ]
    out += [
        f"- {method}: {n} batches retried, {skipped.get(method, 0)} records skipped"
        for method, n in batch_retries.most_common()
    ] or ["- none."]
    out += ["", "ERROR lines in the server log:", ""]
    out += (
        [f"- {n} × `{text}`" for text, n in log_errors.most_common(15)]
        if log_errors
        else ["- none."]
    )
    out += ["", "## What users saw during the restart", "", *restart_lines, ""]
    out += ["## Faults and crons", "", "| when | what |", "|---:|---|"]
    for e in events:
        extra = {k: v for k, v in e.items() if k not in ("what", "t")}
        detail = (" (" + ", ".join(f"{k} {v}" for k, v in extra.items()) + ")") if extra else ""
        out.append(f"| +{e['t'] - begin:.0f} s | {e['what']}{detail} |")
    out += ["", "## Checks after the run", "", "| check | result |", "|---|---|"]
    for name, label in checks_file["labels"].items():
        offenders = checks.get(name, [])
        result = (
            "clean"
            if not offenders
            else f"**{len(offenders)} wrong**, e.g. {', '.join(map(str, offenders[:3]))}"
        )
        out.append(f"| {label} | {result} |")
    out += ["", ", ".join(f"{label}: {n:,}" for label, n in counts.items()) + ".", ""]
    out += ["## For 100 salespeople", "", *TUNING.splitlines(), ""]
    Path(report).write_text("\n".join(out), encoding="utf-8")
    print(f"load: report in {report}")
    medians = {name: statistics.median([o["ms"] for o in rows]) for name, rows in by_action.items()}
    print("load: medians", {k: round(v) for k, v in sorted(medians.items())})
    print("load: goal", "met" if all(goal.values()) else "not met", goal)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
