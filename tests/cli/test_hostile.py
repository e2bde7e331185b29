"""Hostile input stays in its file: a batch of good pages and one hostile file lands the good
pages, names the bad one and exits 1; nothing crashes, hangs or runs away with the memory.
Read commands only read. Diagnostics are safe to print and say what is wrong.

Every vetq here runs under a 1 GiB address-space limit (RLIMIT_AS) and a timeout; the hostile
inputs are made in the test's directory (sparse files where size is the point). An ASan build
reserves terabytes of shadow address space, so there (VETQ_SANITIZED=1) the limit is left off and
the one case whose point is running out of it is skipped; the sanitizer watches memory instead."""
import json
import os
import re
import resource
import sqlite3
import subprocess
import threading
import zipfile

from support import VETQ, VetqTestCase, sample

GOOD = sample("policy-28228-france-digital-transition.txt")  # policy 28228
CLEA = sample("policy-28238-france-clea-certificates.txt")  # policy 28238
HTML = sample("html", "policy-28238-france-clea-certificates.html")
SANITIZED = os.environ.get("VETQ_SANITIZED") == "1"
GIB = 1 << 30
MIB = 1 << 20
DIAGNOSTIC = re.compile(r"^.+:\d+: (error|warning|note): .+ — .+$")


def limits(address_space=GIB, stack=None):
    """preexec_fn: the resource limits of one vetq run."""
    def apply():
        if not SANITIZED:
            resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
        if stack:
            resource.setrlimit(resource.RLIMIT_STACK, (stack, stack))
    return apply


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def many_page_pdf(pages):
    """A valid PDF of `pages` pages sharing one content stream (about 160 bytes a page)."""
    content = b"BT /F1 12 Tf 72 720 Td (Page) Tj ET"
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
             b"/Resources << /Font << /F1 4 0 R >> >> >>"] * pages
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


class Run:
    def __init__(self, proc):
        self.code = proc.returncode
        self.out = (proc.stdout or b"").decode("utf-8", "replace")
        self.err = (proc.stderr or b"").decode("utf-8", "replace")

    def __repr__(self):
        return f"exit {self.code}\n--- stdout\n{self.out[:2000]}\n--- stderr\n{self.err[:2000]}"


class HostileCase(VetqTestCase):
    def run_vetq(self, *args, db=True, timeout=60, prefix=(), stdin=subprocess.DEVNULL,
                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec=None):
        env = dict(os.environ, NO_COLOR="1")
        env.pop("VETQ_DB", None)
        cmd = list(prefix or [VETQ]) + (["--db", self.db] if db else []) + [str(a) for a in args]
        proc = subprocess.run(cmd, stdin=stdin, stdout=stdout, stderr=stderr, env=env,
                              timeout=timeout, preexec_fn=preexec or limits())
        return Run(proc)

    def ids(self, db=None):
        r = self.run_vetq("--db", db or self.db, "query", "--format", "json", "--fields", "id",
                          db=False)
        self.assertEqual(r.code, 0, r)
        return [row["id"] for row in json.loads(r.out)]

    def assert_only_it_failed(self, r, bad, message, landed=("28228",)):
        """The run exited 1 (not a signal), named the bad file with the message, and the good
        files landed."""
        self.assertEqual(r.code, 1, r)
        self.assertIn(f"{bad}:", r.err)
        self.assertIn(message, r.err)
        self.assertIn("failed 1,", r.err)
        self.assertEqual(self.ids(), list(landed))

    def page(self, name, inside_main):
        """The saved HTML page of 28238 with `inside_main` at the end of its <main>; the line
        it starts on."""
        html = read(HTML)
        at = html.index("</main>")
        self.write(name, html[:at] + inside_main + html[at:])
        return os.path.join(self.tmp, name), html[:at].count("\n") + 1


