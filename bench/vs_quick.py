#!/usr/bin/env python3
"""vetq against what a user would write instead, in one run:

  * ingest: `vetq ingest` into a fresh database against the quick script (bench/quick.py) and
    against the bare FTS5 floor (the sqlite3 CLI indexing, in one transaction, exactly the
    title and body text vetq indexes, with vetq's tokenizer; and the same for the quick
    script's text), on 10,000 text pages and on 10,000 mixed text/HTML pages; runs interleaved,
    median of --runs; wall time, and the CPU time of all the program's threads (vetq parses
    on worker threads: on a host whose second core is shared, the wall-time ratio moves while
    the CPU time does not);
  * the mixed pages again from a cold page cache (emptied before each run; needs root);
  * start-up: `vetq --version` against `sqlite3 :memory: 'SELECT 1'` and /bin/true, and the
    shared objects vetq loads;
  * queries on a 100,000-page database (--db; default bench/out/stats-100000.db of
    bench/stats_bench.py, else bench/out/scaling-100000.db of bench/scaling.py, which `make
    bench` passes; with neither, the query rows are left out): `query --country France
    --limit 20` and the same query without a limit, against the sqlite3 CLI running the same SQL.

Writes the figures between the QUICK-TABLE markers of bench/RESULTS.md (--no-write: print only).
Usage: python3 bench/vs_quick.py [--vetq PATH] [--runs 3] [--pages 10000] [--db DB] [--no-write]
"""
import argparse
import datetime
import os
import random
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import bench  # noqa: E402  (spawn_measured, spawn_timed, rm_db, median, machine)
import gen_corpus  # noqa: E402

BEGIN = "<!-- QUICK-TABLE:BEGIN (written by bench/vs_quick.py) -->"
END = "<!-- QUICK-TABLE:END -->"
TOKENIZER = "porter unicode61 remove_diacritics 2"
QUERY_SQL = ("SELECT p.id, p.country, p.first_year, p.last_year, p.last_stage, p.title FROM policy p "
             "WHERE p.country IN ('France') ORDER BY p.country, CAST(p.id AS INTEGER), p.id")


def log(msg):
    print(f"vs_quick: {msg}", file=sys.stderr, flush=True)


def sh(argv):
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)


def corpus(out, name, pages, html_share):
    """The first `pages` pages of a generated corpus as shard directories."""
    root = out / name
    if not (root / "manifest.json").exists():
        log(f"generating {root} ({pages} pages, {html_share:.0%} HTML)")
        sh(["nice", sys.executable, str(HERE / "gen_corpus.py"), "--out", str(root), "--pages",
            str(max(pages, 10000)), "--html-share", str(html_share)])
    n = (pages + gen_corpus.SHARD - 1) // gen_corpus.SHARD
    return [str(root / "pages" / f"{s:03d}") for s in range(n)]


def floor_source(db, src, select):
    """A plain table t of the text to index, out of a database already built (not timed)."""
    bench.rm_db(src)
    sh(["sqlite3", str(db), f"ATTACH '{src}' AS s; CREATE TABLE s.t AS {select};"])


def floor_argv(src, dst, columns):
    return ["sqlite3", str(dst), f"ATTACH '{src}' AS s; BEGIN; "
            f"CREATE VIRTUAL TABLE f USING fts5({columns}, tokenize = '{TOKENIZER}'); "
            "INSERT INTO f SELECT * FROM s.t; COMMIT;"]


def timed_into(db, argv):
    """The wall and CPU time of argv writing a new database db; the last run's copy is removed
    first, untimed (on a disk mounted with discard, removing a 170 MB file takes ~0.1 s, whoever
    made it)."""
    bench.rm_db(db)
    return bench.spawn_measured(argv)


def ingest_progs(a, out, dirs):
    """vetq and the quick script loading dirs: name -> (the database it writes, argv)."""
    vdb, qdb = out / "vq-vetq.db", out / "vq-quick.db"
    return {
        "vetq ingest": (vdb, [str(a.vetq), "--db", str(vdb), "ingest", "-q", *map(str, dirs)]),
        "quick script (bench/quick.py)": (
            qdb, [sys.executable, str(HERE / "quick.py"), str(qdb), *map(str, dirs)]),
    }


