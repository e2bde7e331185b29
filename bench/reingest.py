#!/usr/bin/env python3
"""A re-ingest of changed pages: what a user runs when Cedefop's next edition comes out.

The first --pages text pages of the generated corpus are loaded into a database (not timed).
Each page then gets one new sentence in its Description, as a new edition's edit; the facets
and the timeline stay the same. Timed, interleaved, median of --runs:

  * `vetq ingest` of the changed pages into a copy of that database: every page replaces a
    stored policy, keeps the old version in its history and moves the full-text index;
  * `vetq ingest` of the same changed pages into a new database (a first load);
  * the quick script (bench/quick.py) loading them into a new database: what a user of the
    quick script does, as it keeps no versions and cannot replace a row;
  * with --baseline PATH, another vetq binary's re-ingest as well (a before/after of a change).

Writes the figures between the REINGEST-TABLE markers of bench/RESULTS.md (--no-write: print
only). Usage: python3 bench/reingest.py [--vetq PATH] [--baseline PATH] [--runs 5]
[--pages 10000] [--no-write]
"""
import argparse
import datetime
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import bench  # noqa: E402  (spawn_measured, rm_db, median, machine, write_section)
import vs_quick  # noqa: E402  (corpus)

BEGIN = "<!-- REINGEST-TABLE:BEGIN (written by bench/reingest.py) -->"
END = "<!-- REINGEST-TABLE:END -->"
SENTENCE = "A review of the measure was announced in the latest update. "


def log(msg):
    print(f"reingest: {msg}", file=sys.stderr, flush=True)


def changed_pages(dirs, out):
    """Copies of the pages of dirs, each with SENTENCE at the start of its Description, under
    out/pages/NNN; the shard directories. Pages without a Description are left out."""
    shutil.rmtree(out, ignore_errors=True)
    shards, changed = [], 0
    for d in map(Path, dirs):
        target = out / "pages" / d.name
        target.mkdir(parents=True)
        shards.append(str(target))
        for page in sorted(d.iterdir()):
            text = page.read_text(encoding="utf-8")
            at = text.find("\nDescription\n")
            if at < 0:
                continue
            at += len("\nDescription\n")
            (target / page.name).write_text(text[:at] + SENTENCE + text[at:], encoding="utf-8")
            changed += 1
    return shards, changed


def copy_db(src, dst):
    bench.rm_db(dst)
    shutil.copyfile(src, dst)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vetq", default=os.environ.get("VETQ", str(ROOT / "build/release/apps/vetq/vetq")))
    ap.add_argument("--baseline", help="another vetq binary whose re-ingest is timed too")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args()
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    t0, info = time.perf_counter(), bench.machine()
    started = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    dirs = vs_quick.corpus(out, "corpus-text", a.pages, 0)
    shards, changed = changed_pages(dirs, out / "reingest-pages")
    log(f"{changed} pages changed; loading the originals")
    base_db, work_db, new_db = out / "ri-base.db", out / "ri-work.db", out / "ri-new.db"
    vetq = str(Path(a.vetq).resolve())
    bench.rm_db(base_db)
    subprocess.run([vetq, "--db", str(base_db), "ingest", "-q", *dirs], check=True)
    progs = {"vetq ingest: re-ingest into the loaded database": (True, vetq)}
    if a.baseline:
        progs["the baseline vetq: re-ingest into the loaded database"] = (
            True, str(Path(a.baseline).resolve()))
    progs["vetq ingest: a first load into a new database"] = (False, vetq)
    progs["quick script: a load into a new database"] = (False, None)
    times, cpus = {k: [] for k in progs}, {k: [] for k in progs}
    for _ in range(a.runs):
        for k, (reingest, exe) in progs.items():
            if reingest:
                copy_db(base_db, work_db)  # untimed: each run replaces the same stored pages
                argv = [exe, "--db", str(work_db), "ingest", "-q", *shards]
            elif exe:
                bench.rm_db(new_db)
                argv = [exe, "--db", str(new_db), "ingest", "-q", *shards]
            else:
                bench.rm_db(new_db)
                argv = [sys.executable, str(HERE / "quick.py"), str(new_db), *shards]
            wall, cpu = bench.spawn_measured(argv)
            times[k].append(wall)
            cpus[k].append(cpu)
    med = {k: bench.median(v) for k, v in times.items()}
    cpu = {k: bench.median(v) for k, v in cpus.items()}
    versions = subprocess.run(["sqlite3", str(work_db), "SELECT count(*) FROM history"],
                              capture_output=True, text=True).stdout.strip()
    ref = med["vetq ingest: re-ingest into the loaded database"]
    rows = [f"| {k} | {s:.2f} | {changed / s:.0f} | {s / ref:.2f} | {cpu[k]:.2f} |"
            for k, s in med.items()]
    log(", ".join(f"{k} {s:.2f} s" for k, s in med.items()))
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    first = med["vetq ingest: a first load into a new database"]
    quick = med["quick script: a load into a new database"]
    text = (f"Measured {started} by `python3 bench/reingest.py` at {commit} in "
            f"{(time.perf_counter() - t0) / 60:.0f} min. Machine: {info['nproc']} cores "
            f"({info.get('cpu', '?')}), {info.get('ram', '?')}; SQLite {info['sqlite']}.\n\n"
            f"{changed} text pages, each with a new sentence in its Description, over a database "
            f"that holds their earlier versions (after the re-ingest: {versions} versions in "
            "history):\n\n"
            f"| pipeline | s (median of {a.runs}) | pages/s | time / vetq's re-ingest "
            "| CPU s, all threads (median) |\n|---|---:|---:|---:|---:|\n" + "\n".join(rows) +
            f"\n\n- A re-ingest takes **{ref / first:.2f}×** the time of a first load of the "
            f"same pages, and **{ref / quick:.2f}×** the time of the quick script's load into a "
            "new database (which keeps no earlier version).\n")
    print(text)
    if not a.no_write:
        bench.write_section(HERE / "RESULTS.md", BEGIN, END, text,
                            "## A re-ingest of changed pages")


if __name__ == "__main__":
    main()
