"""The benchmark report sets each cost's growth beside its work's and flags a
cost that grows faster than its work."""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def report(tmp_path, rows):
    results = tmp_path / "results.jsonl"
    results.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "benchmarks.md"
    subprocess.run(
        [sys.executable, str(REPO / "tools" / "bench_report.py"), str(results), str(out)],
        check=True,
        capture_output=True,
    )
    return [line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]


def row(work, scale, units, seconds):
    return {
        "addon": "crm_followup_grading",
        "work": work,
        "scale": scale,
        "units": units,
        "size": f"{units} due",
        "seconds": seconds,
        "naive_seconds": None,
        "queries": 7,
        "note": "",
    }


def test_growth_is_shown_for_the_larger_run_and_superlinear_flagged(tmp_path):
    table = report(
        tmp_path,
        [
            row("cadence cron", 0.2, 2000, 0.14),
            row("second run", 0.2, 2000, 0.05),
            row("cadence cron", 1, 10000, 0.70),
            row("second run", 1, 10000, 0.59),
        ],
    )
    body = table[1:]  # after the header
    assert len(body) == 2  # only the larger run's rows
    assert "| ×5.0 for ×5.0 work |" in body[0]
    assert "superlinear" not in body[0]
    assert "×11.8 for ×5.0 work **superlinear**" in body[1]


def test_a_single_run_has_no_growth(tmp_path):
    table = report(tmp_path, [row("cadence cron", 1, 10000, 0.7)])
    assert table[1].split(" | ")[7] == "—"


def test_the_history_written_below_the_table_is_kept(tmp_path):
    out = tmp_path / "benchmarks.md"
    out.write_text(
        "# Benchmarks\n\n| old | table |\n\n## Before and after\n\nThe cron was 7.8x.\n",
        encoding="utf-8",
    )
    table = report(tmp_path, [row("cadence cron", 1, 10000, 0.7)])
    text = out.read_text(encoding="utf-8")
    assert "| old | table |" not in text
    assert "cadence cron" in table[1]
    assert text.endswith("\n\n## Before and after\n\nThe cron was 7.8x.\n")
    report(tmp_path, [row("cadence cron", 1, 10000, 0.7)])
    assert out.read_text(encoding="utf-8") == text, "kept once, not piled up"
