#!/usr/bin/env python3
"""The vetq benchmark: ingest throughput and memory, database size, query latency, each against
what users would otherwise use, on a generated corpus with ground truth.

Measures (medians of several runs; every ratio is taken within this one run):
  * ingest of 1k, 10k and 100k pages by `vetq ingest`: pages/s, MB/s, peak RSS (ru_maxrss,
    read from /usr/bin/time -v), database size; vetq's records checked against the ground truth;
  * on the 10k corpus, interleaved with vetq's runs: the Python reference (bench/reference.py,
    single process and --jobs NPROC; its records checked too) and the floor (bench/floor.cpp:
    vetq's own rows and FTS content inserted with no parsing);
  * on the largest database: whole-process latency of filtered, full-text and stats queries,
    and of the same SQL through the sqlite3 CLI (the floor); row counts must agree;
  * --profile: valgrind --tool=callgrind on a 1k ingest (--jobs 1), the top self costs.

Writes the figures between the BENCH-TABLE markers of bench/RESULTS.md (full runs only) and
prints them. Exit status 1 when vetq's records do not match the ground truth or a command
fails; targets missed are reported, not fatal.

Usage: bench.py [--smoke] [--vetq PATH] [--sizes 1000,10000,100000] [--profile]
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import gen_corpus  # noqa: E402

TIME = "/usr/bin/time"
NPROC = os.cpu_count() or 1


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Running things.

def run_measured(argv, stdout=subprocess.DEVNULL):
    """Runs argv; returns (wall seconds, peak RSS in KiB, exit code). The peak RSS is the
    "Maximum resident set size" of /usr/bin/time -v, or, without GNU time, the same ru_maxrss
    read from wait4(2) directly."""
    use_time = os.access(TIME, os.X_OK)
    cmd = [TIME, "-v"] + argv if use_time else argv
    with tempfile.TemporaryFile(mode="w+") as err:
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=stdout, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
        p.returncode = code = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read()
    rss = usage.ru_maxrss
    if use_time:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
        rss = int(m.group(1)) if m else None
        code = code or ("Command exited with non-zero status" in text)
    if code:
        sys.stderr.write(text[-3000:])
    return wall, rss, code


def spawn_measured(argv):
    """spawn_usage's wall and CPU time."""
    return spawn_usage(argv)[:2]


def spawn_usage(argv):
    """Whole-process wall time and CPU time (user + system, all threads) of argv, in seconds,
    and the page faults it took (ru_minflt + ru_majflt), by posix_spawn+wait4 (stdout and
    stderr to /dev/null)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        fa = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
        exe = shutil.which(argv[0]) or argv[0]
        start = time.perf_counter()
        pid = os.posix_spawn(exe, argv, os.environ, file_actions=fa)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
    finally:
        os.close(devnull)
    code = os.waitstatus_to_exitcode(status)
    if code:
        raise SystemExit(f"bench: failed ({code}): {' '.join(argv)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_minflt + usage.ru_majflt


def spawn_timed(argv):
    """spawn_usage's wall time."""
    return spawn_usage(argv)[0]


