"""bench_report.py RESULTS.jsonl OUT.md: the benchmark rows as a Markdown table."""

import json
import os
import platform
import sys
from datetime import date


def fmt(value, unit=""):
    return "—" if value is None else f"{value}{unit}"


def main(results, out):
    with open(results, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    lines = [
        "# Benchmarks",
        "",
        f"`make bench` on {date.today()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, scale {os.environ.get('BENCH_SCALE', '1')}.",
        "",
        "The baseline is the naive way of doing the same work (per record, through",
        "the ORM) unless the note names another. Queries are ours.",
        "",
        "| addon | work | size | ours | baseline | baseline ÷ ours | queries | note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = (
            f"{r['naive_seconds'] / r['seconds']:.1f}×"
            if r["naive_seconds"] and r["seconds"]
            else "—"
        )
        lines.append(
            f"| {r['addon']} | {r['work']} | {r['size']} | {fmt(r['seconds'], ' s')} "
            f"| {fmt(r['naive_seconds'], ' s')} | {ratio} | {fmt(r['queries'])} | {r['note']} |"
        )
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
