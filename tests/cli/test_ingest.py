"""Ingest that is safe and boring: bad input, idempotence, history, transactions, faults."""
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
import unittest

from support import VETQ, SAMPLES, VetqTestCase, fts_matches_content, sample

PAGE = sample("policy-28228-france-digital-transition.txt")
CLEA = sample("policy-28238-france-clea-certificates.txt")
URL = "https://www.cedefop.europa.eu/en/tools/timeline-vet-policies-europe/search/"


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def page_with_id(new_id, text=None):
    """The 28228 sample under another policy id (its URL carries the id)."""
    return (text or read(PAGE)).replace(URL + "28228", URL + str(new_id))


class BadInput(VetqTestCase):
    def assert_failed_but_rest_landed(self, bad_path, message, *options):
        r = self.vetq("ingest", PAGE, bad_path, *options)
        self.assertEqual(r.code, 1, r)
        self.assertIn(message, r.err)
        self.assertIn("ingested 1, unchanged 0, failed 1", r.err)
        self.assertEqual(r.out, "")
        ids = [x["id"] for x in self.ok("query", "--format", "json").json()]
        self.assertEqual(ids, ["28228"])
        return r

    def test_empty_file(self):
        self.assert_failed_but_rest_landed(self.write("empty.txt", ""), "empty.txt:0: error: empty file")

    def test_binary_file(self):
        path = self.write("blob.bin", bytes(range(256)) * 10, mode="wb")
        self.assert_failed_but_rest_landed(path, "binary content (NUL byte at byte offset 0)")

    def test_invalid_utf8_names_the_byte_offset(self):
        data = read(PAGE).encode("utf-8")
        cut = data.index(b"Objectives")
        bad = data[:cut] + "Qualéduc".encode("cp1252") + data[cut:]
        path = self.write("latin1.txt", bad, mode="wb")
        r = self.assert_failed_but_rest_landed(path, f"latin1.txt:12: error: invalid UTF-8 at byte offset {cut + 4} (byte 0xE9)")
        self.assertIn("iconv -f WINDOWS-1252", r.err)

    def test_nul_bytes_inside_a_page(self):
        path = self.write("nul.txt", page_with_id(1).replace("Objectives", "Obj\0ectives"))
        self.assert_failed_but_rest_landed(path, "nul.txt:12: error: binary content")

    def test_truncated_page(self):
        text = read(CLEA)
        path = self.write("half.txt", text[: len(text) // 2])
        self.assert_failed_but_rest_landed(path, "half.txt:0: error: no citation line")

    def test_ten_megabyte_single_line(self):
        path = self.write("line.txt", "x" * 10_000_000)
        self.assert_failed_but_rest_landed(path, "line.txt:0: error: not a format vetq knows")

    def test_thirty_megabytes_of_random_words(self):
        rnd = random.Random(7)
        words = ["vet", "policy", "Description", "2019", "Implementation", "é", "Learners", "-"]
        lines, size = [], 0
        while size < 30_000_000:
            line = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 40)))
            lines.append(line)
            size += len(line) + 1
        path = self.write("words.txt", "\n".join(lines))
        # Beyond the default --max-file-size (16M): raised, the parsers read it all.
        self.assert_failed_but_rest_landed(path, "words.txt:0: error: not a format vetq knows",
                                           "--max-file-size", "64M")

    def test_missing_path(self):
        self.assert_failed_but_rest_landed(os.path.join(self.tmp, "nope.txt"),
                                           "nope.txt:0: error: no such file or directory")

    def test_unreadable_file(self):
        path = self.write("secret.txt", page_with_id(2))
        os.chmod(path, 0)
        # Root reads anything: run vetq as an unprivileged user instead.
        p = subprocess.run(self.unprivileged() + ["validate", path], capture_output=True, text=True)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn("secret.txt:0: error: cannot read: Permission denied", p.stderr)

    def test_broken_copy_never_overwrites_a_good_record(self):
        self.ok("ingest", PAGE)
        good = self.ok("show", "28228", "--format", "json").json()
        broken = read(PAGE).split("Cedefop, & ReferNet. (2025).")[0] + URL + "28228\n"
        r = self.vetq("ingest", self.write("broken.txt", broken))
        self.assertEqual(r.code, 1)
        self.assertEqual(self.ok("show", "28228", "--format", "json").json(), good)


