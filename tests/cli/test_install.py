"""Installed like a real tool: `cmake --install` into a DESTDIR (what `make install` runs) and the
.deb of `make package` (CPack), unpacked with dpkg-deb, both give a vetq that runs from there
with its PDF module, its man page and its shell completions."""
import glob
import os
import shutil
import subprocess
import tempfile
import unittest

from support import VETQ, sample

BUILD = os.environ.get("VETQ_BUILD_DIR") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(VETQ))))
PDF = sample("report-digint-auvergne-rhone-alpes.pdf")
DOCX = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures",
                    "reports", "report-digint-auvergne-rhone-alpes.docx")


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)
    if p.returncode != 0:
        raise AssertionError(f"{cmd}: exit {p.returncode}\n{p.stdout}\n{p.stderr}")
    return p


@unittest.skipIf(os.environ.get("VETQ_SANITIZED") in ("1", "ON", "TRUE"),
                 "the sanitizer build is not installed")
class Install(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="vetq-install-")
        cls.stage = os.path.join(cls.tmp, "stage")
        run(["cmake", "--install", BUILD, "--prefix", "/usr"],
            env=dict(os.environ, DESTDIR=cls.stage))
        run(["cpack", "-G", "DEB", "-B", os.path.join(cls.tmp, "pkg")], cwd=BUILD)
        [cls.deb] = glob.glob(os.path.join(cls.tmp, "pkg", "vetq_*.deb"))
        cls.unpacked = os.path.join(cls.tmp, "deb")
        run(["dpkg-deb", "-x", cls.deb, cls.unpacked])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def roots(self):
        return {"make install": self.stage, ".deb": self.unpacked}

    def test_layout(self):
        for how, root in self.roots().items():
            for path in ("usr/bin/vetq", "usr/lib/vetq/libvetq_pdf.so",
                         "usr/lib/vetq/libvetq_draw.so", "usr/lib/vetq/libvetq_zip.so",
                         "usr/lib/vetq/libvetq_xlsx.so", "usr/share/man/man1/vetq.1",
                         "usr/share/bash-completion/completions/vetq",
                         "usr/share/zsh/vendor-completions/_vetq",
                         "usr/share/fish/vendor_completions.d/vetq.fish",
                         "usr/share/doc/vetq/database.md"):
                self.assertTrue(os.path.isfile(os.path.join(root, path)), f"{how}: {path}")

    def test_the_installed_vetq_runs_with_its_own_pdf_module(self):
        for how, root in self.roots().items():
            vetq = os.path.join(root, "usr", "bin", "vetq")
            self.assertEqual(run([vetq, "--version"]).stdout.strip(), "vetq 0.1.0", how)
            db = os.path.join(self.tmp, how.replace(" ", "-").strip(".") + ".db")
            # LD_DEBUG names every library loaded: the module must be the installed one.
            p = run([vetq, "--db", db, "ingest", PDF], env=dict(os.environ, LD_DEBUG="files"))
            loaded = [line.split("file=")[1].split()[0] for line in p.stderr.splitlines()
                      if "libvetq_pdf.so" in line and "generating link map" in line]
            self.assertEqual(loaded, [os.path.join(root, "usr", "bin", "..", "lib", "vetq",
                                                   "libvetq_pdf.so")], how)
            out = run([vetq, "--db", db, "query", "--kind", "report", "--format", "json"]).stdout
            self.assertIn('"region":"Auvergne-Rhône-Alpes"', out.replace(": ", ":"), how)
            # A chart: the installed drawing module.
            p = run([vetq, "--db", db, "stats", "--by", "category", "--kind", "report",
                     "--format", "svg"], env=dict(os.environ, LD_DEBUG="files"))
            self.assertTrue(p.stdout.lstrip().startswith("<?xml"), how)
            loaded = [line.split("file=")[1].split()[0] for line in p.stderr.splitlines()
                      if "libvetq_draw.so" in line and "generating link map" in line]
            self.assertEqual(loaded, [os.path.join(root, "usr", "bin", "..", "lib", "vetq",
                                                   "libvetq_draw.so")], how)

    def loaded(self, cmd, root):
        """The libraries cmd loads (LD_DEBUG=files), by file name."""
        p = run(cmd, env=dict(os.environ, LD_DEBUG="files"))
        return p, {line.split("file=")[1].split()[0] for line in p.stderr.splitlines()
                   if "generating link map" in line and "file=" in line}

    def test_modules_load_only_when_a_command_needs_them(self):
        for how, root in self.roots().items():
            vetq = os.path.join(root, "usr", "bin", "vetq")
            modules = os.path.join(root, "usr", "bin", "..", "lib", "vetq")
            db = os.path.join(self.tmp, how.replace(" ", "-").strip(".") + "-modules.db")
            # Start-up: no module, and none of what libzip or libxlsxwriter load.
            _, files = self.loaded([vetq, "--version"], root)
            for name in ("libvetq_", "libzip", "libxlsxwriter", "libcrypto", "libminizip",
                         "libbz2", "libsqlite3", "libre2"):
                self.assertFalse([f for f in files if name in f], f"{how}: {name}: {files}")
            # A .docx report: the installed zip module, and no workbook module.
            _, files = self.loaded([vetq, "--db", db, "ingest", DOCX], root)
            self.assertIn(os.path.join(modules, "libvetq_zip.so"), files, how)
            self.assertFalse([f for f in files if "libxlsxwriter" in f], how)
            out = run([vetq, "--db", db, "query", "--kind", "report", "--format", "json"]).stdout
            self.assertIn('"region":"Auvergne-Rhône-Alpes"', out.replace(": ", ":"), how)
            # A workbook: the installed xlsx module.
            book = os.path.join(self.tmp, how.replace(" ", "-").strip(".") + ".xlsx")
            _, files = self.loaded([vetq, "--db", db, "export", "--format", "xlsx", "-o", book],
                                   root)
            self.assertIn(os.path.join(modules, "libvetq_xlsx.so"), files, how)
            with open(book, "rb") as f:
                self.assertEqual(f.read(4), b"PK\x03\x04", how)

    def test_deb_declares_its_runtime_dependencies(self):
        fields = run(["dpkg-deb", "-f", self.deb, "Package", "Depends"]).stdout
        self.assertIn("Package: vetq", fields)
        for lib in ("libpoppler-cpp", "libxlsxwriter", "libzip", "libcairo2", "libc6"):
            self.assertIn(lib, fields)
        # Linked in from Debian's static archives (VETQ_STATIC_DEPS), so not dependencies.
        for lib in ("libsqlite3-0", "libre2", "libgumbo"):
            self.assertNotIn(lib, fields)

    def test_man_page_renders(self):
        for how, root in self.roots().items():
            page = os.path.join(root, "usr", "share", "man", "man1", "vetq.1")
            p = run(["man", "-l", page], env=dict(os.environ, MANPAGER="cat", MANWIDTH="100"))
            text = p.stdout
            self.assertIn("VETQ(1)", text, how)
            for words in ("vetq ingest", "vetq export", "--exclude", "Exit codes", "VETQ_DB"):
                self.assertIn(words, text, (how, words))

    def complete(self, script, *words):
        """What bash completes for the words typed (the last one is being completed)."""
        line = " ".join(f"'{w}'" for w in words)
        p = run(["bash", "-c", f"source '{script}'; COMP_WORDS=({line}); "
                 f"COMP_CWORD={len(words) - 1}; _vetq; printf '%s\\n' \"${{COMPREPLY[@]}}\"; "
                 "complete -p vetq"])
        *replies, registration = p.stdout.splitlines()
        self.assertEqual(registration, "complete -o filenames -F _vetq vetq")
        return replies

    def test_bash_completion(self):
        for how, root in self.roots().items():
            script = os.path.join(root, "usr", "share", "bash-completion", "completions", "vetq")
            self.assertEqual(self.complete(script, "vetq", "qu"), ["query"], how)
            self.assertEqual(self.complete(script, "vetq", "query", "--coun"), ["--country"])
            self.assertEqual(self.complete(script, "vetq", "--db", "x.db", "export", "--js"),
                             ["--json-cells"])
            self.assertIn("--exclude", self.complete(script, "vetq", "ingest", "--ex"))

    @unittest.skipIf(shutil.which("fish") is None, "fish is not installed (make deps)")
    def test_fish_completion(self):
        script = os.path.join(self.unpacked, "usr", "share", "fish", "vendor_completions.d",
                              "vetq.fish")

        def complete(line):
            p = run(["fish", "--no-config", "-c", f"source '{script}'; complete -C '{line}'"])
            return [c.split("\t")[0] for c in p.stdout.splitlines()]
        self.assertEqual(complete("vetq qu"), ["query"])
        self.assertEqual(complete("vetq query --coun"), ["--country"])
        self.assertIn("--exclude", complete("vetq ingest --ex"))

    @unittest.skipIf(shutil.which("zsh") is None, "zsh is not installed (make deps)")
    def test_zsh_completion_parses(self):
        script = os.path.join(self.unpacked, "usr", "share", "zsh", "vendor-completions", "_vetq")
        run(["zsh", "-n", script])
        with open(script, encoding="utf-8") as f:
            text = f.read()
        self.assertTrue(text.startswith("#compdef vetq\n"))
        for words in ("'query:List the records that match filters'", "'*--country[",
                      "'--json-cells[", "'*:path:_files'"):
            self.assertIn(words, text)

    def test_other_prefix(self):
        stage = os.path.join(self.tmp, "opt")
        run(["cmake", "--install", BUILD, "--prefix", "/opt/vetq"], env=dict(os.environ, DESTDIR=stage))
        root = os.path.join(stage, "opt", "vetq")
        self.assertTrue(os.path.isfile(os.path.join(root, "share", "zsh", "site-functions", "_vetq")))
        p = run([os.path.join(root, "bin", "vetq"), "--db", os.path.join(self.tmp, "opt.db"),
                 "ingest", PDF], env=dict(os.environ, LD_DEBUG="files"))
        self.assertIn("file=" + os.path.join(root, "bin", "..", "lib", "vetq", "libvetq_pdf.so")
                      + " [0];  generating link map", p.stderr)


if __name__ == "__main__":
    unittest.main()
