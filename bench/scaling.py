#!/usr/bin/env python3
"""How vetq grows from 1k to 100k pages: ingest time, database size, peak RSS, query latency.

For each size N (--sizes, default 1000,10000,100000), on the first N pages of a generated
corpus (bench/out/corpus from `make bench` when it is current and big enough, else
bench/out/corpus-text, written by bench/gen_corpus.py if missing; --corpus DIR for another):
  * `vetq --db bench/out/scaling-N.db ingest -q SHARD_DIR...` into a fresh database, under
    /usr/bin/time -v: wall time, peak RSS, database size (file + WAL); the policies stored must
    be N (--ingest-runs, default 1: bench/bench.py takes medians of the ingest);
  * whole-process wall time, median of --runs (9) after 1 warm-up, of `vetq --version` (process
    start only), a filtered query with --limit 20 and without a limit, a full-text query and a
    two-dimension stats, interleaved so that all see the same load; and each query's peak RSS
    (one run under /usr/bin/time -v).
--db-for N=PATH measures the queries on an existing database of N pages instead (no ingest;
it is only read). The databases of the smaller sizes are removed after their queries; the
largest stays, for bench/vs_quick.py (--keep-all keeps all).

Writes the figures between the SCALING-TABLE markers of bench/RESULTS.md (a section is appended
if there is none; --no-write only prints them). docs/scaling.md explains them.

Usage: python3 bench/scaling.py [--vetq PATH] [--sizes 1000,10000,100000] [--runs 5]
                                [--corpus DIR] [--db-for N=PATH] [--no-write]
Standard library only; needs the sqlite3 CLI (to count the stored policies).
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import bench  # noqa: E402  (run_measured, spawn_timed, rm_db, db_size, median, machine, vetq_version)
import gen_corpus  # noqa: E402
import stats_bench  # noqa: E402  (corpus_for)

BEGIN = "<!-- SCALING-TABLE:BEGIN (written by bench/scaling.py) -->"
END = "<!-- SCALING-TABLE:END -->"
SECTION = """## Scaling from 1k to 100k pages