def rm_db(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.remove(str(path) + suffix)
        except FileNotFoundError:
            pass


def db_size(path):
    return sum(os.path.getsize(str(path) + s) for s in ("", "-wal") if os.path.exists(str(path) + s))


def median(xs):
    return statistics.median(xs) if xs else None


# --------------------------------------------------------------------------------------------
# The machine.

def machine():
    info = {"nproc": NPROC, "kernel": platform.release()}
    try:
        cpu = Path("/proc/cpuinfo").read_text()
        m = re.search(r"^model name\s*:\s*(.*)$", cpu, re.M)
        info["cpu"] = m.group(1).strip() if m else "?"
        m = re.search(r"^cpu MHz\s*:\s*(.*)$", cpu, re.M)
        info["mhz"] = m.group(1).strip() if m else "?"
        m = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
        info["ram"] = f"{int(m.group(1)) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    try:
        df = subprocess.run(["df", "-hT", str(HERE)], capture_output=True, text=True).stdout.splitlines()[-1].split()
        dev = os.path.basename(df[0])
        rot = Path(f"/sys/block/{re.sub(r'[0-9]+$', '', dev)}/queue/rotational")
        kind = ("kernel says rotational" if rot.read_text().strip() == "1" else "non-rotational") if rot.exists() else "?"
        info["disk"] = f"{df[0]} {df[1]} {df[2]} ({kind}, {df[4]} free)"
    except (OSError, IndexError):
        info["disk"] = "?"
    info["load"] = " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"
    info["sqlite"] = sqlite3.sqlite_version
    info["python"] = platform.python_version()
    return info


def vetq_version(vetq):
    src = Path(vetq).resolve()
    for parent in src.parents:
        if (parent / ".git").exists():
            r = subprocess.run(["git", "-C", str(parent), "describe", "--always", "--dirty"],
                               capture_output=True, text=True)
            return f"{r.stdout.strip()} ({parent})"
    return "?"


# --------------------------------------------------------------------------------------------
# The parts.

class Bench:
    def __init__(self, a):
        self.a = a
        self.out = Path(a.out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.vetq = str(Path(a.vetq).resolve())
        self.corpus = self.out / ("corpus-smoke" if a.smoke else "corpus")
        self.rows = []  # (section, label, value, target, verdict)
        self.failed = []
        self.ingest = {}
        self.notes = []

    def generate(self, pages):
        t = time.perf_counter()
        subprocess.run([sys.executable, str(HERE / "gen_corpus.py"), "--out", str(self.corpus),
                        "--pages", str(pages), "--seed", str(self.a.seed)], check=True)
        self.manifest = json.loads((self.corpus / "manifest.json").read_text())
        log(f"corpus ready in {time.perf_counter() - t:.1f} s")

    def shards(self, pages):
        n = (pages + gen_corpus.SHARD - 1) // gen_corpus.SHARD
        keys = [f"{s:03d}" for s in range(n)]
        dirs = [str(self.corpus / "pages" / k) for k in keys]
        nbytes = sum(self.manifest["shards"][k]["bytes"] for k in keys)
        return dirs, nbytes, f"0-{n - 1}"

    def check(self, label, export_cmd, shards, db):
        path = self.out / f"export-{label}.ndjson"
        with open(path, "w") as f:
            subprocess.run(export_cmd, stdout=f, check=True)
        r = subprocess.run([sys.executable, str(HERE / "check_truth.py"), "--truth",
                            str(self.corpus / "truth"), "--shards", shards, "--export", str(path),
                            "--label", label], capture_output=True, text=True)
        sys.stderr.write(r.stderr)
        path.unlink()
        summary = r.stderr.strip().splitlines()
        summary = [l for l in summary if "records checked" in l]
        if not summary:
            return False, "no summary"
        m = re.search(r"(\d+)/(\d+) records checked against the ground truth: (\d+) match, (.*)$", summary[-1])
        short = f"{m.group(3)}/{m.group(2)} match" + ("" if r.returncode == 0 else f" ({m.group(4)})") if m else summary[-1]
        return r.returncode == 0, short

    def build_floor(self):
        exe = self.out / "floor"
        src = HERE / "floor.cpp"
        if not exe.exists() or exe.stat().st_mtime < src.stat().st_mtime:
            subprocess.run(["c++", "-O2", "-std=c++20", "-o", str(exe), str(src), "-lsqlite3"], check=True)
        return str(exe)

    # -- ingest ---------------------------------------------------------------------------------

    def ingest_size(self, pages, runs, compare):
        dirs, nbytes, shard_range = self.shards(pages)
        db = self.out / f"vetq-{pages}.db"
        res = {"pages": pages, "bytes": nbytes, "vetq": [], "rss": [], "ref1": [], "refN": [],
               "floor": [], "floor_tuned": [], "ref_rss": []}
        floor_exe = rows = None
        if compare:
            floor_exe = self.build_floor()
        for run in range(runs):
            rm_db(db)
            wall, rss, code = run_measured([self.vetq, "--db", str(db), "--quiet", "ingest"] + dirs)
            if code:
                self.failed.append(f"vetq ingest of {pages} pages exited {code}")
                return res
            res["vetq"].append(wall)
            res["rss"].append(rss)
            log(f"{pages} pages: vetq ingest run {run + 1}/{runs}: {wall:.2f} s, {rss} KiB")
            if not compare:
                continue
            if rows is None:
                rows = self.out / f"rows-{pages}.bin"
                subprocess.run([sys.executable, str(HERE / "dump_rows.py"), str(db), str(rows)], check=True)
            for key, argv in (("ref1", ["--jobs", "1"]), ("refN", ["--jobs", str(NPROC)])):
                rdb = self.out / f"ref-{pages}.db"
                rm_db(rdb)
                wall, rss, code = run_measured([sys.executable, str(HERE / "reference.py"), "--db", str(rdb)] + argv + dirs)
                if code:
                    self.failed.append(f"reference.py {' '.join(argv)} exited {code}")
                res[key].append(wall)
                res["ref_rss"].append(rss)
                log(f"{pages} pages: reference {' '.join(argv)} run {run + 1}/{runs}: {wall:.2f} s")
            for key, extra in (("floor", []), ("floor_tuned", ["--fts-tuned"])):
                fdb = self.out / f"floor-{pages}.db"
                wall, _, code = run_measured([floor_exe, str(rows), str(fdb)] + extra)
                if code:
                    self.failed.append(f"floor {' '.join(extra)} exited {code}")
                res[key].append(wall)
                log(f"{pages} pages: floor {' '.join(extra)} run {run + 1}/{runs}: {wall:.2f} s")
                if key == "floor":
                    res["floor_db"] = db_size(fdb)
                rm_db(fdb)
        res["db"] = db_size(db)
        ok, summary = self.check("vetq", [self.vetq, "--db", str(db), "export"], shard_range, db)
        res["truth"] = summary
        if not ok:
            self.failed.append(f"vetq's records differ from the ground truth ({pages} pages): {summary}")
        if compare:
            rdb = self.out / f"ref-{pages}.db"
            ok_ref, res["ref_truth"] = self.check(
                "reference", [sys.executable, str(HERE / "reference.py"), "--db", str(rdb), "--export"],
                shard_range, rdb)
            res["ref_db"] = db_size(rdb)
            rm_db(rdb)
            if not ok_ref:
                self.failed.append(f"the reference's records differ from the ground truth: {res['ref_truth']}")
            if rows:
                rows.unlink()
        self.ingest[pages] = res
        return res

    # -- queries --------------------------------------------------------------------------------

    def queries(self, pages):
        # The SQL is what lib/query/query.cpp and lib/query/stats.cpp build for each command
        # (--country filters the policy column, which an index covers); the row counts of both
        # must agree, and for stats the counts too, or the run fails.
        db = str(self.out / f"vetq-{pages}.db")
        rare = gen_corpus.word_pool(self.a.seed)[0][199]
        country = "p.country IN ('France')"
        cols = "p.id, p.country, p.first_year, p.last_year, p.last_stage, p.title"
        order = "ORDER BY p.country, CAST(p.id AS INTEGER), p.id LIMIT -1 OFFSET 0"
        text_cols = "p.id, p.country, p.first_year, p.last_year, p.title, snippet(policy_fts, 1, '[', ']', '…', 12)"
        fts_from = "policy p JOIN policy_fts ON policy_fts.rowid = p.pk"
        qs = [
            ("process start only: vetq --version / sqlite3 DB 'SELECT 1'", False, ["--version"], "SELECT 1;"),
            ("filtered: --country France", True,
             ["query", "--country", "France", "--format", "json"],
             f"SELECT {cols} FROM policy p WHERE {country} {order};"),
            ("filtered: --country France --year 2018..2020 --target-group 'Adult learners'", False,
             ["query", "--country", "France", "--year", "2018..2020", "--target-group", "Adult learners", "--format", "json"],
             f"SELECT {cols} FROM policy p WHERE {country} AND p.pk IN (SELECT policy FROM policy_timeline "
             f"WHERE year BETWEEN 2018 AND 2020) AND p.pk IN (SELECT owner FROM facet WHERE kind = 'policy' "
             f"AND dim = 'target_group' AND value IN ('Adult learners')) {order};"),
            (f"full text, rare word: --text {rare}", False,
             ["query", "--text", rare, "--format", "json"],
             f"SELECT {text_cols} FROM {fts_from} WHERE policy_fts MATCH '\"{rare}\"' "
             f"ORDER BY bm25(policy_fts), p.id LIMIT -1 OFFSET 0;"),
            ("full text, common word, top 20: --text apprenticeships --limit 20", False,
             ["query", "--text", "apprenticeships", "--limit", "20", "--format", "json"],
             f"SELECT {text_cols} FROM {fts_from} WHERE policy_fts MATCH '\"apprenticeships\"' "
             f"ORDER BY bm25(policy_fts), p.id LIMIT 20 OFFSET 0;"),
            ("stats: --by category", False,
             ["stats", "--by", "category", "--format", "json"],
             "SELECT value, '', count(DISTINCT owner) AS n FROM (SELECT owner, value FROM facet "
             "WHERE dim = 'category' AND kind = 'policy') GROUP BY value ORDER BY n DESC, value;"),
        ]
        out = []
        for label, is_target, args, sql in qs:
            vargv = [self.vetq, "--db", db] + args
            sargv = ["sqlite3", "-json", "-readonly", db, sql]
            if args[0] == "--version":  # process start only: no query
                vargv, sargv = [self.vetq, "--version"], ["sqlite3", "-readonly", db, sql]
            if args[0] == "--version":
                vrows = srows = []
            else:
                vrows = json.loads(subprocess.run(vargv, capture_output=True, text=True, check=True).stdout or "[]")
                srows = json.loads(subprocess.run(sargv, capture_output=True, text=True, check=True).stdout or "[]")
            if len(vrows) != len(srows):
                self.failed.append(f"query '{label}': vetq gave {len(vrows)} rows, the SQL {len(srows)}")
            elif args[0] == "stats" and [r["count"] for r in vrows] != [r["n"] for r in srows]:
                self.failed.append(f"query '{label}': vetq's counts differ from the SQL's")
            times = {"vetq": [], "sqlite3": []}
            for _ in range(self.a.warmup):
                spawn_timed(vargv)
                spawn_timed(sargv)
            for _ in range(self.a.query_runs):  # interleaved, so both see the same load
                times["vetq"].append(spawn_timed(vargv))
                times["sqlite3"].append(spawn_timed(sargv))
            out.append({"label": label, "target": is_target, "rows": len(vrows),
                        "vetq": median(times["vetq"]), "sqlite3": median(times["sqlite3"]),
                        "vetq_min": min(times["vetq"]), "sqlite3_min": min(times["sqlite3"]),
                        "argv": ("vetq " if args[0] == "--version" else "vetq --db DB ") + " ".join(_q(x) for x in args),
                        "sql": sql})
            log(f"query {label}: vetq {out[-1]['vetq'] * 1e3:.1f} ms, sqlite3 {out[-1]['sqlite3'] * 1e3:.1f} ms, {len(vrows)} rows")
        return out

    # -- profile --------------------------------------------------------------------------------

    def profile(self):
        if not shutil.which("valgrind"):
            self.notes.append("valgrind not installed: no profile")
            return None
        dirs, _, _ = self.shards(1000)
        db = self.out / "profile.db"
        rm_db(db)
        cg = self.out / "callgrind.out"
        t = time.perf_counter()
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={cg}", self.vetq,
                        "--db", str(db), "--quiet", "ingest", "--jobs", "1"] + dirs,
                       check=True, stderr=subprocess.DEVNULL)
        log(f"callgrind: {time.perf_counter() - t:.0f} s")
        rm_db(db)
        res = {}
        for mode in ("no", "yes"):
            r = subprocess.run(["callgrind_annotate", f"--inclusive={mode}", "--threshold=100", str(cg)],
                               capture_output=True, text=True, check=True)
            (self.out / f"callgrind-{'self' if mode == 'no' else 'inclusive'}.txt").write_text(r.stdout)
            res["total"], res[mode] = callgrind_rows(r.stdout, inclusive=(mode == "yes"))
        return res


