#!/usr/bin/env python3
"""Two-dimension `vetq stats` at scale: whole-process latency of stats cross-tables on 10k and
100k generated policy pages, against the sqlite3 CLI running the SQL a user would write.

For each size N (--sizes, default 10000,100000):
  * the first N pages of a generated corpus (bench/gen_corpus.py; text pages are enough, so the
    corpus is bench/out/corpus-text with --html-share 0, unless bench/out/corpus from
    `make bench` is current and large enough) are ingested into a fresh database,
    bench/out/stats-N.db, by `vetq --db DB ingest -q SHARD_DIR...` (wall time noted);
  * four stats commands are run with --format json, and the sqlite3 CLI (`sqlite3 DB "SQL"`)
    runs the naive SQL for the same counts; both results are parsed and compared cell by
    cell (a difference fails the run, exit status 1);
  * whole-process wall time, median of --runs (5) after --warmup (1), of vetq, of sqlite3 with
    the naive SQL, and (informative) of sqlite3 with the SQL vetq builds (copied from
    lib/query/stats.cpp), interleaved so that all three see the same load; and (informative)
    of vetq on a copy of the database after `ANALYZE facet; ANALYZE policy_timeline`.
  * a command whose runs would take more than --budget s in all gets fewer runs (the run that
    checked its cells can be the only one); the sqlite3 CLI's naive SQL is cut off once it has
    run as long as vetq's first run (at least 60 s), and then the cells are checked against
    the same SQL on the ANALYZEd copy; any run is killed after --timeout s.

Targets (from the issue): `stats --by year --by stage` and `stats --by country --by category`
≤ 0.5 s on 10,000 policies and ≤ 3 s on 100,000. Missed targets are reported, not fatal.

Writes the figures between the STATS-TABLE markers of bench/RESULTS.md (a section
"Stats at scale" is appended if there is none; --no-write leaves the file alone) and prints
them.

Usage: python3 bench/stats_bench.py [--vetq PATH] [--sizes 10000,100000] [--runs 5]
                                    [--warmup 1] [--budget 240] [--timeout 1200] [--no-write]
Standard library only; needs the sqlite3 CLI.
"""

import argparse
import datetime
import json
import os
import resource
import signal
import shutil
import subprocess
import sys
import time
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import bench  # noqa: E402  (machine(), spawn_timed(), rm_db(), db_size(), median())
import gen_corpus  # noqa: E402

BEGIN = "<!-- STATS-TABLE:BEGIN (written by bench/stats_bench.py) -->"
END = "<!-- STATS-TABLE:END -->"
SECTION = "## Stats at scale"

# Targets in seconds, by command label and corpus size.
TARGETS = {
    "year x stage": {10000: 0.5, 100000: 3.0},
    "country x category": {10000: 0.5, 100000: 3.0},
}


def log(msg):
    print(f"stats_bench: {msg}", file=sys.stderr, flush=True)


def fail(msg):
    log(f"FAILED: {msg}")
    sys.exit(1)


# --------------------------------------------------------------------------------------------
# The commands: vetq's arguments, its JSON keys, the naive SQL, and the SQL vetq builds
# (lib/query/stats.cpp, binds written in; informative only, to split process and SQL time).

VETQ_TIMELINE = "SELECT year, stage, count(DISTINCT policy) FROM policy_timeline WHERE 1 GROUP BY 1, 2 ORDER BY 1, 2"
VETQ_FACETS = (
    "WITH a(owner, value) AS (SELECT owner, value FROM facet WHERE dim = 'country' AND kind = 'policy') "
    "SELECT a.value, b.value, count(DISTINCT a.owner) FROM a JOIN facet b "
    "ON b.kind = 'policy' AND b.owner = a.owner AND b.dim = 'category' GROUP BY 1, 2 ORDER BY 1, 2")