def ingest_table(a, out, label, dirs):
    vdb, qdb = out / "vq-vetq.db", out / "vq-quick.db"
    vsrc, qsrc = out / "vq-vetq-text.db", out / "vq-quick-text.db"
    progs = ingest_progs(a, out, dirs)
    for db, argv in progs.values():  # warm-up: the page cache holds the corpus for every run
        timed_into(db, argv)
    floor_source(vdb, vsrc, "SELECT title, body FROM policy_search")
    floor_source(qdb, qsrc, "SELECT title, background, objectives, description FROM search")
    fdb = out / "vq-floor.db"
    progs["FTS5 floor: vetq's indexed text"] = (fdb, floor_argv(vsrc, fdb, "title, body"))
    progs["FTS5 floor: the quick script's text"] = (fdb, floor_argv(
        qsrc, fdb, "title, background, objectives, description"))
    times, cpus = {k: [] for k in progs}, {k: [] for k in progs}
    for _ in range(a.runs):
        for k, (db, argv) in progs.items():
            wall, cpu = timed_into(db, argv)
            times[k].append(wall)
            cpus[k].append(cpu)
    med = {k: bench.median(v) for k, v in times.items()}
    cpu = {k: bench.median(v) for k, v in cpus.items()}
    mb = {k: os.path.getsize(v) / 1e6 for k, v in (("vetq", vsrc), ("quick", qsrc))}
    v = med["vetq ingest"]
    rows = [f"| {k} | {s:.2f} | {a.pages / s:.0f} | {s / v:.2f} | {cpu[k]:.2f} |"
            for k, s in med.items()]
    log(f"{label}: " + ", ".join(f"{k} {s:.2f} s" for k, s in med.items()))
    return (f"{label} ({a.pages} pages; text indexed: vetq {mb['vetq']:.0f} MB, quick script "
            f"{mb['quick']:.0f} MB):\n\n| pipeline | s (median of {a.runs}) | pages/s | time / vetq's "
            "| CPU s, all threads (median) |\n"
            "|---|---:|---:|---:|---:|\n" + "\n".join(rows) + "\n"), med


DROP_CACHES = Path("/proc/sys/vm/drop_caches")


def drop_page_cache():
    """Writes dirty pages out and empties the page cache: the next run reads its files (and
    its programs) from the disk, as a first ingest after a reboot does. Needs root."""
    os.sync()
    DROP_CACHES.write_text("3\n")


def cold_table(a, out, dirs):
    """vetq and the quick script on the mixed pages, the page cache emptied before each run."""
    if not os.access(DROP_CACHES, os.W_OK):
        log("cold-cache runs skipped: emptying the page cache needs root")
        return "Cold page cache: not measured (emptying the page cache needs root).\n", None
    progs = ingest_progs(a, out, dirs)
    times = {k: [] for k in progs}
    for _ in range(a.runs):
        for k, (db, argv) in progs.items():
            bench.rm_db(db)
            drop_page_cache()
            times[k].append(bench.spawn_measured(argv)[0])
    med = {k: bench.median(v) for k, v in times.items()}
    v = med["vetq ingest"]
    log("cold page cache: " + ", ".join(f"{k} {s:.2f} s" for k, s in med.items()))
    rows = [f"| {k} | {s:.2f} | {a.pages / s:.0f} | {s / v:.2f} |" for k, s in med.items()]
    return (f"Mixed pages from a cold page cache (emptied before each run: the pages, the "
            f"programs and Python's modules come from the disk, as in a first ingest after a "
            f"reboot):\n\n| pipeline | s (median of {a.runs}) | pages/s | time / vetq's |\n"
            "|---|---:|---:|---:|\n" + "\n".join(rows) + "\n"), med