class PathsAndModes(VetqTestCase):
    def ids(self):
        return [x["id"] for x in self.ok("query", "--format", "json").json()]

    def test_directory_skips_unknown_files_with_a_note(self):
        d = os.path.join(self.tmp, "in")
        os.makedirs(os.path.join(d, "sub"))
        shutil.copy(PAGE, os.path.join(d, "sub", "a.txt"))
        with open(os.path.join(d, "notes.txt"), "w") as f:
            f.write("shopping list\n")
        r = self.ok("-v", "ingest", d)
        self.assertIn("notes.txt:0: note: skipped: not a format vetq knows", r.err)
        self.assertIn("skipped 1 of no known format", r.err)
        self.assertEqual(self.ids(), ["28228"])

    def test_glob_include_exclude(self):
        self.ok("ingest", os.path.join(SAMPLES, "policy-*.txt"), "--exclude", "*28020*")
        self.assertEqual(self.ids(), ["28228", "28238", "28832"])
        db2 = os.path.join(self.tmp, "two.db")
        r = self.vetq("--db", db2, "ingest", SAMPLES, "--include", "policy-282*", db=False)
        self.assertEqual(r.code, 0, r)
        rows = sqlite3.connect(db2).execute("SELECT id FROM policy ORDER BY id").fetchall()
        self.assertEqual(rows, [("28228",), ("28238",)])

    def tree(self, root_name="pages"):
        """pages/keep/28228.txt, pages/draft/28020.txt, pages/old-draft-28238.txt (real pages)."""
        root = os.path.join(self.tmp, root_name)
        for rel, src in (("keep/28228.txt", PAGE), ("old-draft-28238.txt", CLEA),
                         ("draft/28020.txt", sample("policy-28020-belgium-fr-work-based-learning.txt"))):
            os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
            shutil.copy(src, os.path.join(root, rel))
        return root

    def ingest_ids(self, *args):
        db = os.path.join(self.tmp, f"run{random.randrange(10**9)}.db")
        r = self.vetq("--db", db, "ingest", *args, db=False)
        self.assertEqual(r.code, 0, r)
        if not os.path.exists(db):
            return r, []
        return r, [x for (x,) in sqlite3.connect(db).execute("SELECT id FROM policy ORDER BY id")]

    def test_exclude_matches_base_name_and_path_under_the_argument(self):
        root = self.tree()
        r, ids = self.ingest_ids(root, "--exclude", "draft/")  # a directory on the path
        self.assertEqual(ids, ["28228", "28238"])
        self.assertNotIn("warning", r.err)
        _, ids = self.ingest_ids(root, "--exclude", "*draft*")  # base name or relative path
        self.assertEqual(ids, ["28228"])
        _, ids = self.ingest_ids(root, "--include", "keep/*")  # the path under the argument
        self.assertEqual(ids, ["28228"])
        _, ids = self.ingest_ids(root + "/", "--include", "keep/*")  # pages/ as typed
        self.assertEqual(ids, ["28228"])
        _, ids = self.ingest_ids(root, "--include", "*.txt", "--exclude", "keep/")
        self.assertEqual(ids, ["28020", "28238"])

    def test_the_argument_itself_is_not_matched(self):
        # The directory given is named draft-pages: '*draft*' looks only below it.
        root = self.tree("draft-pages")
        _, ids = self.ingest_ids(root, "--exclude", "*draft*")
        self.assertEqual(ids, ["28228"])
        _, ids = self.ingest_ids(os.path.join(root, "*", "*.txt"), "--exclude", "draft/")
        self.assertEqual(ids, ["28228"])  # the glob's fixed part is draft-pages/

    def test_a_pattern_that_matches_nothing_is_a_warning(self):
        root = self.tree()
        r, ids = self.ingest_ids(root, "--exclude", "draft")
        self.assertEqual(ids, ["28020", "28228", "28238"])
        self.assertIn("draft:0: warning: --exclude matches no file — for the directory, write "
                      "'draft/'", r.err)
        r, ids = self.ingest_ids(root, "--include", "*.html", "--exclude", "*.pdf")
        self.assertEqual(ids, [])
        self.assertIn("*.html:0: warning: --include matches no file", r.err)
        self.assertIn("*.pdf:0: warning: --exclude matches no file", r.err)
        self.assertIn("end it with / to match a directory", r.err)
        r = self.vetq("-q", "ingest", root, "--exclude", "draft")
        self.assertNotIn("warning", r.err)

    def test_help_says_how_patterns_match(self):
        out = self.ok("ingest", "--help").out
        self.assertIn("base name or path under their directory or glob argument", out)
        self.assertIn("A pattern ending in / matches a directory", out)
        self.assertIn("vetq ingest pages/ --exclude draft/", out)

    def test_stdin_name_is_the_recorded_source_path(self):
        url = URL + "28238"
        r = self.ok("ingest", "-", "--format", "policy-text", "--name", url, stdin=read(CLEA))
        doc = self.ok("show", "28238", "--format", "json").json()
        self.assertEqual(doc["source"]["path"], url)
        rows = sqlite3.connect(self.db).execute("SELECT path FROM source_file").fetchall()
        self.assertEqual(rows, [(url,)])
        r = self.vetq("ingest", "-", "--format", "policy-text", "--name", "x.txt",
                      stdin="no policy here\n")
        self.assertEqual(r.code, 1, r)
        self.assertRegex(r.err, r"(?m)^x\.txt:\d+: error:")  # diagnostics name it too
        r = self.vetq("ingest", PAGE, "--name", "x.txt")
        self.assertEqual(r.code, 2, r)
        self.assertIn("--name names standard input", r.err)

    def test_stdin_with_format(self):
        self.ok("ingest", "-", "--format", "policy-text", stdin=read(CLEA))
        doc = self.ok("show", "28238", "--format", "json").json()
        self.assertEqual(doc["source"]["path"], "-")
        self.assertEqual(doc["type"], "Practical measure/Initiative")

    def test_unknown_format_name_is_a_usage_error(self):
        r = self.vetq("ingest", PAGE, "--format", "word")
        self.assertEqual(r.code, 2)
        self.assertIn("--format: unknown format 'word'", r.err)

    def test_dry_run_writes_nothing(self):
        r = self.ok("ingest", "--dry-run", PAGE, CLEA)
        self.assertIn("dry run: parsed 2", r.err)
        self.assertFalse(os.path.exists(self.db))

    def test_strict_rolls_back_the_whole_run(self):
        bad = self.write("bad.txt", "")
        r = self.vetq("ingest", "--strict", PAGE, CLEA, bad)
        self.assertEqual(r.code, 1)
        self.assertIn("--strict: rolled back, nothing was written", r.err)
        self.assertEqual(self.ids(), [])
        self.ok("ingest", PAGE, CLEA)  # without the bad file the same run lands
        self.assertEqual(self.ids(), ["28228", "28238"])


