"""Shared helpers for the CLI tests: run the built vetq on a throw-away database.

Every test file is a plain unittest module run by CTest (tests/CMakeLists.txt) with
VETQ_BIN (the binary) and VETQ_SOURCE_DIR (the checkout) in the environment.
"""
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

VETQ = os.environ.get("VETQ_BIN", "build/release/apps/vetq/vetq")
SOURCE_DIR = os.environ.get("VETQ_SOURCE_DIR", os.getcwd())
SAMPLES = os.path.join(SOURCE_DIR, "samples")


def sample(*parts):
    return os.path.join(SAMPLES, *parts)


def fixture(*parts):
    """A hand-made fixture under tests/fixtures/: invented values that never go in samples/."""
    return os.path.join(SOURCE_DIR, "tests", "fixtures", *parts)


class Result:
    def __init__(self, proc):
        self.code = proc.returncode
        # Decoded by hand so that line ends arrive as written (CRLF stays CRLF).
        self.out = proc.stdout.decode("utf-8")
        self.err = proc.stderr.decode("utf-8")

    def json(self):
        return json.loads(self.out)

    def ndjson(self):
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]

    def __repr__(self):
        return f"exit {self.code}\n--- stdout\n{self.out}\n--- stderr\n{self.err}"


class VetqTestCase(unittest.TestCase):
    """A temp directory and database per test; self.vetq(...) runs the binary."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="vetq-test-")
        self.db = os.path.join(self.tmp, "vetq.db")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def vetq(self, *args, stdin=None, env=None, db=True, timeout=120):
        full_env = dict(os.environ)
        full_env.pop("VETQ_DB", None)
        full_env.pop("COLUMNS", None)  # a piped table fits $COLUMNS: tests give it when they mean it
        full_env["NO_COLOR"] = "1"
        if env:
            full_env.update(env)
        cmd = [VETQ] + (["--db", self.db] if db else []) + [str(a) for a in args]
        if isinstance(stdin, str):
            stdin = stdin.encode("utf-8")
        proc = subprocess.run(cmd, input=stdin, capture_output=True, env=full_env,
                              timeout=timeout)
        return Result(proc)

    def ok(self, *args, **kw):
        r = self.vetq(*args, **kw)
        self.assertEqual(r.code, 0, repr(r))
        return r

    def unprivileged(self):
        """The command prefix that runs vetq as a user without root's rights to bypass file
        modes. As root: user nobody, running a copy of the binary (and the PDF module beside it)
        placed in this test's directory, so that the checkout may sit anywhere, in a 0700
        directory included. Opens the test directory to that user."""
        os.chmod(self.tmp, 0o777)
        if os.geteuid() != 0:
            return [VETQ]
        bindir = os.path.join(self.tmp, "bin")
        os.makedirs(bindir, exist_ok=True)
        src_dir = os.path.dirname(os.path.abspath(VETQ))
        for name in os.listdir(src_dir):
            if name == os.path.basename(VETQ) or name.startswith("libvetq_"):
                shutil.copy2(os.path.join(src_dir, name), bindir)
        os.chmod(bindir, 0o755)
        prefix = ["runuser", "-u", "nobody", "--"]
        probe = subprocess.run(prefix + ["test", "-x", bindir])
        self.assertEqual(probe.returncode, 0,
                         f"user nobody cannot reach {bindir}: its parent directories must be "
                         "traversable (set TMPDIR to a directory such as /tmp)")
        return prefix + [os.path.join(bindir, os.path.basename(VETQ))]

    def ingest_samples(self):
        return self.ok("ingest", SAMPLES)

    def write(self, name, content, mode="w"):
        path = os.path.join(self.tmp, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, mode) as f:
            f.write(content)
        return path


def fts_matches_content(db):
    """True when the policy full-text index holds exactly the terms its content view
    (policy_search) gives now: its instances (term, row, column, offset) against those of a
    fresh index of the view's rows. (SQLite 3.40's 'integrity-check' does not compare an
    index with its external content, and 'rebuild' fails on a view; a stale or wrong row would
    only show as missed or extra hits.)"""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tokenize = re.search(r"tokenize\s*=\s*'([^']*)'", con.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'policy_fts'").fetchone()[0]).group(1)
        con.execute("CREATE VIRTUAL TABLE temp.fresh USING fts5(title, body, tokenize = '%s')"
                    % tokenize.replace("'", "''"))
        con.execute("INSERT INTO temp.fresh(rowid, title, body) SELECT pk, title, body FROM policy_search")
        con.execute("CREATE VIRTUAL TABLE temp.stored_vocab USING fts5vocab(main, policy_fts, instance)")
        con.execute("CREATE VIRTUAL TABLE temp.fresh_vocab USING fts5vocab(temp, fresh, instance)")
        read = "SELECT term, doc, col, offset FROM temp.%s ORDER BY 1, 2, 3, 4"
        stored = con.execute(read % "stored_vocab").fetchall()
        return len(stored) > 0 and stored == con.execute(read % "fresh_vocab").fetchall()
    finally:
        con.close()