def startup_table(a):
    db = Path(a.db)
    progs = {"vetq --version": [a.vetq, "--version"],
             "sqlite3 :memory: 'SELECT 1'": ["sqlite3", ":memory:", "SELECT 1"],
             "/bin/true": ["/bin/true"]}
    if db.exists():
        progs["vetq query --country France --limit 20"] = [
            a.vetq, "--db", str(db), "query", "--country", "France", "--limit", "20", "--format", "json"]
        progs["sqlite3 -json, the same SQL with LIMIT 20"] = [
            "sqlite3", "-json", "-readonly", str(db), QUERY_SQL + " LIMIT 20"]
        progs["vetq query --country France (no limit)"] = [
            a.vetq, "--db", str(db), "query", "--country", "France", "--format", "json"]
        progs["sqlite3 -json, the same SQL"] = ["sqlite3", "-json", "-readonly", str(db), QUERY_SQL]
    times = {k: [] for k in progs}
    faults = {k: [] for k in progs}
    # Each round runs the commands in a new order: a command's time depends by a few per cent
    # on the one before it (0.2-0.4 ms here), which a fixed order gives to the same command.
    order = random.Random(1)
    for i in range(a.query_runs + 3):
        for k in order.sample(list(progs), len(progs)):
            t, _, f = bench.spawn_usage(progs[k])
            if i >= 3:
                times[k].append(t)
                faults[k].append(f)
    med = {k: bench.median(v) * 1000 for k, v in times.items()}
    policies = subprocess.run(["sqlite3", "-readonly", str(db), "SELECT count(*) FROM policy"],
                              capture_output=True, text=True).stdout.strip() if db.exists() else ""
    ldd = subprocess.run(["ldd", a.vetq], capture_output=True, text=True).stdout
    objects = [ln.split()[0] for ln in ldd.splitlines() if "=>" in ln or "ld-linux" in ln]
    rows = [f"| {k} | {ms:.1f} | {bench.median(faults[k]):.0f} |" for k, ms in med.items()]
    log("start-up and queries: " + ", ".join(f"{k} {ms:.1f} ms" for k, ms in med.items()))
    return (f"Start-up and queries (whole process, median of {a.query_runs} after 3 warm-ups, "
            f"in a new order each round; "
            + (f"the query database: {db.name}, {int(policies or 0):,} policies" if db.exists()
               else f"no query database: {db.name} was not found")
            + "):\n\n| command | ms | page faults (median) |\n"
            "|---|---:|---:|\n" + "\n".join(rows) + f"\n\nvetq loads {len(objects)} shared objects: "
            + ", ".join(f"`{o}`" for o in objects) + ".\n"), med


def write_results(text, path):
    bench.write_section(path, BEGIN, END, text, "## Against what a user would write instead")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vetq", default=os.environ.get("VETQ", str(ROOT / "build/release/apps/vetq/vetq")))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--query-runs", type=int, default=30)
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--db", default=None,
                    help="the database of the query rows (default: bench/out/stats-100000.db, "
                    "else bench/out/scaling-100000.db; left out if it does not exist)")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--startup-only", action="store_true",
                    help="print the start-up and query table only (written nowhere)")
    a = ap.parse_args()
    a.vetq = str(Path(a.vetq).resolve())
    if a.db is None:
        found = [p for p in (HERE / "out" / f"{n}-100000.db" for n in ("stats", "scaling"))
                 if p.exists()]
        a.db = str(found[0] if found else HERE / "out" / "stats-100000.db")
    if not Path(a.db).exists():
        log(f"no query database at {a.db}: the query rows are left out — run 'make bench' "
            "(it builds bench/out/scaling-100000.db) or pass --db")
    if a.startup_only:
        print(startup_table(a)[0])
        return
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    t0, info = time.perf_counter(), bench.machine()
    started = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    parts = []
    text_t, text_med = ingest_table(a, out, "Text pages", corpus(out, "corpus-text", a.pages, 0))
    mixed_t, mixed_med = ingest_table(a, out, "Mixed pages (25 % saved HTML)",
                                      corpus(out, "corpus-mixed", a.pages, 0.25))
    cold_t, cold_med = cold_table(a, out, corpus(out, "corpus-mixed", a.pages, 0.25))
    start_t, _ = startup_table(a)
    load_end = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    parts.append(f"Measured {started} by `python3 bench/vs_quick.py` at {commit} in "
                 f"{(time.perf_counter() - t0) / 60:.0f} min. Machine: {info['nproc']} cores "
                 f"({info.get('cpu', '?')}), {info.get('ram', '?')}; load average {info['load']} at "
                 f"the start, {load_end} at the end; SQLite {info['sqlite']}, Python {info['python']}.\n")
    parts += [text_t, mixed_t, cold_t, start_t]
    for label, med in (("text", text_med), ("mixed", mixed_med)):
        q = med["quick script (bench/quick.py)"] / med["vetq ingest"]
        f = med["vetq ingest"] / med["FTS5 floor: vetq's indexed text"]
        parts.append(f"- {label}: vetq ingest is **{q:.2f}×** the quick script's pages/s "
                     f"(target ≥ 2×) and **{f:.2f}×** the bare FTS5 floor's time (target ≤ 1.3×).")
    if cold_med:
        q = cold_med["quick script (bench/quick.py)"] / cold_med["vetq ingest"]
        parts.append(f"- mixed, cold page cache: vetq ingest is **{q:.2f}×** the quick script's "
                     "pages/s.")
    text = "\n".join(parts) + "\n"
    print(text)
    if not a.no_write:
        write_results(text, HERE / "RESULTS.md")


if __name__ == "__main__":
    main()