def _q(s):
    return s if re.fullmatch(r"[\w.,=/:+-]+", s) else "'" + s.replace("'", "'\\''") + "'"


# Frames that only wrap the real work (threads, main, std::function), left out of the
# inclusive list.
WRAPPERS = re.compile(r"start_thread|below main|__libc_start|_Function_handler|std::thread|"
                      r"^main$|::operator\(\)|cli::add_|^0x[0-9a-f]+ in |ParsePool::work|Store::put$")


def callgrind_rows(text, inclusive):
    total, rows = None, []
    for line in text.splitlines():
        m = re.match(r"^\s*([\d,]+)\s+\(\s*([\d.]+)%\)\s+(.*)$", line)
        if not m:
            continue
        if "PROGRAM TOTALS" in m.group(3):
            total = m.group(1)
            continue
        name = _short(m.group(3))
        if inclusive and (WRAPPERS.search(name) or any(n == name for _, n in rows)):
            continue
        rows.append((float(m.group(2)), name))
    return total, rows[:22 if inclusive else 12]


def _short(entry):
    """'file:function(args) [object]' -> 'function', or '0x... in object' when unnamed."""
    obj = ""
    m = re.search(r"\s+\[([^\]]*)\]$", entry)
    if m:
        obj, entry = os.path.basename(m.group(1)), entry[:m.start()]
    m = re.match(r"^(?:\?\?\?|[^ :()]+\.(?:c|cc|cpp|cxx|h|hpp|hxx|S)|\./[^:]*):(.*)$", entry)
    name = m.group(1) if m else entry
    if re.fullmatch(r"0x[0-9a-f]+(?:'\d+)?", name):  # a static function: name its object
        return f"{name} in {obj}"
    name = name.replace("(anonymous namespace)", "{anon}").replace("[abi:cxx11]", "")
    name = re.sub(r"\s+const$", "", name)
    if name.startswith("(below main)"):
        return "(below main)"
    while True:  # drop template arguments, then the argument list
        n2 = re.sub(r"<[^<>]*>", "", name)
        if n2 == name:
            break
        name = n2
    name = name.split("(")[0]
    name = name.replace("nlohmann::json_abi_v3_11_2::", "nlohmann::")
    return name[:100]