VETQ_STAGE_2018 = (
    "SELECT value, '', count(DISTINCT owner) AS n FROM (SELECT DISTINCT policy AS owner, stage AS value "
    "FROM policy_timeline WHERE (year BETWEEN 2018 AND 2018) AND policy IN (SELECT p.pk FROM policy p "
    "WHERE p.pk IN (SELECT policy FROM policy_timeline WHERE (year BETWEEN 2018 AND 2018)))) "
    "GROUP BY value ORDER BY n DESC, value")
VETQ_CATEGORY = (
    "SELECT value, '', count(DISTINCT owner) AS n FROM (SELECT owner, value FROM facet "
    "WHERE dim = 'category' AND kind = 'policy') GROUP BY value ORDER BY n DESC, value")

COMMANDS = [
    # label, vetq arguments, JSON keys of the cell, naive SQL (the columns: keys..., count), vetq's SQL
    ("year x stage", ["stats", "--by", "year", "--by", "stage", "--format", "json"], ("year", "stage"),
     "SELECT year, stage, count(DISTINCT policy) FROM policy_timeline GROUP BY 1,2", VETQ_TIMELINE),
    ("country x category", ["stats", "--by", "country", "--by", "category", "--format", "json"],
     ("country", "category"),
     "SELECT a.value, b.value, count(DISTINCT a.owner) FROM facet a JOIN facet b ON b.owner = a.owner "
     "AND b.kind = a.kind WHERE a.kind='policy' AND a.dim='country' AND b.dim='category' GROUP BY 1,2",
     VETQ_FACETS),
    ("stage in 2018", ["stats", "--by", "stage", "--year", "2018", "--format", "json"], ("stage",),
     "SELECT stage, count(DISTINCT policy) FROM policy_timeline WHERE year = 2018 GROUP BY 1",
     VETQ_STAGE_2018),
    ("category", ["stats", "--by", "category", "--format", "json"], ("category",),
     "SELECT value, count(DISTINCT owner) FROM facet WHERE kind='policy' AND dim='category' GROUP BY 1",
     VETQ_CATEGORY),
]


