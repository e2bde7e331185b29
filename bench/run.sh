#!/usr/bin/env bash
# The full benchmark (`make bench`), in one run that rewrites every table of bench/RESULTS.md:
#   1. bench/bench.py --profile: generates 100k pages with ground truth under bench/out/,
#      measures vetq ingest at 1k, 10k and 100k pages against the Python reference and the rows
#      floor, times queries against the sqlite3 CLI, profiles a 1k ingest with callgrind
#      (BENCH-TABLE);
#   2. bench/scaling.py: ingest time, database size, peak RSS and query latency at 1k, 10k and
#      100k pages (SCALING-TABLE; explained in docs/scaling.md);
#   3. bench/vs_quick.py: vetq ingest against the quick script and the bare FTS5 floor on 10k
#      text and 10k mixed pages, start-up against sqlite3, `query --limit 20` on scaling.py's
#      largest database against the sqlite3 CLI (QUICK-TABLE); the median of 5 interleaved
#      runs of each pipeline, since a shared machine varies by up to 20 % from run to run;
#   4. bench/reingest.py: 10k changed text pages re-ingested over their earlier versions, against
#      a first load of the same pages and the quick script (REINGEST-TABLE).
# Extra arguments go to bench/bench.py (see its --help); VETQ=PATH measures another vetq binary;
# SCALING_SIZES=1000,10000 (default 1000,10000,100000) sets scaling.py's sizes. Every part runs
# even if an earlier one failed; the exit status is 1 if any failed.
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_COMMAND="${BENCH_COMMAND:-bench/run.sh${*:+ $*}}"
VETQ=${VETQ:-build/release/apps/vetq/vetq}
sizes=${SCALING_SIZES:-1000,10000,100000}
status=0
python3 bench/bench.py --vetq "$VETQ" --profile "$@" || status=1
BENCH_COMMAND="$BENCH_COMMAND (bench/scaling.py --sizes $sizes)" \
  python3 bench/scaling.py --vetq "$VETQ" --sizes "$sizes" || status=1
python3 bench/vs_quick.py --vetq "$VETQ" --runs 5 --db "bench/out/scaling-${sizes##*,}.db" || status=1
python3 bench/reingest.py --vetq "$VETQ" --runs 5 || status=1
[ "$status" = 0 ] || echo "bench/run.sh: a part failed (see above)" >&2
exit "$status"
