"""bench_report.py RESULTS.jsonl OUT.md: the benchmark rows as a Markdown table.

``make bench`` runs every benchmark at two scales (``BENCH_SCALE`` and a fifth
of it); each row carries its scale and the amount of work it did (``units``).
The table shows the larger run, and beside it how the time grew from the
smaller run against how the work grew: a cost that grows faster than its work
is flagged.

Everything from the line KEPT on in the previous OUT.md (the history of the
figures, written by hand) is kept below the new table."""

import json
import os
import platform
import sys
from datetime import date

# Timings of a fraction of a second vary by some percent between runs; a cost
# is called superlinear only past this margin over the growth of its work.
MARGIN = 1.25
KEPT = "## Before and after"


def fmt(value, unit=""):
    return "—" if value is None else f"{value}{unit}"


def growth(small, large):
    """'time ×t for work ×w' of one benchmark across the two scales."""
    if not small or not small["seconds"] or not large["units"] or not small["units"]:
        return "—"
    work = large["units"] / small["units"]
    time = large["seconds"] / small["seconds"]
    flag = " **superlinear**" if time > work * MARGIN else ""
    return f"×{time:.1f} for ×{work:.1f} work{flag}"


def kept_part(out):
    """The lines of the previous report from the KEPT heading on, after a blank line."""
    try:
        with open(out, encoding="utf-8") as f:
            previous = f.read().splitlines()
    except FileNotFoundError:
        return []
    if KEPT not in previous:
        return []
    return ["", *previous[previous.index(KEPT) :]]


def main(results, out):
    with open(results, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    scales = sorted({r.get("scale", 1) for r in rows})
    top = scales[-1] if scales else 1
    smaller = {(r["addon"], r["work"]): r for r in rows if r.get("scale", 1) != top}
    lines = [
        "# Benchmarks",
        "",
        f"`make bench` on {date.today()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, scale {top}"
        + (f" (growth measured from scale {scales[0]})." if len(scales) > 1 else "."),
        "",
        "The baseline is the naive way of doing the same work (per record, through",
        "the ORM) unless the note names another. Queries are ours. *Growth* compares",
        "this run with the same benchmark on a fifth of the data: the time's factor",
        f"against the work's (flagged when the time grows over {MARGIN}× faster).",
        "",
        "| addon | work | size | ours | baseline | baseline ÷ ours | queries | growth | note |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r.get("scale", 1) != top:
            continue
        ratio = (
            f"{r['naive_seconds'] / r['seconds']:.1f}×"
            if r["naive_seconds"] and r["seconds"]
            else "—"
        )
        lines.append(
            f"| {r['addon']} | {r['work']} | {r['size']} | {fmt(r['seconds'], ' s')} "
            f"| {fmt(r['naive_seconds'], ' s')} | {ratio} | {fmt(r['queries'])} "
            f"| {growth(smaller.get((r['addon'], r['work'])), r)} | {r['note']} |"
        )
    lines += kept_part(out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
