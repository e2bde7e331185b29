"""Shared helpers for the CLI tests: run the built vetq on a throw-away database.

Every test file is a plain unittest module run by CTest (tests/CMakeLists.txt) with
VETQ_BIN (the binary) and VETQ_SOURCE_DIR (the checkout) in the environment.
"""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

VETQ = os.environ.get("VETQ_BIN", "build/release/apps/vetq/vetq")
SOURCE_DIR = os.environ.get("VETQ_SOURCE_DIR", os.getcwd())
SAMPLES = os.path.join(SOURCE_DIR, "samples")


def sample(*parts):
    return os.path.join(SAMPLES, *parts)


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

    def ingest_samples(self):
        return self.ok("ingest", SAMPLES)

    def write(self, name, content, mode="w"):
        path = os.path.join(self.tmp, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, mode) as f:
            f.write(content)
        return path