How ingest time, database size, peak RSS and query latency grow with the corpus, and what that
means for one SQLite file: [docs/scaling.md](../docs/scaling.md). `python3 bench/scaling.py`
(part of `make bench`) rewrites the figures between the markers below.
"""

# (label, vetq arguments after --db DB); the first is process start only (no database).
QUERIES = [
    ("start only: `vetq --version`", ["--version"]),
    ("`query --country France --limit 20`", ["query", "--country", "France", "--limit", "20", "--format", "json"]),
    ("`query --country France` (no limit)", ["query", "--country", "France", "--format", "json"]),
    ("`query --text apprenticeships --limit 20`", ["query", "--text", "apprenticeships", "--limit", "20", "--format", "json"]),
    ("`stats --by country --by category`", ["stats", "--by", "country", "--by", "category", "--format", "json"]),
]


def log(msg):
    print(f"scaling: {msg}", file=sys.stderr, flush=True)


def argv_of(vetq, db, args):
    return [vetq] + args if args == ["--version"] else [vetq, "--db", str(db)] + args


def stored_policies(db):
    return int(subprocess.run(["sqlite3", "-readonly", str(db), "SELECT count(*) FROM policy"],
                              capture_output=True, text=True, check=True).stdout)


def ingest(a, corpus, manifest, pages, db):
    n = (pages + gen_corpus.SHARD - 1) // gen_corpus.SHARD
    keys = [f"{s:03d}" for s in range(n)]
    if sum(manifest["shards"][k]["pages"] for k in keys) != pages:
        sys.exit(f"scaling: {corpus}: the first {n} shards do not hold {pages} pages")
    walls, rss = [], []
    for run in range(a.ingest_runs):
        bench.rm_db(db)
        wall, kib, code = bench.run_measured([a.vetq, "--db", str(db), "ingest", "-q"]
                                             + [str(corpus / "pages" / k) for k in keys])
        if code:
            sys.exit(f"scaling: vetq ingest of {pages} pages exited {code}")
        walls.append(wall)
        rss.append(kib or 0)
        log(f"{pages} pages: ingest run {run + 1}/{a.ingest_runs}: {wall:.1f} s, peak RSS {(kib or 0) / 1024:.0f} MiB")
    stored = stored_policies(db)
    if stored != pages:
        sys.exit(f"scaling: {stored} policies stored from {pages} pages")
    return {"bytes": sum(manifest["shards"][k]["bytes"] for k in keys),
            "html": sum(manifest["shards"][k]["html"] for k in keys),
            "s": bench.median(walls), "runs": len(walls), "rss": max(rss), "db": bench.db_size(db)}


def queries(a, db):
    """Median whole-process ms per query (interleaved), rows returned, peak RSS in KiB."""
    res = []
    for label, args in QUERIES:
        argv = argv_of(a.vetq, db, args)
        out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
        rows = None if args == ["--version"] else len(json.loads(out or "[]"))
        _, kib, code = bench.run_measured(argv)
        if code:
            sys.exit(f"scaling: failed ({code}): {' '.join(argv)}")
        res.append({"label": label, "rows": rows, "rss": kib or 0, "times": []})
    for i in range(a.runs + 1):  # the first round warms up
        for r, (_, args) in zip(res, QUERIES):
            t = bench.spawn_timed(argv_of(a.vetq, db, args))
            if i:
                r["times"].append(t)
    for r in res:
        r["ms"] = bench.median(r["times"]) * 1000
    log(f"{db.name}: " + ", ".join(f"{r['label']} {r['ms']:.1f} ms" for r in res))
    return res


def report(a, info, started, minutes, corpus, manifest, sizes):
    L = []
    add = L.append
    load_end = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    add(f"Measured {started} by `{a.command}` in {minutes:.1f} min. Machine: {info['nproc']} cores "
        f"({info.get('cpu', '?')}), {info.get('ram', '?')} RAM, disk {info['disk']}; load average "
        f"{info['load']} at the start, {load_end} at the end (the cores are shared). SQLite "
        f"{info['sqlite']}, Python {info['python']}. vetq: {info['vetq']}.")
    add("")
    add(f"Corpus: the first N pages of {corpus.name} ({manifest['pages']} generated pages, "
        f"{manifest['html']} of them HTML, seed {manifest['seed']}, generator {manifest['generator']}).")
    add("")
    ing = [(p, r["ingest"]) for p, r in sizes if r["ingest"]]
    if ing:
        runs = {r["runs"] for _, r in ing}
        add(f"Ingest (`vetq --db DB ingest -q SHARD_DIR...` into a fresh database; "
            f"{'median of ' + str(max(runs)) + ' runs' if max(runs) > 1 else 'one run'}; peak RSS "
            "from /usr/bin/time -v; database = file + WAL):")
        add("")
        add("| pages | input MB | ingest s | pages/s | peak RSS MiB | database MB | database MB per 1,000 pages |")
        add("|---:|---:|---:|---:|---:|---:|---:|")
        for p, r in ing:
            add(f"| {p} | {r['bytes'] / 1e6:.0f} | {r['s']:.1f} | {p / r['s']:.0f} | {r['rss'] / 1024:.0f} | "
                f"{r['db'] / 1e6:.0f} | {r['db'] / 1e6 / p * 1000:.1f} |")
        if len(ing) > 1:
            (p0, r0), (p1, r1) = ing[0], ing[-1]
            add(f"| ×{p1 // p0} pages | ×{r1['bytes'] / r0['bytes']:.0f} | ×{r1['s'] / r0['s']:.0f} | | "
                f"×{r1['rss'] / r0['rss']:.2f} | ×{r1['db'] / r0['db']:.0f} | |")
        add("")
    reused = [(p, r) for p, r in sizes if not r["ingest"]]
    for p, r in reused:
        add(f"The {p}-page database was not ingested by this run: `{r['path']}` "
            f"({r['db'] / 1e6:.0f} MB), queries only.")
        add("")
    add(f"Queries (whole process from spawn to exit, output to /dev/null, warm page cache; median of "
        f"{a.runs} after 1 warm-up, all commands interleaved; ms). Rows returned in brackets:")
    add("")
    add("| command | " + " | ".join(f"{p} pages" for p, _ in sizes) + f" | peak RSS MiB at {sizes[-1][0]} pages |")
    add("|---|" + "---:|" * len(sizes) + "---:|")
    for i, (label, _) in enumerate(QUERIES):
        cells = []
        for _, r in sizes:
            q = r["queries"][i]
            cells.append(f"{q['ms']:.1f}" + ("" if q["rows"] is None else f" ({q['rows']})"))
        add(f"| {label} | " + " | ".join(cells) + f" | {sizes[-1][1]['queries'][i]['rss'] / 1024:.0f} |")
    return "\n".join(L) + "\n"


def write_results(text, path):
    bench.write_section(path, BEGIN, END, text, SECTION.rstrip("\n"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vetq", default=os.environ.get("VETQ", str(ROOT / "build/release/apps/vetq/vetq")))
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--runs", type=int, default=9, help="timed runs per query (median)")
    ap.add_argument("--ingest-runs", type=int, default=1)
    ap.add_argument("--out", default=str(HERE / "out"))
    ap.add_argument("--corpus", help="a corpus written by gen_corpus.py (default: bench/out/corpus if current and big enough, else bench/out/corpus-text, generated if missing)")
    ap.add_argument("--db-for", action="append", default=[], metavar="N=PATH",
                    help="measure the queries of size N on this existing database (read only)")
    ap.add_argument("--keep-all", action="store_true", help="keep every size's database")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--results", default=str(HERE / "RESULTS.md"))
    ap.add_argument("--no-write", action="store_true", help="print the figures only")
    a = ap.parse_args()
    a.vetq = str(Path(a.vetq).resolve())
    if not os.access(a.vetq, os.X_OK):
        sys.exit(f"scaling: no vetq at {a.vetq} — run 'make build', or pass --vetq or VETQ")
    a.command = os.environ.get("BENCH_COMMAND") or " ".join(["python3 bench/scaling.py"] + sys.argv[1:])
    given = {int(k): Path(v) for k, v in (x.split("=", 1) for x in a.db_for)}
    sizes = sorted(int(x) for x in a.sizes.split(","))
    started = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    t0 = time.perf_counter()
    info = bench.machine()
    info["vetq"] = bench.vetq_version(a.vetq)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    to_ingest = [p for p in sizes if p not in given]
    corpus = manifest = None
    if a.corpus:
        corpus = Path(a.corpus)
        manifest = json.loads((corpus / "manifest.json").read_text())
        if to_ingest and manifest["pages"] < max(to_ingest):
            sys.exit(f"scaling: {corpus} holds {manifest['pages']} pages, fewer than {max(to_ingest)}")
    elif to_ingest:
        corpus, manifest = stats_bench.corpus_for(out, max(to_ingest), a.seed)
    results = []
    for pages in sizes:
        if pages in given:
            db = given[pages]
            if stored_policies(db) != pages:
                sys.exit(f"scaling: {db} does not hold {pages} policies")
            r = {"ingest": None, "path": str(db), "db": bench.db_size(db)}
        else:
            db = out / f"scaling-{pages}.db"
            r = {"ingest": ingest(a, corpus, manifest, pages, db)}
        r["queries"] = queries(a, db)
        if pages not in given and pages != sizes[-1] and not a.keep_all:
            bench.rm_db(db)
        results.append((pages, r))
    if manifest is None:  # every size given: describe the databases only
        manifest = {"pages": "?", "html": "?", "seed": "?", "generator": "?"}
        corpus = Path("(none)")
    text = report(a, info, started, (time.perf_counter() - t0) / 60, corpus, manifest, results)
    print(text)
    if not a.no_write:
        write_results(text, Path(a.results))
        log(f"figures written to {a.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
