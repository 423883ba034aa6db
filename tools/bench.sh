#!/usr/bin/env bash
# make bench: the benchmark suite in tests/benchmarks (files bench_*.py), on a
# throwaway database; not part of make test.
set -euo pipefail
source "$(dirname "$0")/env.sh"
[ $# -gt 0 ] || set -- tests/benchmarks
exec "$REPO_DIR/tools/test.sh" -o python_files='bench_*.py' -s "$@"
