"""vetq builds only the command that runs (apps/vetq/commands.cpp): the other commands get their
name and description, and every command is built when the command line cannot be read before
parsing or asks for completions. Nothing of that may show: the help texts are the ones of
docs/cli.md (generated with every command built), errors and global options work as before."""
import os
import re
import unittest

from support import SOURCE_DIR, VetqTestCase


def documented_help():
    """{"vetq": top-level help, "query": vetq query --help, ...} as docs/cli.md holds them."""
    with open(os.path.join(SOURCE_DIR, "docs", "cli.md"), encoding="utf-8") as f:
        doc = f.read()
    return {("vetq" if m.group(1) is None else m.group(1)): m.group(2)
            for m in re.finditer(r"^## vetq(?: (\w+))?\n\n```\n(.*?)^```$", doc, re.M | re.S)}


HELP = documented_help()
# In the order of `vetq --help` (docs/cli.md has its own).
COMMANDS = re.findall(r"^  (\w+)  ", HELP["vetq"].split("Subcommands:\n", 1)[-1], re.M)
STALE = "differs from docs/cli.md: run 'bash docs/gen-cli.sh > docs/cli.md' if the help changed"


class LazyCommands(VetqTestCase):
    def help_of(self, *args):
        r = self.vetq(*args, db=False)
        self.assertEqual((r.code, r.err), (0, ""), (args, r))
        return r.out

    def test_docs_hold_the_help_of_every_command(self):
        self.assertEqual(sorted(COMMANDS), sorted(c for c in HELP if c != "vetq"))
        self.assertEqual(len(COMMANDS), 15)

    def test_top_level_help_is_the_documented_one(self):
        for args in (["--help"], ["-h"], ["--db", "x.db", "--help"], ["-q", "--help", "-v"]):
            self.assertEqual(self.help_of(*args), HELP["vetq"], f"vetq {' '.join(args)} {STALE}")
        r = self.vetq(db=False)  # vetq alone: the help, and a usage error
        self.assertEqual((r.code, r.out), (2, HELP["vetq"]))

    def test_help_of_every_command_is_the_documented_one(self):
        for cmd in COMMANDS:
            for args in ([cmd, "--help"], [cmd, "-h"], ["--help", cmd],
                         ["--db", "x.db", cmd, "--help"], ["--db=x.db", cmd, "--help"],
                         ["-q", "-v", "--color", "never", "--busy-timeout", "10", cmd, "--help"],
                         ["--color=never", "--busy-timeout=10", cmd, "--help"]):
                self.assertEqual(self.help_of(*args), HELP[cmd], f"vetq {' '.join(args)} {STALE}")

    def test_a_word_before_the_command_still_lets_cli11_choose(self):
        # CLI11 reads on past a word it does not know, or an option the root lacks, and
        # selects the command that follows: its help must be the whole one.
        self.assertEqual(self.help_of("qury", "query", "--help"), HELP["query"])
        self.assertEqual(self.help_of("--nosuch", "show", "--help"), HELP["show"])
        self.assertEqual(self.vetq("--", "stats", "--help", db=False).code, 2)  # all positional
        # --db= takes the next argument as the path, whatever it is.
        self.assertEqual(self.help_of("--db=", "query", "timeline", "--help"), HELP["timeline"])

    def test_an_option_value_that_names_a_command_is_a_value(self):
        schema = self.vetq("schema", db=False)
        self.assertEqual(schema.code, 0)
        self.assertEqual(self.vetq("--db", "query", "schema", db=False).out, schema.out)
        self.assertEqual(self.vetq("--db=completions", "schema", db=False).out, schema.out)
        self.assertEqual(self.vetq("--color", "never", "schema", db=False).out, schema.out)

    def test_unknown_command_and_no_command(self):
        commands = ", ".join(COMMANDS)
        r = self.vetq("qury", db=False)
        self.assertEqual((r.code, r.out), (2, ""))
        self.assertEqual(r.err, "vetq: unknown command 'qury' (did you mean 'query'?) — the "
                                f"commands are {commands}\n")
        r = self.vetq("--db", "x.db", "-q", db=False)
        self.assertEqual((r.code, r.out), (2, ""))
        self.assertEqual(r.err, f"vetq: give a command: {commands} — see 'vetq --help'\n")
        r = self.vetq("--nosuch", db=False)
        self.assertEqual(r.code, 2)
        self.assertTrue(r.err.startswith("vetq: unknown option '--nosuch'"), r)

    def test_a_second_command_word_is_an_argument_of_the_first(self):
        r = self.vetq("query", "show", db=False)
        self.assertEqual(r.code, 2)
        self.assertEqual(r.err, "vetq query: unexpected argument 'show' — see 'vetq query --help'\n")

    def test_global_options_after_the_command(self):
        self.ingest_samples()
        before = self.vetq("query", "--country", "France", "--format", "json")
        self.assertEqual(before.code, 0, before)
        self.assertEqual(len(before.json()), 3)
        after = self.vetq("query", "--country", "France", "--db", self.db, "-q", "--format",
                          "json", db=False)
        self.assertEqual((after.code, after.out), (0, before.out))
        after = self.vetq("show", "28238", "--db=" + self.db, "--format", "json", db=False)
        self.assertEqual(after.code, 0, after)
        self.assertEqual(after.json()["id"], "28238")
        for args in (["--color", "purple", "query"], ["query", "--color", "purple"]):
            r = self.vetq(*args)
            self.assertEqual(r.code, 2, (args, r))
            self.assertIn("purple", r.err)

    def test_completions_know_the_options_of_every_command(self):
        scripts = {}
        for shell in ("bash", "zsh", "fish"):
            r = self.vetq("completions", shell, db=False)
            self.assertEqual(r.code, 0, r)
            scripts[shell] = r.out
            self.assertEqual(self.vetq("--db", "x.db", "completions", shell, db=False).out, r.out)
        cases = dict(re.findall(r'^    (\w+)\) opts="([^"]*)"', scripts["bash"], re.M))
        self.assertEqual(list(cases), COMMANDS)
        for cmd in COMMANDS:
            fish = re.findall(rf"^complete -c vetq -n '__fish_seen_subcommand_from {cmd}'.* -l "
                              r"([\w-]+)", scripts["fish"], re.M)
            for opt in re.findall(r"^  (?:-\w,)?(--[\w-]+)", HELP[cmd], re.M):
                self.assertIn(opt, cases[cmd].split(), f"bash completion of {cmd} lacks {opt}")
                self.assertIn(opt[2:], fish, f"fish completion of {cmd} lacks {opt}")
                self.assertTrue(re.search(rf"'\*?{opt}\[", scripts["zsh"]), f"zsh lacks {opt}")
        self.assertIn("--dry-run", cases["ingest"].split())
        self.assertIn("--country", cases["query"].split())


if __name__ == "__main__":
    unittest.main()
