#!/usr/bin/env bash
# The full benchmark (`make bench`): generates 100k pages with ground truth under bench/out/,
# measures vetq ingest at 1k, 10k and 100k pages against the Python reference and the floor,
# times queries against the sqlite3 CLI, profiles a 1k ingest with callgrind, and writes the
# figures into bench/RESULTS.md. Extra arguments go to bench/bench.py (see its --help);
# VETQ=PATH measures another vetq binary.
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_COMMAND="${BENCH_COMMAND:-bench/run.sh${*:+ $*}}"
exec python3 bench/bench.py --profile "$@"
