"""make load's report (tools/load/report.py) counts what users saw the way
docs/load.md says: connection failures only while the server was away for the
planned restart are apart, every other error counts; the server log's
conflicts are told by PostgreSQL's reason. No server, no Odoo: seconds."""

from tools.load import report

EVENTS = [
    {"what": "users start", "t": 1000.0},
    {"what": "restart: SIGTERM to the server", "t": 1100.0},
    {"what": "restart: server stopped", "t": 1105.0},
    {"what": "restart: server answers again", "t": 1110.0},
]


def outcome(t, outcome="ok", kind="", user="load.sales.0", name="due list"):
    return {"t": t, "ms": 50.0, "name": name, "outcome": outcome, "kind": kind, "user": user}


def test_only_the_restarts_connection_failures_are_apart():
    away = report.SERVER_AWAY
    outcomes = [
        outcome(1050),
        outcome(1102, "error", away),  # server away: the restart's
        outcome(1103, "error", "RPC AccessError: denied"),  # during it, but no restart's
        outcome(1150, "error", away),  # server away outside the restart: counts
        outcome(1160, "refused", "below floor"),
    ]
    errors = report.user_errors(outcomes, EVENTS)
    assert errors == {"RPC AccessError: denied": 1, away: 1}


def test_the_restart_section_says_who_waited_and_how_long():
    outcomes = [
        outcome(1101, "error", report.SERVER_AWAY),
        outcome(1104, "error", report.SERVER_AWAY),
        outcome(1109),
        outcome(1103, "error", report.SERVER_AWAY, user="load.sales.1"),
        outcome(1111, user="load.sales.1"),
    ]
    text = "\n".join(report.restart_section(outcomes, EVENTS))
    assert "**10.0 s without a server**" in text
    assert "3 requests of 2 of the users found no server" in text
    assert "the longest a user waited for an answer was 8.0 s" in text


def test_server_errors_name_postgresql_reason():
    log = "\n".join(
        [
            '2026-12-01 19:46:14,001 42 ERROR db odoo.sql_db: bad query: b"UPDATE '
            "loyalty_card SET write_date = '2026-12-01T19:46:14'::timestamp WHERE id IN (512)\"",
            "ERROR: could not serialize access due to concurrent update",
            "2026-12-01 19:46:15,001 42 INFO db odoo.service.model: SERIALIZATION_FAILURE, "
            "4 tries left, try again in 0.2 sec...",
            "2026-12-01 19:46:16,001 42 ERROR db odoo.addons.x.cron_batches: "
            "_referral_sync skipped res.partner(32807,)",
        ]
    )
    errors = report.server_errors(log)
    assert len(errors) == 2
    assert any("could not serialize access" in text for text in errors)
    assert [m.group(1) for m in report.RETRY_LINE.finditer(log)] == ["SERIALIZATION_FAILURE"]
    assert [m.group(1) for m in report.BATCH_SKIP.finditer(log)] == ["_referral_sync"]


def test_percentiles():
    assert report.pct([], 0.95) is None
    assert report.pct(list(range(1, 101)), 0.5) in (50, 51)
    assert report.pct(list(range(1, 101)), 0.95) in (95, 96)