class IdempotenceAndHistory(VetqTestCase):
    def test_unchanged_content_is_skipped(self):
        self.ok("ingest", PAGE)
        copy = self.write("copy-of-28228.txt", read(PAGE))
        r = self.ok("ingest", PAGE, copy)
        self.assertIn("ingested 0, unchanged 2, failed 0", r.err)

    def test_same_content_twice_in_one_run_is_written_once(self):
        copy = self.write("copy-of-28228.txt", read(PAGE))
        r = self.ok("ingest", "--batch", "1", PAGE, copy)  # the copy lands in a later batch
        self.assertIn("ingested 1, unchanged 1, failed 0", r.err)
        # The copy was not written again: the file row still names the first path.
        with sqlite3.connect(self.db) as con:
            self.assertEqual(con.execute("SELECT path FROM source_file").fetchall(), [(PAGE,)])
        r = self.ok("--db", self.tmp + "/two.db", "ingest", PAGE, copy, db=False)  # one batch
        self.assertIn("ingested 1, unchanged 1, failed 0", r.err)
        rows = self.ok("query", "--format", "ndjson").ndjson()
        self.assertEqual([row["id"] for row in rows], ["28228"])

    def test_changed_page_replaces_and_keeps_history(self):
        self.ok("ingest", PAGE)
        newer = read(PAGE).replace("(2024 update)", "(2025 update)").replace(
            "The project continued.", "The project continued in 2025.")
        path = self.write("28228-2025.txt", newer)
        r = self.ok("ingest", path)
        self.assertIn("ingested 1, unchanged 0, failed 0, 1 records", r.err)
        doc = self.ok("show", "28228", "--format", "json").json()
        self.assertEqual(doc["edition"], "2025 update")
        self.assertIn("The project continued in 2025.", doc["description"])
        self.assertEqual(doc["source"]["path"], path)
        self.assertEqual(len(doc["versions"]), 1)
        old = doc["versions"][0]
        self.assertEqual(old["edition"], "2024 update")
        self.assertEqual(old["source_path"], PAGE)
        self.assertEqual(len(old["sha256"]), 64)
        self.assertRegex(old["ingested_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        text = self.ok("show", "28228").out
        self.assertIn("Earlier versions", text)
        self.assertEqual(len(self.ok("query", "--format", "json").json()), 1)
        # The full-text index follows the replacement: no stale hit, one row per policy.
        self.assertEqual([x["id"] for x in self.ok("query", "--text", "continued in 2025", "--format", "json").json()], ["28228"])
        con = sqlite3.connect(self.db)
        self.assertEqual(con.execute("SELECT count(*) FROM policy_fts_docsize").fetchone()[0], 1)
        con.execute("INSERT INTO policy_fts(policy_fts) VALUES ('integrity-check')")
        con.close()
        self.assertTrue(fts_matches_content(self.db))


def make_corpus(directory, n):
    os.makedirs(directory, exist_ok=True)
    base = read(PAGE)
    for i in range(n):
        with open(os.path.join(directory, f"p{i:05d}.txt"), "w", encoding="utf-8") as f:
            f.write(page_with_id(100000 + i, base))


class CrashAndConcurrency(VetqTestCase):
    N = 3000

    def test_kill_mid_run_leaves_the_last_committed_batch(self):
        corpus = os.path.join(self.tmp, "corpus")
        make_corpus(corpus, self.N)
        env = dict(os.environ, NO_COLOR="1")
        p = subprocess.Popen([VETQ, "--db", self.db, "ingest", "--batch", "100", corpus],
                             stderr=subprocess.DEVNULL, env=env)
        # Kill it as soon as a first batch is visible, i.e. in the middle of the run.
        committed = 0
        while p.poll() is None and committed == 0:
            time.sleep(0.02)
            if os.path.exists(self.db):
                try:
                    con = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=0.1)
                    committed = con.execute("SELECT count(*) FROM policy").fetchone()[0]
                    con.close()
                except sqlite3.Error:
                    pass
        p.send_signal(signal.SIGKILL)
        p.wait()
        self.assertEqual(p.returncode, -signal.SIGKILL, "the ingest finished before it was killed")
        con = sqlite3.connect(self.db)
        self.assertEqual(con.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        policies = con.execute("SELECT count(*) FROM policy").fetchone()[0]
        sources = con.execute("SELECT count(*) FROM source_file").fetchone()[0]
        fts = con.execute("SELECT count(*) FROM policy_fts_docsize").fetchone()[0]
        con.execute("INSERT INTO policy_fts(policy_fts) VALUES ('integrity-check')")
        facets = con.execute("SELECT count(DISTINCT owner) FROM facet").fetchone()[0]
        con.close()
        self.assertGreaterEqual(policies, 100)
        self.assertEqual(policies, sources)
        self.assertEqual(policies, fts)
        self.assertEqual(policies, facets)
        self.assertEqual(policies % 100, 0, f"{policies} is not a whole number of batches")
        self.assertLess(policies, self.N)
        r = self.ok("ingest", corpus)  # the re-run completes what is missing
        self.assertIn(f"ingested {self.N - policies}, unchanged {policies}", r.err)

    def test_queries_answer_while_an_ingest_runs(self):
        corpus = os.path.join(self.tmp, "corpus")
        make_corpus(corpus, self.N)
        self.ok("ingest", PAGE)
        p = subprocess.Popen([VETQ, "--db", self.db, "ingest", "--batch", "50", corpus],
                             stderr=subprocess.DEVNULL)
        counts = []
        while p.poll() is None:
            r = self.vetq("query", "--format", "json", "--fields", "id")
            self.assertEqual(r.code, 0, r)
            counts.append(len(r.json()))
        self.assertEqual(p.returncode, 0)
        self.assertEqual(counts, sorted(counts))
        self.assertGreaterEqual(len(counts), 2)
        self.assertEqual(len(self.ok("query", "--format", "json", "--fields", "id").json()), self.N + 1)


class DatabaseFaults(VetqTestCase):
    def test_lock_held_beyond_the_timeout(self):
        self.ok("ingest", PAGE)
        con = sqlite3.connect(self.db, isolation_level=None)
        con.execute("BEGIN EXCLUSIVE")
        try:
            r = self.vetq("--busy-timeout", "200", "ingest", CLEA)
        finally:
            con.execute("ROLLBACK")
            con.close()
        self.assertEqual(r.code, 1, r)
        self.assertIn("database is locked — another vetq is writing to it", r.err)
        self.assertEqual([x["id"] for x in self.ok("query", "--format", "json").json()], ["28228"])

    def test_corrupt_file(self):
        with open(self.db, "wb") as f:
            f.write(os.urandom(8192))
        with open(self.db, "rb") as f:
            before = f.read()
        r = self.vetq("ingest", PAGE)
        self.assertEqual(r.code, 1)
        self.assertIn("file is not a database — the file is damaged or not a SQLite database", r.err)
        with open(self.db, "rb") as f:
            self.assertEqual(f.read(), before)

    def test_read_only_database(self):
        self.ok("ingest", PAGE)
        os.chmod(self.db, 0o444)
        vetq = self.unprivileged()
        clea = self.write("clea.txt", read(CLEA))  # the checkout may be closed to that user
        p = subprocess.run(vetq + ["--db", self.db, "ingest", clea], capture_output=True, text=True)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn("read-only", p.stderr)
        q = subprocess.run(vetq + ["--db", self.db, "query", "--format", "json"],
                           capture_output=True, text=True)
        self.assertEqual(q.returncode, 0, q.stderr)
        self.assertEqual([x["id"] for x in json.loads(q.stdout)], ["28228"])


if __name__ == "__main__":
    unittest.main()
