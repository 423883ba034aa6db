#!/usr/bin/env bash
# make bench: the benchmark suite in tests/benchmarks (files bench_*.py) on a
# throwaway database, then its figures as a table in docs/benchmarks.md.
# Not part of make test. BENCH_SCALE=0.01 make bench runs it on small data.
# Each benchmark runs twice, at a fifth of BENCH_SCALE and at BENCH_SCALE, so the
# report shows how each cost grows with its work (BENCH_GROWTH=0: one run only).
set -euo pipefail
source "$(dirname "$0")/env.sh"
scale=${BENCH_SCALE:-1}
export BENCH_RESULTS=${BENCH_RESULTS:-$(mktemp)}
: > "$BENCH_RESULTS"
[ $# -gt 0 ] || set -- tests/benchmarks
scales=$scale
if [ "${BENCH_GROWTH:-1}" != 0 ]; then
  scales="$("$PY" -c "import sys; print(float(sys.argv[1]) / 5)" "$scale") $scale"
fi
for s in $scales; do
  echo "benchmarks at scale $s"
  BENCH_SCALE=$s "$REPO_DIR/tools/test.sh" -o python_files='bench_*.py' -s "$@"
done
BENCH_SCALE=$scale "$PY" "$REPO_DIR/tools/bench_report.py" "$BENCH_RESULTS" "$REPO_DIR/docs/benchmarks.md"