class OneFileFailsAlone(HostileCase):
    def test_html_50000_elements_deep(self):
        bad, line = self.page("deep.html", "<div>" * 50000 + "x" + "</div>" * 50000)
        r = self.run_vetq("ingest", GOOD, bad)
        self.assert_only_it_failed(r, bad, f"deep.html:{line}: error: elements nest more than "
                                   "512 deep (--max-html-depth) — raise --max-html-depth")

    def test_html_deep_outside_main(self):
        # Only a page without <main> is weighed block by block; the depth limit still covers
        # the whole page.
        html = read(HTML)
        at = html.index("</main>") + len("</main>")
        self.write("after.html", html[:at] + "<div>" * 50000 + "x" + "</div>" * 50000 + html[at:])
        bad, line = os.path.join(self.tmp, "after.html"), html[:at].count("\n") + 1
        r = self.run_vetq("ingest", GOOD, bad)
        self.assert_only_it_failed(r, bad, f"after.html:{line}: error: elements nest more than "
                                   "512 deep (--max-html-depth)")

    def test_a_raised_depth_renders_without_recursion(self):
        # 20,000 levels on a 1 MiB thread stack: a recursive renderer overflows it.
        bad, _ = self.page("deep.html", "<div>" * 20000 + "x" + "</div>" * 20000)
        r = self.run_vetq("ingest", "--max-html-depth", "30000", GOOD, bad,
                          preexec=limits(stack=MIB))
        self.assertEqual(r.code, 0, r)
        self.assertEqual(self.ids(), ["28228", "28238"])

    def test_nesting_hidden_behind_script_text(self):
        # In a script, "<!--<script>" hides "</script>" until "-->": the scan must not take the
        # "</div>" before it for a tag (it would miss 100,000 levels gumbo builds).
        bad, line = self.page("scripts.html",
                              "<div><script><!--<script></script></div>--></script>" * 100_000)
        r = self.run_vetq("ingest", GOOD, bad)
        self.assert_only_it_failed(r, bad, f"scripts.html:{line}: error: elements nest more "
                                   "than 512 deep (--max-html-depth)")

    def test_ten_thousand_nested_tables(self):
        bad, line = self.page("tables.html", "<table><tr><td>" * 10000 + "x")
        self.assertLess(os.path.getsize(bad), 200_000)
        r = self.run_vetq("ingest", GOOD, bad)
        self.assert_only_it_failed(r, bad, f"tables.html:{line}: error: elements nest more "
                                   "than 512 deep (--max-html-depth)")

    def test_one_element_with_100k_and_1m_attributes(self):
        for count in (100_000, 1_000_000):
            with self.subTest(count=count):
                bad, line = self.page(f"attrs{count}.html",
                                      "<div " + " ".join(f"a{i}" for i in range(count)) + ">x")
                r = self.run_vetq("--db", os.path.join(self.tmp, f"{count}.db"), "ingest",
                                  GOOD, bad, db=False)
                self.assertEqual(r.code, 1, r)
                self.assertIn(f"attrs{count}.html:{line}: error: an element with more than 1000 "
                              "attributes (--max-html-attributes) — raise --max-html-attributes",
                              r.err)

    def test_too_many_elements(self):
        bad, line = self.page("flat.html", "<i></i>" * 300_000)
        r = self.run_vetq("ingest", GOOD, bad)
        self.assert_only_it_failed(r, bad, f"flat.html:{line}: error: the page holds more than "
                                   "250000 elements, attributes and comments (--max-html-nodes)")

    def test_pages_larger_than_max_file_size(self):
        for size in (46 * MIB, 200 * MIB):
            with self.subTest(size=size):
                bad = os.path.join(self.tmp, f"big{size}.html")
                with open(HTML, "rb") as src, open(bad, "wb") as f:
                    f.write(src.read())
                    f.truncate(size)  # sparse: no disk
                r = self.run_vetq("--db", os.path.join(self.tmp, f"{size}.db"), "ingest",
                                  GOOD, bad, db=False)
                self.assertEqual(r.code, 1, r)
                self.assertIn(f"big{size}.html:0: error: file is larger than --max-file-size "
                              "(16 MiB) — raise --max-file-size if it is a real page", r.err)

    def test_dev_zero_fifo_and_stdin_stop_at_the_cap(self):
        fifo = os.path.join(self.tmp, "endless")
        os.mkfifo(fifo)

        def feed():
            try:
                with open(fifo, "wb") as f:
                    while True:
                        f.write(b"x" * 65536)
            except (BrokenPipeError, OSError):
                pass

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        r = self.run_vetq("ingest", "--max-file-size", "1M", GOOD, "/dev/zero", fifo)
        writer.join(10)
        self.assertEqual(r.code, 1, r)
        for name in ("/dev/zero", fifo):
            self.assertIn(f"{name}:0: error: file is larger than --max-file-size (1 MiB)", r.err)
        self.assertEqual(self.ids(), ["28228"])
        with open("/dev/zero", "rb") as zero:
            r = self.run_vetq("ingest", "--format", "policy-text", "-", stdin=zero)
        self.assertEqual(r.code, 1, r)
        self.assertIn("-:0: error: file is larger than --max-file-size (16 MiB)", r.err)
        r = self.run_vetq("ingest", "/dev/zero")  # the default cap, the brief's case
        self.assertIn("/dev/zero:0: error: file is larger than --max-file-size (16 MiB)", r.err)

    def test_out_of_memory_is_that_files_error(self):
        if SANITIZED:
            self.skipTest("ASan cannot run under an address-space limit")
        bad = os.path.join(self.tmp, "huge.txt")
        with open(bad, "wb") as f:
            f.truncate(3 * GIB // 2)  # sparse; more than the 1 GiB vetq may map
        r = self.run_vetq("ingest", "--max-file-size", "2G", GOOD, bad)
        self.assert_only_it_failed(r, bad, "huge.txt:0: error: out of memory reading this file")

    def test_pdfs_of_5000_and_50000_pages(self):
        if "report-pdf" not in self.run_vetq("formats", db=False).out:
            self.skipTest("built without PDF support")
        for pages in (5000, 50000):
            with self.subTest(pages=pages):
                bad = self.write(f"p{pages}.pdf", many_page_pdf(pages), mode="wb")
                r = self.run_vetq("--db", os.path.join(self.tmp, f"{pages}.db"), "ingest",
                                  GOOD, bad, db=False)
                self.assertEqual(r.code, 1, r)
                self.assertIn(f"p{pages}.pdf:0: error: the PDF has {pages} pages, more than "
                              "--max-pdf-pages (500) — raise --max-pdf-pages", r.err)
        # The real 10-page report: read under the cap, refused beyond a lowered one.
        report = sample("report-digint-auvergne-rhone-alpes.pdf")
        r = self.run_vetq("ingest", "--max-pdf-pages", "10", report)
        self.assertEqual(r.code, 0, r)
        r = self.run_vetq("validate", "--max-pdf-pages", "9", report)
        self.assertEqual(r.code, 1, r)
        self.assertIn("the PDF has 10 pages, more than --max-pdf-pages (9)", r.err)

    def test_unwritable_stderr_does_not_stop_the_run(self):
        with open("/dev/full", "wb") as full:
            r = self.run_vetq("ingest", GOOD, self.write("empty.txt", ""), stderr=full)
        self.assertEqual(r.code, 1)  # not 134 (abort)
        self.assertEqual(self.ids(), ["28228"])
        # A command's own error and a usage error cannot be written either: the exit status says.
        for args, code in ((("--db", self.tmp, "query"), 1), (("query", "--bogus"), 2)):
            with open("/dev/full", "wb") as full:
                self.assertEqual(self.run_vetq(*args, db=False, stderr=full).code, code, args)

    def test_stdin_given_twice_is_a_usage_error(self):
        with open(CLEA, "rb") as page:
            r = self.run_vetq("ingest", "--format", "policy-text", "-", "-", stdin=page)
        self.assertEqual(r.code, 2, r)
        self.assertIn("'-' (stdin) given twice", r.err)


class PagesThatFail(HostileCase):
    def test_a_cut_page_in_a_directory_is_an_error(self):
        text = read(CLEA)
        os.makedirs(os.path.join(self.tmp, "pages"))
        cut = self.write(os.path.join("pages", "cut.txt"), text[:len(text) // 10])
        self.write(os.path.join("pages", "good.txt"), read(GOOD))
        r = self.run_vetq("ingest", os.path.join(self.tmp, "pages"))
        self.assertEqual(r.code, 1, r)
        self.assertRegex(r.err, re.escape(cut) + r":\d+: error: ")
        self.assertNotIn("of no known format", r.err)
        self.assertIn("failed 1,", r.err)
        self.assertEqual(self.ids(), ["28228"])


class QueriesAreBounded(HostileCase):
    def setUp(self):
        super().setUp()
        self.assertEqual(self.run_vetq("ingest", GOOD, CLEA).code, 0)

    def test_a_raw_fts_syntax_error_is_a_usage_error_with_sqlites_message(self):
        r = self.run_vetq("query", "--raw", "--text", "*")
        self.assertEqual(r.code, 2, r)
        self.assertIn("--text '*': not a valid FTS5 query (unknown special query", r.err)
        self.assertNotIn("message above", r.err)
        self.assertEqual(r.out, "")

    def test_the_number_of_search_terms_is_bounded(self):
        words = " ".join(f"w{i}" for i in range(500))
        r = self.run_vetq("query", "--text", words, timeout=20)
        self.assertEqual(r.code, 2, r)
        self.assertIn("--text: 500 words in 2389 bytes; at most 64 words and 4096 bytes", r.err)
        r = self.run_vetq("query", "--text", " ".join(f"w{i}" for i in range(64)), timeout=20)
        self.assertEqual(r.code, 0, r)

    def test_a_page_of_megabytes_is_quoted_from_its_start(self):
        text = read(CLEA)
        at = text.index("\nDescription\n")
        para = "The regional councils and the social partners extend the certificate. " * 40000
        big = self.write("big.txt", text[:at] + "\n" + para + text[at:])
        self.assertEqual(self.run_vetq("ingest", big, timeout=120).code, 0)
        r = self.run_vetq("query", "--text", "region", "--format", "json", timeout=30)
        self.assertEqual(r.code, 0, r)
        rows = {row["id"]: row for row in json.loads(r.out)}
        self.assertEqual(sorted(rows), ["28228", "28238"])
        start = "Raising the qualification level of the workforce"
        self.assertTrue(rows["28238"]["snippet"].startswith(start), rows["28238"])
        self.assertRegex(rows["28228"]["snippet"], r"\[Regions\]")  # a page of normal size
        r = self.run_vetq("query", "--text", "digital", "--format", "json", timeout=30)
        self.assertIn("[digital]", json.loads(r.out)[0]["snippet"])


class ReadCommandsOnlyRead(HostileCase):
    READS = (("query",), ("show", "28228"), ("export",), ("stats", "--by", "country"),
             ("facets", "country"), ("timeline",))

    def assert_untouched(self, db, message, commands=READS):
        with open(db, "rb") as f:
            before = f.read()
        for args in commands:
            r = self.run_vetq("--db", db, *args, db=False)
            self.assertEqual(r.code, 1, (args, r))
            self.assertIn(message, r.err)
        with open(db, "rb") as f:
            self.assertEqual(f.read(), before, f"{db} changed")
        for side in ("-wal", "-shm", "-journal"):
            self.assertFalse(os.path.exists(db + side), db + side)

    def test_foreign_newer_and_empty_files_stay_as_they_were(self):
        foreign, newer, empty = (os.path.join(self.tmp, n) for n in ("f.db", "n.db", "e.db"))
        con = sqlite3.connect(foreign)
        con.execute("CREATE TABLE t(x)")
        con.close()
        con = sqlite3.connect(newer)
        con.execute("CREATE TABLE t(x)")
        con.execute("PRAGMA user_version = 999")
        con.execute(f"PRAGMA application_id = {0x56455451}")
        con.close()
        open(empty, "wb").close()
        ingest = (("ingest", GOOD),)
        self.assert_untouched(foreign, "a SQLite database that vetq did not create",
                              self.READS + ingest)
        self.assert_untouched(newer, "written by a newer vetq (schema version 999",
                              self.READS + ingest)
        self.assert_untouched(empty, "e.db: not yet initialised (an empty database)")

    def test_several_first_ingests_at_once(self):
        env = dict(os.environ)
        env.pop("VETQ_DB", None)
        procs = [subprocess.Popen([VETQ, "--db", self.db, "ingest", path], env=env,
                                  stderr=subprocess.PIPE, preexec_fn=limits())
                 for path in (GOOD, CLEA) * 4]
        for p in procs:
            err = p.communicate(timeout=60)[1].decode()
            self.assertEqual(p.returncode, 0, err)
            self.assertNotIn("already exists", err)
        self.assertEqual(self.ids(), ["28228", "28238"])

    def test_queries_racing_the_first_ingest(self):
        # Queries started one after the other while an ingest creates the database: each
        # finds no database, an empty one, or the finished one; none creates tables.
        env = dict(os.environ)
        env.pop("VETQ_DB", None)
        for attempt in range(5):
            db = os.path.join(self.tmp, f"race{attempt}.db")
            ingest = subprocess.Popen([VETQ, "--db", db, "ingest", GOOD], env=env,
                                      stderr=subprocess.PIPE, preexec_fn=limits())
            queries = []
            while ingest.poll() is None:
                queries.append(subprocess.Popen([VETQ, "--db", db, "query"], env=env,
                                                stdout=subprocess.DEVNULL,
                                                stderr=subprocess.PIPE, preexec_fn=limits()))
            self.assertEqual(ingest.wait(60), 0, ingest.stderr.read())
            ingest.stderr.close()
            for q in queries:
                err = q.communicate(timeout=60)[1].decode()
                if q.returncode != 0:
                    self.assertRegex(err, "no database here|not yet initialised")
            self.assertEqual(self.ids(db), ["28228"])

    def test_a_reader_without_write_access_to_the_directory(self):
        vetq = self.unprivileged()
        home = os.path.join(self.tmp, "closed")
        os.makedirs(home)
        db = os.path.join(home, "v.db")
        self.run_vetq("--db", db, "ingest", GOOD, db=False)
        os.chmod(home, 0o755)  # root's: no -wal/-shm can be made there by anyone else
        before = sorted(os.listdir(home))
        r = self.run_vetq("--db", db, "query", "--format", "json", db=False, prefix=vetq)
        self.assertEqual(r.code, 0, r)
        self.assertEqual([x["id"] for x in json.loads(r.out)], ["28228"])
        self.assertEqual(sorted(os.listdir(home)), before)

    def test_another_users_query_leaves_nothing_in_the_owners_way(self):
        vetq = self.unprivileged()
        if os.geteuid() != 0:
            self.skipTest("needs root to run as two users")
        owner = ["runuser", "-u", "daemon", "--"] + vetq[-1:]
        shared = os.path.join(self.tmp, "shared")
        os.makedirs(shared)
        os.chmod(shared, 0o777)  # everyone may create files here
        db = os.path.join(shared, "v.db")
        good = self.write("good.txt", read(GOOD))
        clea = self.write("clea.txt", read(CLEA))
        os.chmod(good, 0o644)
        os.chmod(clea, 0o644)
        for args, who in ((("ingest", good), owner), (("query",), vetq), (("ingest", clea), owner)):
            r = self.run_vetq("--db", db, *args, db=False, prefix=who)
            self.assertEqual(r.code, 0, (who, args, r))
        nobody = int(subprocess.run(["id", "-u", "nobody"], capture_output=True).stdout)
        self.assertEqual([n for n in os.listdir(shared)
                          if os.stat(os.path.join(shared, n)).st_uid == nobody], [])
        self.assertEqual(self.ids(db), ["28228", "28238"])

    def test_an_empty_db_option_is_a_usage_error(self):
        r = self.run_vetq("--db", "", "query", db=False)
        self.assertEqual(r.code, 2, r)
        self.assertIn("--db: an empty database path", r.err)


class Diagnostics(HostileCase):
    def test_control_characters_in_file_names_are_escaped(self):
        name = "bad\nforged.txt:1: error: \x1b[2Jfake"
        r = self.run_vetq("ingest", GOOD, self.write(name, ""))
        self.assertEqual(r.code, 1, r)
        self.assertIn("bad\\nforged.txt:1: error: \\x1b[2Jfake:0: error: empty file", r.err)
        self.assertNotIn("\x1b", r.err)
        lines = r.err.splitlines()
        self.assertEqual(len(lines), 2, lines)  # the diagnostic and the summary, no forged line

    def test_escape_sequences_in_page_text_stay_off_the_terminal(self):
        title = "CléA \x1b]0;pwned\x07\x1b[31mcertificates\u009b for developing"
        page = self.write("esc.txt", read(CLEA).replace("CléA certificates for developing", title))
        self.run_vetq("ingest", page)
        table = self.run_vetq("query", "--fields", "id,title")
        text = self.run_vetq("show", "28238")
        for out in (table.out, text.out):
            self.assertIn("CléA \\x1b]0;pwned\\x07\\x1b[31mcertificates\\u009b for", out)
            for c in ("\x1b", "\x07", "\u009b"):
                self.assertNotIn(c, out)
        doc = json.loads(self.run_vetq("show", "28238", "--format", "json").out)
        self.assertIn(title, doc["title"])  # the data keeps what the page said

    def test_every_diagnostic_has_path_and_line(self):
        empty = self.write("empty.txt", "")
        r = self.run_vetq("ingest", GOOD, empty, os.path.join(self.tmp, "missing.txt"),
                          self.write("notes.txt", "shopping list\n"))
        self.assertEqual(r.code, 1, r)
        self.assertIn(f"{empty}:0: error: empty file", r.err)
        *diagnostics, summary = r.err.splitlines()
        self.assertEqual(len(diagnostics), 3, r)
        for line in diagnostics:
            self.assertRegex(line, DIAGNOSTIC)
        self.assertTrue(summary.startswith("ingested 1, unchanged 0, failed 3"), summary)

    def test_utf16_is_named(self):
        text = read(CLEA)
        for name, data in (("bom.txt", text.encode("utf-16")), ("le.txt", text.encode("utf-16-le")),
                           ("be.txt", text.encode("utf-16-be"))):
            with self.subTest(name=name):
                r = self.run_vetq("validate", self.write(name, data, mode="wb"))
                self.assertEqual(r.code, 1, r)
                self.assertIn(f"{name}:0: error: UTF-16 text — save it as UTF-8", r.err)
                self.assertNotIn("binary content", r.err)

    def test_a_zip_is_named(self):
        archive = os.path.join(self.tmp, "tables.zip")
        with zipfile.ZipFile(archive, "w") as z:
            z.writestr("data.csv", "a,b\n1,2\n")
        r = self.run_vetq("ingest", GOOD, archive)
        self.assert_only_it_failed(r, archive, "tables.zip:0: error: a ZIP archive (a .docx?)")
        if "report-pdf" in self.run_vetq("formats", db=False).out:
            r = self.run_vetq("validate", "--format", "report-pdf", archive)
            self.assertIn("a ZIP archive (a .docx?), not a PDF", r.err)
            self.assertNotIn("no '%PDF-' header", r.err)

    def test_a_full_stdout(self):
        self.run_vetq("ingest", GOOD)
        for args in (("query",), ("query", "--format", "json"), ("export",), ("show", "28228")):
            with self.subTest(args=args), open("/dev/full", "wb") as full:
                r = self.run_vetq(*args, stdout=full)
                self.assertEqual(r.code, 1, r)
                self.assertIn("cannot write the output: No space left on device", r.err)
                self.assertNotIn("internal error", r.err)

    def test_an_unreadable_subdirectory_is_an_error(self):
        vetq = self.unprivileged()
        tree = os.path.join(self.tmp, "tree")
        locked = os.path.join(tree, "locked")
        os.makedirs(locked)
        self.write("tree/good.txt", read(GOOD))
        self.write("tree/locked/clea.txt", read(CLEA))
        for path in (tree, os.path.join(tree, "good.txt")):
            os.chmod(path, 0o755 if os.path.isdir(path) else 0o644)
        os.chmod(locked, 0)
        db = os.path.join(self.tmp, "mine.db")
        r = self.run_vetq("--db", db, "ingest", tree, db=False, prefix=vetq)
        self.assertEqual(r.code, 1, r)
        self.assertIn(f"{locked}:0: error: cannot read directory: Permission denied", r.err)
        self.assertEqual(self.ids(db), ["28228"])


if __name__ == "__main__":
    import unittest
    unittest.main()
