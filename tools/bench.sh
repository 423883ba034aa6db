#!/usr/bin/env bash
# make bench: the benchmark suite in tests/benchmarks (files bench_*.py) on a
# throwaway database, then its figures as a table in docs/benchmarks.md.
# Not part of make test. BENCH_SCALE=0.01 make bench runs it on small data.
set -euo pipefail
source "$(dirname "$0")/env.sh"
export BENCH_RESULTS=${BENCH_RESULTS:-$(mktemp)}
: > "$BENCH_RESULTS"
[ $# -gt 0 ] || set -- tests/benchmarks
"$REPO_DIR/tools/test.sh" -o python_files='bench_*.py' -s "$@"
"$PY" "$REPO_DIR/tools/bench_report.py" "$BENCH_RESULTS" "$REPO_DIR/docs/benchmarks.md"
