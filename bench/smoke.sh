#!/usr/bin/env bash
# The benchmark in small (`make bench-smoke`, run by CI): 1000 generated pages, one vetq
# ingest checked against the ground truth, the Python reference and the floor once each,
# the figures printed (bench/RESULTS.md is not touched). Then the PostgreSQL example of
# docs/scaling.md (bench/pg_example.sh) on that 1000-page database and on samples/: its counts
# must equal `vetq stats`. Exits non-zero if vetq's records (or the reference's) differ from
# the ground truth, a count differs, or a command fails. Extra arguments go to bench/bench.py.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${BENCH_OUT:-bench/out}
python3 bench/bench.py --smoke --out "$out" "$@"
export VETQ=${VETQ:-build/release/apps/vetq/vetq}
bash bench/pg_example.sh --quiet --db "$out/vetq-1000.db"
bash bench/pg_example.sh --quiet
