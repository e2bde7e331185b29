#!/usr/bin/env bash
# The benchmark in small (`make bench-smoke`, run by CI): 1000 generated pages, one vetq
# ingest checked against the ground truth, the Python reference and the floor once each,
# the figures printed (bench/RESULTS.md is not touched). Exits non-zero if vetq's records
# (or the reference's) differ from the ground truth or a command fails.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/bench.py --smoke "$@"