def run_capture(argv, timeout):
    """Runs argv with its output captured. Returns wall (seconds), out (stdout), cpu (user +
    system seconds); when it ran longer than `timeout` s (it is killed) or was killed by a signal
    from outside, wall and out are None, why says which and bound is the wall time it ran."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    r = types.SimpleNamespace(wall=None, out=None, why=None, bound=None)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        r.why, r.bound = "cut off", timeout
    else:
        if p.returncode < 0:  # not by this script: someone else's kill
            r.why = f"killed by {signal.Signals(-p.returncode).name} from outside"
            r.bound = time.perf_counter() - start
        elif p.returncode:
            fail(f"exited {p.returncode}: {' '.join(argv)}: {err.strip()[-500:]}")
        else:
            r.wall, r.out = time.perf_counter() - start, out
    r.cpu = cpu_since(before)
    if r.why:
        log(f"{r.why} after {r.bound:.0f} s ({r.cpu:.0f} s CPU): {' '.join(argv[:3])} ... {argv[-1][:70]}")
    return r


def cpu_since(before):
    """User + system CPU seconds of the children waited for since `before`."""
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (now.ru_utime - before.ru_utime) + (now.ru_stime - before.ru_stime)


def vetq_cells(stdout, keys):
    cells = {}
    for row in json.loads(stdout or "[]"):
        key = tuple(str(row[k]) for k in keys)
        if key in cells:
            fail(f"vetq gave the cell {key} twice")
        cells[key] = row["count"]
    return cells


def sqlite_argv(db, sql):
    # -ascii: fields end at 0x1F, rows at 0x1E (-json would merge the two columns named "value").
    return ["sqlite3", "-ascii", "-readonly", db, sql]


def sqlite_cells(stdout, nkeys):
    cells = {}
    for row in filter(None, stdout.split("\x1e")):
        vals = row.split("\x1f")
        if len(vals) != nkeys + 1:
            fail(f"sqlite3 gave a row of {len(vals)} columns: {vals!r}")
        cells[tuple(vals[:nkeys])] = int(vals[nkeys])
    return cells


def compare(what, v, s):
    if v == s:
        return
    diff = sorted(set(v) ^ set(s))[:5] + [k for k in sorted(set(v) & set(s)) if v[k] != s[k]][:5]
    fail(f"{what}: vetq gave {len(v)} cells ({sum(v.values())} in all), the sqlite3 CLI {len(s)} "
         f"({sum(s.values())}); first differences: "
         + "; ".join(f"{k}: vetq {v.get(k)}, sqlite3 {s.get(k)}" for k in diff))


# --------------------------------------------------------------------------------------------
# The corpus and the database.

def corpus_for(out, pages, seed):
    """A current generated corpus of at least `pages` pages: bench/out/corpus (from `make bench`)
    if it is current and big enough, else bench/out/corpus-text (text pages only), written by
    gen_corpus.py if needed."""
    gen = gen_corpus.generator_hash()
    for name in ("corpus", "corpus-text"):
        mf = out / name / "manifest.json"
        if mf.exists():
            m = json.loads(mf.read_text())
            if m.get("generator") == gen and m.get("seed") == seed and m.get("pages", 0) >= pages:
                log(f"reusing {out / name} ({m['pages']} pages, {m['html']} HTML)")
                return out / name, m
    corpus = out / "corpus-text"
    t = time.perf_counter()
    subprocess.run(["nice", "-n", "10", sys.executable, str(HERE / "gen_corpus.py"), "--out", str(corpus),
                    "--pages", str(pages), "--seed", str(seed), "--html-share", "0"], check=True)
    log(f"corpus ready in {time.perf_counter() - t:.0f} s")
    return corpus, json.loads((corpus / "manifest.json").read_text())


def ingest(vetq, corpus, manifest, pages, db):
    n = (pages + gen_corpus.SHARD - 1) // gen_corpus.SHARD
    keys = [f"{s:03d}" for s in range(n)]
    if sum(manifest["shards"][k]["pages"] for k in keys) != pages:
        fail(f"{corpus}: the first {n} shards do not hold {pages} pages")
    bench.rm_db(db)
    argv = [vetq, "--db", str(db), "ingest", "-q"] + [str(corpus / "pages" / k) for k in keys]
    start = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        fail(f"vetq ingest of {pages} pages exited {os.waitstatus_to_exitcode(status)}")
    stored = int(subprocess.run(["sqlite3", "-readonly", str(db), "SELECT count(*) FROM policy"],
                                capture_output=True, text=True, check=True).stdout)
    if stored != pages:
        fail(f"{stored} policies stored from {pages} pages")
    log(f"{pages} pages ingested in {wall:.1f} s ({pages / wall:.0f} pages/s), "
        f"peak RSS {usage.ru_maxrss / 1024:.0f} MiB")
    return {"pages": pages, "bytes": sum(manifest["shards"][k]["bytes"] for k in keys),
            "html": sum(manifest["shards"][k]["html"] for k in keys), "s": wall,
            "rss": usage.ru_maxrss, "db": bench.db_size(db)}


def analyzed_copy(db, copy):
    """A copy of db with SQLite's statistics for the two tables stats reads (informative: what
    the planner does once it has them). Returns the ANALYZE time."""
    bench.rm_db(copy)
    subprocess.run(["sqlite3", str(db), f".backup '{copy}'"], check=True)
    start = time.perf_counter()
    subprocess.run(["sqlite3", str(copy), "ANALYZE facet; ANALYZE policy_timeline;"], check=True)
    return time.perf_counter() - start


class Timing:
    """Whole-process wall times of one program for one command; `first` is the run that checked
    its cells (a run_capture result) or None."""

    def __init__(self, argv, first=None):
        self.argv, self.times = argv, []
        self.first = first.wall if first else None
        self.why, self.bound = (first.why, first.bound) if first else (None, None)

    def plan(self, runs, warmup, budget):
        """How many timed runs fit the budget: all of them after the warm-ups, or fewer (no
        warm-up beyond the first run) when a run is long; 0 = the first run is the figure."""
        if self.first is None:
            self.n, self.warm = 0, 0
        elif self.first * (runs + warmup) <= budget:
            self.n, self.warm = runs, warmup
        else:
            self.n, self.warm = min(runs, int(budget // self.first)), 0

    def figure(self):
        if self.times:
            return bench.median(self.times), len(self.times)
        return (self.first, 1) if self.first is not None else (None, 0)


def measure(a, db, adb, pages):
    out = []
    for label, args, keys, naive, own in COMMANDS:
        vargv = [a.vetq, "--db", db] + args
        # The first runs give the cells to compare and tell how long a run is.
        rv = run_capture(vargv, a.timeout)
        v = vetq_cells(rv.out, keys) if rv.out is not None else None
        cut = min(a.timeout, max(60.0, rv.wall if rv.wall is not None else rv.bound))
        rs = run_capture(sqlite_argv(db, naive), cut)
        s = sqlite_cells(rs.out, len(keys)) if rs.out is not None else None
        ra = run_capture([a.vetq, "--db", adb] + args, a.timeout)
        va = vetq_cells(ra.out, keys) if ra.out is not None else None
        checked = "the naive SQL"
        if s is None:  # the same SQL, the same CLI, on the copy where the planner has statistics
            s = sqlite_cells(run_capture(sqlite_argv(adb, naive), None).out, len(keys))
            checked = f"the naive SQL run on the ANALYZEd copy (on the database as ingested it was {rs.why})"
        if v is None:
            a.unchecked.append(f"{label} on {pages} pages: vetq {rv.why} after {rv.bound:.0f} s")
        else:
            compare(f"{label} on {pages} pages", v, s)
        if va is not None:
            compare(f"{label} on {pages} pages, ANALYZEd copy", va, s)
        runs = {
            "vetq": Timing(vargv, rv),
            "sqlite3": Timing(["sqlite3", db, naive], rs),
            "own": Timing(["sqlite3", db, own]),
            "analyzed": Timing([a.vetq, "--db", adb] + args, ra),
        }
        if rv.wall is not None and rv.wall * (a.runs + a.warmup) <= a.budget:
            runs["own"].first = bench.spawn_timed(runs["own"].argv)  # its warm-up
        else:
            runs["own"].why = "skipped"  # as long as vetq's run: the SQL is vetq's time
        for t in runs.values():
            t.plan(a.runs, a.warmup, a.budget)
        for t in runs.values():
            for _ in range(t.warm - (1 if t is runs["own"] else 0)):
                bench.spawn_timed(t.argv)
        for i in range(a.runs):  # interleaved, so all of them see the same load
            for t in runs.values():
                if i < t.n:
                    t.times.append(bench.spawn_timed(t.argv))
        r = {"label": label, "args": args, "cells": len(s), "checked": checked, "cpu_v": rv.cpu,
             "cpu_s": rs.cpu, "target": TARGETS.get(label, {}).get(pages), "timings": runs}
        out.append(r)
        fig = {k: t.figure() for k, t in runs.items()}
        log(f"{pages} pages, {label}: " + ", ".join(
            f"{k} {t.why if x is None else f'{x:.3f} s'} ({n} runs)" for (k, (x, n)), t in zip(fig.items(), runs.values()))
            + f"; first runs' CPU: vetq {rv.cpu:.2f} s, sqlite3 {rs.cpu:.2f} s; {len(s)} cells, equal to "
            + checked.split(" (")[0])
    return out


# --------------------------------------------------------------------------------------------
# The report.

def git(*args):
    r = subprocess.run(["git", "-C", str(ROOT)] + list(args), capture_output=True, text=True)
    return r.stdout.rstrip() if r.returncode == 0 else "?"


def secs(x):
    return f"{x:.0f}" if x >= 10 else f"{x:.2g}"


def cell(t, runs):
    x, n = t.figure()
    if x is None:
        return "– (not run)" if t.why == "skipped" else f"> {secs(t.bound)} ({t.why})"
    return f"{x:.3f}" + ("" if n == runs else f" ({n} run{'s' if n > 1 else ''})")


def ratio(v, s):
    (x, _), (y, _) = v.figure(), s.figure()
    if x is None:
        return "?" if y is None else f"> {v.bound / y:.2f}"
    if y is None:
        return f"< {x / s.bound:.2f}"
    return f"{x / y:.2f}"


def report(a, info, started, load_end, elapsed, ingests, results):
    L = []
    add = L.append
    vetq = Path(a.vetq)
    built = datetime.datetime.fromtimestamp(vetq.stat().st_mtime, datetime.timezone.utc)
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", "lib", "apps", "CMakeLists.txt")
    add(f"Measured {started} by `python3 bench/stats_bench.py{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}` "
        f"in {elapsed / 60:.0f} min.")
    add("")
    add(f"Machine: nproc {info['nproc']}, {info.get('cpu', '?')} ({info.get('mhz', '?')} MHz), "
        f"{info.get('ram', '?')} RAM; Linux {info['kernel']}; load average {info['load']} at the start, "
        f"{load_end} at the end (the two cores are shared). SQLite {info['sqlite']} (vetq and the sqlite3 "
        "CLI use the system library).")
    add(f"vetq: commit {a.vetq_commit or git('rev-parse', '--short', 'HEAD')}; binary `{vetq}` built "
        f"{built:%Y-%m-%d %H:%M} UTC"
        + (f" (at the run the working tree had uncommitted changes to "
           f"{', '.join(l[3:] for l in dirty.splitlines())})" if dirty and not a.vetq_commit else "") + ".")
    add("")
    add("Ingest (`vetq --db DB ingest -q SHARD_DIR...` into a fresh database, one run; text pages):")
    add("")
    add("| pages | of them HTML | input MB | ingest s | pages/s | peak RSS MiB | database MB | "
        "`ANALYZE facet; ANALYZE policy_timeline` on a copy, s |")
    add("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for g in ingests:
        add(f"| {g['pages']} | {g['html']} | {g['bytes'] / 1e6:.0f} | {g['s']:.1f} | {g['pages'] / g['s']:.0f} | "
            f"{g['rss'] / 1024:.0f} | {g['db'] / 1e6:.0f} | {g['analyze']:.1f} |")
    add("")
    add(f"Queries: whole-process wall time in seconds, warm cache, median of {a.runs} after {a.warmup} "
        f"warm-up, all columns interleaved. A run longer than {secs(a.budget)} s / {a.runs + a.warmup} "
        f"gets fewer runs (shown) and no warm-up beyond the run that checked its cells; the sqlite3 "
        f"runs are cut off at vetq's first run's time (at least 60 s; every run at {secs(a.timeout)} s). "
        "CPU: user + system seconds of the first run of vetq and of the sqlite3 CLI (naive SQL), "
        "which the machine's load does not inflate. "
        "\"vetq's SQL\" is the SQL of lib/query/stats.cpp given to the sqlite3 CLI (not run when it "
        "would take as long as vetq); \"after ANALYZE\" is vetq on a copy of the database with "
        "`ANALYZE facet; ANALYZE policy_timeline` run (informative).")
    add("")
    add("| pages | `vetq --db DB stats ... --format json` | cells | vetq | sqlite3 CLI, naive SQL | "
        "vetq / sqlite3 | CPU vetq / sqlite3 | sqlite3 CLI, vetq's SQL | vetq after ANALYZE | target | verdict |")
    add("|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---|")
    for pages, rs in results:
        for r in rs:
            T, t = r["timings"], r["target"]
            x, _ = T["vetq"].figure()
            verdict = "–" if t is None else ("met" if x is not None and x <= t else "**missed**")
            add(f"| {pages} | `{' '.join(r['args'][:-2])}` | {r['cells']} | {cell(T['vetq'], a.runs)} | "
                f"{cell(T['sqlite3'], a.runs)} | {ratio(T['vetq'], T['sqlite3'])} | "
                f"{r['cpu_v']:.2f}{'' if T['vetq'].first is not None else ' (' + T['vetq'].why + ')'} / "
                f"{r['cpu_s']:.2f}{'' if T['sqlite3'].first is not None else ' (' + T['sqlite3'].why + ')'} | "
                f"{cell(T['own'], a.runs)} | "
                f"{cell(T['analyzed'], a.runs)} | {'–' if t is None else f'≤ {t:g}'} | {verdict} |")
    add("")
    add("Correctness: vetq's cells equal the sqlite3 CLI's for every command and size where vetq finished ("
        + "; ".join(f"{p}: " + ", ".join(f"{r['label']} {r['cells']} cells" for r in rs) for p, rs in results)
        + ")" + "".join(f"; {r['label']} on {p} pages checked against {r['checked']}"
                        for p, rs in results for r in rs if r["checked"] != "the naive SQL")
        + (". Not checked: " + "; ".join(a.unchecked) if a.unchecked else "") + ".")
    add("")
    add("<details><summary>The SQL given to <code>sqlite3 DB</code></summary>")
    add("")
    for label, args, _, naive, own in COMMANDS:
        add(f"- `vetq --db DB {' '.join(bench._q(x) for x in args)}`  \n  naive: `{naive}`  \n  vetq's: `{own}`")
    add("")
    add("</details>")
    return "\n".join(L) + "\n"


def write_results(text, path):
    bench.write_section(path, BEGIN, END, text, SECTION)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vetq", default=os.environ.get("VETQ", str(ROOT / "build/release/apps/vetq/vetq")))
    ap.add_argument("--out", default=str(HERE / "out"))
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--budget", type=float, default=240,
                    help="seconds of timed runs per program and command before runs are cut")
    ap.add_argument("--timeout", type=float, default=1200, help="seconds before one run is killed")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--results", default=str(HERE / "RESULTS.md"))
    ap.add_argument("--no-write", action="store_true", help="print the figures only")
    ap.add_argument("--vetq-commit", help="the commit the binary was built from (default: HEAD)")
    a = ap.parse_args()
    a.vetq = str(Path(a.vetq).resolve())
    if not os.access(a.vetq, os.X_OK):
        sys.exit(f"stats_bench: no vetq at {a.vetq} — run 'make build', or pass --vetq or VETQ")
    if not shutil.which("sqlite3"):
        sys.exit("stats_bench: the sqlite3 CLI is needed")
    started = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    t0 = time.perf_counter()
    info = bench.machine()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    sizes = [int(x) for x in a.sizes.split(",")]
    corpus, manifest = corpus_for(out, max(sizes), a.seed)
    ingests, results = [], []
    a.unchecked = []
    for pages in sizes:
        db, adb = out / f"stats-{pages}.db", out / f"stats-{pages}-analyzed.db"
        ingests.append(ingest(a.vetq, corpus, manifest, pages, db))
        ingests[-1]["analyze"] = analyzed_copy(db, adb)
        results.append((pages, measure(a, str(db), str(adb), pages)))
        bench.rm_db(adb)
    load_end = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    text = report(a, info, started, load_end, time.perf_counter() - t0, ingests, results)
    print(text)
    if not a.no_write:
        write_results(text, Path(a.results))
        log(f"figures written to {a.results}")
    for p, rs in results:
        for r in rs:
            x, _ = r["timings"]["vetq"].figure()
            if r["target"] is not None and (x is None or x > r["target"]):
                log(f"target missed: {r['label']} on {p} pages: "
                    f"{'cut off' if x is None else f'{x:.3f} s'} > {r['target']:g} s")
    for u in a.unchecked:
        log(f"FAILED: not checked: {u}")
    return 1 if a.unchecked else 0


if __name__ == "__main__":
    sys.exit(main())