# --------------------------------------------------------------------------------------------
# The report.

def fmt_s(x):
    return "–" if x is None else f"{x:.2f} s"


def report(b, info, command, queries, prof, started, elapsed):
    L = []
    add = L.append
    add(f"Measured {started} by `{command}` in {elapsed / 60:.1f} min; load average at the end "
        f"{' '.join(Path('/proc/loadavg').read_text().split()[:3])}.")
    add("")
    add(f"Machine: {info['nproc']} cores ({info.get('cpu', '?')}, {info.get('mhz', '?')} MHz), "
        f"{info.get('ram', '?')} RAM, disk {info['disk']}; Linux {info['kernel']}; load average at the "
        f"start {info['load']} (the cores are shared). SQLite {info['sqlite']} (vetq, the floor and the "
        f"sqlite3 CLI use the same system library), Python {info['python']}.")
    add(f"vetq: {info['vetq']}.")
    add(f"Corpus: {b.manifest['pages']} generated pages ({b.manifest['html']} of them HTML), "
        f"{b.manifest['bytes'] / 1e6:.0f} MB, seed {b.manifest['seed']}, generator {b.manifest['generator']}.")
    add("")
    add("### Ingest")
    add("")
    add("| pages | input MB | runs | vetq s (median) | pages/s | MB/s | peak RSS MiB | database MB | db / input | ground truth |")
    add("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for pages, r in sorted(b.ingest.items()):
        if not r["vetq"]:
            continue
        s = median(r["vetq"])
        add(f"| {pages} | {r['bytes'] / 1e6:.1f} | {len(r['vetq'])} | {s:.2f} | {pages / s:.0f} | "
            f"{r['bytes'] / 1e6 / s:.1f} | {max(x or 0 for x in r['rss']) / 1024:.1f} | "
            f"{r['db'] / 1e6:.1f} | {r['db'] / r['bytes']:.2f} | {r['truth']} |")
    cmp_ = [r for r in b.ingest.values() if r["ref1"]]
    if cmp_:
        r = cmp_[0]
        pages = r["pages"]
        v, r1, rn, fl, ft = (median(r[k]) for k in ("vetq", "ref1", "refN", "floor", "floor_tuned"))
        add("")
        add(f"Same {pages}-page corpus, runs interleaved ({len(r['vetq'])} each):")
        add("")
        add("| pipeline | s (median) | pages/s | vetq's speed-up |")
        add("|---|---:|---:|---:|")
        add(f"| vetq ingest | {v:.2f} | {pages / v:.0f} | 1.00 |")
        add(f"| Python reference, 1 process (bench/reference.py) | {r1:.2f} | {pages / r1:.0f} | {r1 / v:.2f}× |")
        add(f"| Python reference, --jobs {NPROC} | {rn:.2f} | {pages / rn:.0f} | {rn / v:.2f}× |")
        add(f"| floor: vetq's rows, no parsing (bench/floor.cpp) | {fl:.2f} | {pages / fl:.0f} | {fl / v:.2f}× |")
        add(f"| floor with FTS5 tuned (informative) | {ft:.2f} | {pages / ft:.0f} | {ft / v:.2f}× |")
        add("")
        add(f"Reference records vs ground truth: {r.get('ref_truth', '?')}; reference database "
            f"{r.get('ref_db', 0) / 1e6:.1f} MB, floor database {r.get('floor_db', 0) / 1e6:.1f} MB; "
            f"reference peak RSS {max(x or 0 for x in r['ref_rss']) / 1024:.0f} MiB.")
    if queries:
        big = max(b.ingest)
        add("")
        add(f"### Queries on the {big}-page database (whole process, warm cache, median of "
            f"{b.a.query_runs} after {b.a.warmup} warm-ups, vetq and sqlite3 interleaved)")
        add("")
        add("| query | rows | vetq ms | sqlite3 CLI ms (same SQL) | vetq / sqlite3 |")
        add("|---|---:|---:|---:|---:|")
        for q in queries:
            add(f"| {q['label']} | {q['rows']} | {q['vetq'] * 1e3:.1f} | {q['sqlite3'] * 1e3:.1f} | "
                f"{q['vetq'] / q['sqlite3']:.2f} |")
        add("")
        add("<details><summary>The commands and the SQL given to <code>sqlite3 -json -readonly DB</code></summary>")
        add("")
        for q in queries:
            add(f"- `{q['argv']}`  \n  `{q['sql']}`")
        add("")
        add("</details>")
    add("")
    add("### Targets")
    add("")
    add("| target | measured | verdict |")
    add("|---|---|---|")
    for t, m, ok in targets(b, queries):
        add(f"| {t} | {m} | {'met' if ok else '**missed**'} |")
    if prof:
        add("")
        add(f"### Profile: callgrind, 1k-page ingest, --jobs 1 ({prof.get('total', '?')} instructions)")
        add("")
        add("Under valgrind, Nettle runs its portable SHA-256 code (`_nettle_sha256_compress_x86_64`): "
            "valgrind does not emulate the CPU's SHA instructions, which Nettle uses otherwise. "
            "Outside valgrind SHA-256 is ~3 % of an ingest's CPU time (perf, `_nettle_sha256_compress_sha_ni`); "
            "read the other rows against the total less its SHA-256 rows.")
        add("")
        add("Self cost (top 10):")
        add("")
        add("| % | function |")
        add("|---:|---|")
        for pct, name in prof["no"][:10]:
            add(f"| {pct:.1f} | `{name}` |")
        add("")
        add("Inclusive cost (top 22, thread and CLI wrappers left out):")
        add("")
        add("| % | function |")
        add("|---:|---|")
        for pct, name in prof["yes"]:
            add(f"| {pct:.1f} | `{name}` |")
    for n in b.notes:
        add("")
        add(f"Note: {n}")
    if b.failed:
        add("")
        add("Failures: " + "; ".join(b.failed))
    return "\n".join(L) + "\n"


def targets(b, queries):
    out = []
    cmp_ = [r for r in b.ingest.values() if r["ref1"]]
    if cmp_:
        r = cmp_[0]
        v, r1, rn, fl = (median(r[k]) for k in ("vetq", "ref1", "refN", "floor"))
        out.append((f"ingest ≥ 3× the Python reference's pages/s ({r['pages']} pages)",
                    f"{r1 / v:.2f}× (1 process), {rn / v:.2f}× (--jobs {NPROC})", r1 / v >= 3 and rn / v >= 3))
        out.append(("ingest within 1.5× of the floor", f"{v / fl:.2f}× the floor's time", v / fl <= 1.5))
    rss = {p: max(x or 0 for x in r["rss"]) / 1024 for p, r in b.ingest.items() if r["rss"]}
    if rss:
        big = max(rss)
        flat = rss[big] <= 1.5 * rss[min(rss)] if len(rss) > 1 else True
        out.append((f"peak RSS ≤ 100 MB during a {big}-page ingest, flat as the corpus grows",
                    ", ".join(f"{p}: {m:.0f} MiB" for p, m in sorted(rss.items())),
                    rss[big] * 1.048576 <= 100 and flat))
    for q in queries or []:
        if q["target"]:
            out.append(("filtered query ≤ 20 ms for the whole process", f"{q['vetq'] * 1e3:.1f} ms", q["vetq"] <= 0.020))
            out.append(("filtered query ≤ 1.5× the sqlite3 CLI", f"{q['vetq'] / q['sqlite3']:.2f}×",
                        q["vetq"] / q["sqlite3"] <= 1.5))
    sizes = [(p, r["db"] / r["bytes"]) for p, r in sorted(b.ingest.items()) if r.get("db")]
    if sizes:
        out.append(("database size ≤ 2× the input text", ", ".join(f"{p}: {x:.2f}×" for p, x in sizes),
                    all(x <= 2 for _, x in sizes)))
    return out


def write_section(path, begin, end, text, heading=None):
    """Replaces what stands between the markers `begin` and `end` of the results file with
    `text` (every bench script writes its own section so); a missing section is added at the
    end, under `heading`. The rest of the file, written by hand, is kept."""
    doc = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if begin not in doc or end not in doc:
        doc = doc.rstrip("\n") + (f"\n\n{heading}" if heading else "") + f"\n\n{begin}\n{end}\n"
    head, rest = doc.split(begin, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{begin}\n{text}{end}{tail}", encoding="utf-8")


def write_results(text, path):
    write_section(path, "<!-- BENCH-TABLE:BEGIN (written by bench/bench.py) -->",
                  "<!-- BENCH-TABLE:END -->", text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vetq", default=os.environ.get("VETQ", str(ROOT / "build/release/apps/vetq/vetq")))
    ap.add_argument("--out", default=str(HERE / "out"))
    ap.add_argument("--smoke", action="store_true", help="1k pages, one run, no queries: for CI")
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--compare-at", type=int, default=10000, help="size for the reference and floor")
    ap.add_argument("--runs", default="1000:5,10000:3,100000:3", help="runs per size")
    ap.add_argument("--query-runs", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="callgrind on a 1k ingest")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--results", default=str(HERE / "RESULTS.md"))
    a = ap.parse_args()
    if not os.access(a.vetq, os.X_OK):
        sys.exit(f"bench: no vetq at {a.vetq} — run 'make build' or pass --vetq")
    if a.smoke:
        a.sizes, a.compare_at, a.runs = "1000", 1000, "1000:1"
    started = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    t0 = time.perf_counter()
    info = machine()
    info["vetq"] = vetq_version(a.vetq)
    b = Bench(a)
    sizes = [int(x) for x in a.sizes.split(",")]
    runs = dict((int(k), int(v)) for k, v in (x.split(":") for x in a.runs.split(",")))
    b.generate(max(sizes))
    for pages in sizes:
        b.ingest_size(pages, runs.get(pages, 3), compare=(pages == a.compare_at))
    queries = None if a.smoke else b.queries(max(sizes))
    prof = b.profile() if a.profile else None
    elapsed = time.perf_counter() - t0
    command = os.environ.get("BENCH_COMMAND") or " ".join(["bench/bench.py"] + sys.argv[1:])
    text = report(b, info, command, queries, prof, started, elapsed)
    print(text)
    if not a.smoke:
        write_results(text, Path(a.results))
        log(f"figures written to {a.results}")
    for f in b.failed:
        log(f"FAILED: {f}")
    return 1 if b.failed else 0


if __name__ == "__main__":
    sys.exit(main())
