"""Shared pieces of the benchmark suite (``make bench``).

A benchmark measures with :func:`measure` and files its figures with
:func:`record`; ``tools/bench.sh`` turns the collected rows into
``docs/benchmarks.md``. Sizes default to the ones the issues fix and can be cut
down for a quick run with ``BENCH_SCALE`` (e.g. ``BENCH_SCALE=0.01``).

``make bench`` runs the suite twice, at ``BENCH_SCALE`` and at a fifth of it,
so that the report shows how each cost grows with the work: every row names
the amount of work it did (``units``: the due customers, the lines, ...) and the
report sets the growth of the time beside the growth of that work.
"""

import json
import os
import time
from contextlib import contextmanager

from odoo import fields

from ..common import SuiteCase

RESULTS = os.environ.get("BENCH_RESULTS", "/tmp/channel_suite_bench.jsonl")
SCALE = float(os.environ.get("BENCH_SCALE", "1"))


def crons_today(env):
    """The day the crons run on: today in the user's time zone (in UTC it is
    another day for an hour or more around midnight)."""
    return fields.Date.context_today(env["res.partner"])


def scaled(n):
    """The work size n, scaled by BENCH_SCALE (at least 1)."""
    return max(1, int(n * SCALE))


class Timer:
    seconds = None
    queries = None


@contextmanager
def measure(cr):
    """Times the block and counts the SQL queries it sends through ``cr``."""
    timer = Timer()
    before = cr.sql_log_count
    start = time.perf_counter()
    yield timer
    timer.seconds = time.perf_counter() - start
    timer.queries = cr.sql_log_count - before


def measure_best(env, run, times=3):
    """The fastest of ``times`` runs of ``run()``, each from an empty cache.
    Only for work that writes nothing, so that every run does the same: a
    fraction of a second on a shared machine varies by tens of percent, and the
    fastest run is the one least disturbed (as ``timeit`` reports)."""
    timers = []
    for _ in range(times):
        env.invalidate_all()
        with measure(env.cr) as timer:
            run()
            env.flush_all()
        timers.append(timer)
    return min(timers, key=lambda t: t.seconds)


def record(addon, work, size, seconds, naive_seconds=None, queries=None, note="", units=None):
    """Appends one row of the benchmark report; ``units`` is the amount of work
    done (an integer), which the report compares across the two scales."""
    row = {
        "addon": addon,
        "work": work,
        "scale": SCALE,
        "units": units,
        "size": size,
        "seconds": round(seconds, 3),
        "naive_seconds": None if naive_seconds is None else round(naive_seconds, 3),
        "queries": queries,
        "note": note,
    }
    with open(RESULTS, "a", encoding="utf-8") as f:
        f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"\nBENCH {row}")


class BenchCase(SuiteCase):
    """A benchmark: a SuiteCase whose data is built in SQL where it is large."""
