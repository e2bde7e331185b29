"""End-to-end: the built vetq on samples/, from ingest to every output format and exit code."""
import csv
import io
import os
import sqlite3
import unittest

from support import SOURCE_DIR, VetqTestCase, sample

POLICIES = [
    "policy-28228-france-digital-transition.txt",
    "policy-28832-france-quality-assurance-culture.txt",
    "policy-28238-france-clea-certificates.txt",
    "policy-28020-belgium-fr-work-based-learning.txt",
]


class Samples(VetqTestCase):
    """samples/ holds only real sources: ingested whole (as `make demo` does), it gives the real
    records and no value from a hand-made fixture."""

    def test_the_samples_give_exactly_the_real_records(self):
        self.ingest_samples()
        policies = self.ok("query", "--format", "json").json()
        self.assertEqual([p["id"] for p in policies], ["28020", "28228", "28238", "28832"])
        reports = self.ok("query", "--kind", "report", "--format", "json").json()
        self.assertEqual(len(reports), 1)
        self.assertIsNone(self.ok("show", "28228", "--format", "json").json()["type"])
        self.assertEqual(self.ids_of("--country", "France"), ["28228", "28238", "28832"])
        self.assertEqual(self.ids_of("--country", "Belgium"), ["28020"])
        self.assertEqual(self.ids_of("--type", "Practical measure/Initiative"), ["28238"])

    def ids_of(self, *args):
        return [row["id"] for row in self.ok("query", *args, "--format", "json").json()]


class PolicyCase(VetqTestCase):
    def setUp(self):
        super().setUp()
        self.ok("ingest", *[sample(p) for p in POLICIES])

    def ids(self, *args):
        return [row["id"] for row in self.ok("query", *args, "--format", "json").json()]


class WalkingSkeleton(PolicyCase):
    def test_query_country_table_lists_the_three_french_policies(self):
        r = self.ok("query", "--country", "France")
        lines = r.out.splitlines()
        self.assertEqual(lines[0].split()[:5], ["id", "country", "first_year", "last_year", "stage"])
        self.assertEqual([l.split()[0] for l in lines[1:]], ["28228", "28238", "28832"])
        self.assertIn("CléA certificates for developing", r.out)

    def test_show_json_prints_the_full_record(self):
        doc = self.ok("show", "28238", "--format", "json").json()
        self.assertEqual(doc["kind"], "policy")
        self.assertEqual(doc["title"], "CléA certificates for developing and assessing key competences of work force")
        self.assertEqual(doc["country"], "France")
        self.assertEqual(doc["country_code"], "FR")
        self.assertEqual(doc["type"], "Practical measure/Initiative")
        self.assertEqual([t["year"] for t in doc["timeline"]], list(range(2015, 2025)))
        self.assertEqual(doc["source"]["path"], sample(POLICIES[2]))
        self.assertEqual(len(doc["source"]["sha256"]), 64)
        self.assertEqual(doc["versions"], [])

    def test_show_unknown_id_fails_with_a_hint(self):
        r = self.vetq("show", "99999")
        self.assertEqual(r.code, 1)
        self.assertIn("no policy or report with id '99999'", r.err)
        self.assertEqual(r.out, "")

    def test_reingest_is_idempotent(self):
        r = self.ok("ingest", *[sample(p) for p in POLICIES])
        self.assertIn("ingested 0, unchanged 4, failed 0", r.err)
        self.assertEqual(len(self.ids()), 4)


class Filters(PolicyCase):
    def test_country_by_code_alias_and_prefix(self):
        self.assertEqual(self.ids("--country", "FR"), ["28228", "28238", "28832"])
        self.assertEqual(self.ids("--country", "france"), ["28228", "28238", "28832"])
        self.assertEqual(self.ids("--country", "Belgium"), ["28020"])
        self.assertEqual(self.ids("--country", "be-fr"), ["28020"])
        self.assertEqual(self.ids("--country", "FR,BE-FR"), ["28020", "28228", "28238", "28832"])
        self.assertEqual(self.ids("--country", "FR", "--country", "Belgium-FR"),
                         ["28020", "28228", "28238", "28832"])

    def test_year_and_range(self):
        self.assertEqual(self.ids("--year", "2015"), ["28020", "28238"])
        self.assertEqual(self.ids("--year", "2010..2015"), ["28020", "28238"])
        self.assertEqual(self.ids("--year", "2024", "--country", "FR"), ["28228", "28238", "28832"])
        self.assertEqual(self.ids("--year", "2030.."), [])

    def test_stage_type_subsystem(self):
        self.assertEqual(len(self.ids("--stage", "implementation")), 4)
        self.assertEqual(self.ids("--stage", "Pilot"), [])
        self.assertEqual(self.ids("--type", "practical"), ["28238"])
        self.assertEqual(self.ids("--subsystem", "cvet"), ["28238"])

    def test_categories_and_subcategories(self):
        self.assertEqual(self.ids("--category", "European"), ["28832"])
        self.assertEqual(self.ids("--category", "teachers"), ["28832"])
        self.assertEqual(self.ids("--subcategory", "Acquiring key"), ["28238"])
        self.assertEqual(self.ids("--subcategory", "Integrating digital"), ["28228", "28238"])

    def test_target_groups_audience_priority_body(self):
        self.assertEqual(self.ids("--target-group", "adult learners"), ["28020", "28238"])
        self.assertEqual(self.ids("--audience", "Education professionals"), ["28832"])
        self.assertEqual(self.ids("--priority", "VET promoting equality"), ["28238"])
        self.assertEqual(self.ids("--body", "Association CertifPro"), ["28238"])

    def test_and_across_filters(self):
        self.assertEqual(self.ids("--country", "France", "--target-group", "Adult learners"), ["28238"])
        self.assertEqual(self.ids("--year", "2015", "--stage", "Implementation", "--country", "BE-FR"), ["28020"])

    def test_full_text_folds_diacritics_and_ranks(self):
        rows = self.ok("query", "--text", "qualeduc", "--format", "json").json()
        self.assertEqual([r["id"] for r in rows], ["28832"])
        self.assertIn("[Qualéduc]", rows[0]["snippet"])
        self.assertEqual(self.ids("--text", "VET-policy"), [])  # quoted: no FTS syntax error
        self.assertEqual(self.ids("--text", "cléa", "--raw"), ["28238"])

    def test_id(self):
        self.assertEqual(self.ids("--id", "28020,28238"), ["28020", "28238"])


class UnknownValues(PolicyCase):
    def test_unknown_country_suggests_the_closest(self):
        r = self.vetq("query", "--country", "Frnace")
        self.assertEqual(r.code, 2)
        self.assertIn("--country 'Frnace': unknown value — did you mean 'France'?", r.err)
        self.assertEqual(r.out, "")

    def test_ambiguous_prefix_lists_candidates(self):
        r = self.vetq("query", "--category", "Supporting")
        self.assertEqual(r.code, 0, r)  # unique prefix
        r = self.vetq("query", "--subcategory", "Integrating")
        self.assertEqual(r.code, 2)
        self.assertIn("ambiguous", r.err)

    def test_bad_year(self):
        r = self.vetq("query", "--year", "20x9")
        self.assertEqual(r.code, 2)
        self.assertIn("--year '20x9'", r.err)


class TypedAsStored(PolicyCase):
    """A value typed as stored is tried as it is (no look-up); when that finds no row, the
    query is resolved again in full. Either way the output is one query's: one header, one
    array, and a code, alias or typo still resolves or fails as before."""

    def test_an_empty_first_try_prints_one_result_only(self):
        for args, out in ((["--format", "json"], "[]\n"),
                          (["--format", "csv", "--fields", "id,title"], "id,title\n"),
                          (["--format", "ndjson"], "")):
            for country in ("France", "FR", "france"):  # as stored, a code, another case
                r = self.ok("query", "--country", country, "--year", "1999", *args)
                self.assertEqual(r.out, out, (country, args))

    def test_as_stored_and_resolved_give_the_same_rows(self):
        french = ["28228", "28238", "28832"]
        for country in ("France", "FR", "france", " France "):
            self.assertEqual(self.ids("--country", country), french, country)
        csv_out = self.ok("query", "--country", "France", "--format", "csv", "--fields", "id").out
        self.assertEqual(csv_out, "id\n28228\n28238\n28832\n")
        # Two fields typed as stored: the rows found show both stored.
        self.assertEqual(self.ids("--country", "France", "--target-group", "Adult learners"),
                         ["28238"])
        self.assertEqual(self.ids("--country", "France", "--target-group", "adult learners"),
                         ["28238"])

    def test_a_stored_value_does_not_hide_an_unknown_one(self):
        r = self.vetq("query", "--country", "France", "--target-group", "Adlut learners")
        self.assertEqual((r.code, r.out), (2, ""), r)
        self.assertIn("--target-group 'Adlut learners': unknown value", r.err)
        r = self.vetq("query", "--country", "France,Frnace")
        self.assertEqual((r.code, r.out), (2, ""), r)
        self.assertIn("'Frnace': unknown value — did you mean 'France'?", r.err)


class Formats(PolicyCase):
    def test_json_is_one_array_and_empty_is_brackets(self):
        rows = self.ok("query", "--format", "json").json()
        self.assertEqual(len(rows), 4)
        self.assertEqual(list(rows[0].keys()), ["id", "country", "first_year", "last_year", "stage", "title"])
        self.assertEqual(self.ok("query", "--country", "FR", "--year", "1999", "--format", "json").json(), [])

    def test_ndjson_one_object_per_line(self):
        rows = self.ok("query", "--format", "ndjson", "--fields", "id,categories").ndjson()
        self.assertEqual(len(rows), 4)
        by_id = {r["id"]: r for r in rows}
        self.assertEqual(sorted(by_id["28238"]["categories"]),
                         ["Modernising VET offer and delivery",
                          "Supporting lifelong learning culture and increasing participation"])

    def test_csv_reads_back_with_a_real_reader(self):
        r = self.ok("query", "--format", "csv", "--fields", "id,title,target_groups")
        self.assertNotIn("\r\n", r.out)
        rows = list(csv.DictReader(io.StringIO(r.out)))
        self.assertEqual(len(rows), 4)
        by_id = {row["id"]: row for row in rows}
        self.assertEqual(by_id["28020"]["title"], "Measures of guidance and promotion of work-based learning")
        self.assertEqual(by_id["28832"]["target_groups"].split("; ")[2], "Teachers")
        crlf = self.ok("query", "--format", "csv", "--crlf").out
        self.assertTrue(crlf.endswith("\r\n"))

    def test_same_columns_in_every_format(self):
        fields = "id,country,years,title"
        js = self.ok("query", "--format", "json", "--fields", fields).json()
        cs = list(csv.reader(io.StringIO(self.ok("query", "--format", "csv", "--fields", fields).out)))
        ts = [l.split("\t") for l in self.ok("query", "--format", "tsv", "--fields", fields).out.splitlines()]
        self.assertEqual(cs[0], fields.split(","))
        self.assertEqual(ts[0], fields.split(","))
        self.assertEqual([r["id"] for r in js], [r[0] for r in cs[1:]])
        self.assertEqual(cs[1][2], "; ".join(str(y) for y in js[0]["years"]))

    def test_sort_limit_offset(self):
        self.assertEqual(self.ids("--sort", "-first_year", "--limit", "2"), ["28228", "28832"])
        self.assertEqual(self.ids("--sort", "first_year", "--limit", "2"), ["28020", "28238"])
        self.assertEqual(self.ids("--sort", "id", "--offset", "3"), ["28832"])
        r = self.vetq("query", "--sort", "nosuch")
        self.assertEqual(r.code, 2)

    def test_unknown_field_is_a_usage_error(self):
        r = self.vetq("query", "--fields", "id,colour")
        self.assertEqual(r.code, 2)
        self.assertIn("unknown field 'colour'", r.err)

    def test_closed_pipe_ends_quietly(self):
        import subprocess
        p = subprocess.run(f"'{os.environ.get('VETQ_BIN')}' --db '{self.db}' export | head -c 10",
                           shell=True, capture_output=True, text=True)
        self.assertEqual(p.returncode, 0)
        self.assertEqual(p.stderr, "")


class Stats(PolicyCase):
    def test_categories_for_france(self):
        rows = self.ok("stats", "--by", "category", "--country", "France", "--format", "json").json()
        got = {r["category"]: r["count"] for r in rows}
        self.assertEqual(got, {
            "Supporting lifelong learning culture and increasing participation": 3,
            "Governance of VET and lifelong learning": 2,
            "Modernising VET offer and delivery": 2,
            "European and international dimensions of VET": 1,
            "Teachers, trainers and school leaders competences": 1,
        })
        self.assertEqual(rows[0]["category"], "Supporting lifelong learning culture and increasing participation")
        chart = self.ok("stats", "--by", "category", "--country", "France").out
        self.assertIn("█", chart)

    def test_cross_table(self):
        rows = self.ok("stats", "--by", "country", "--by", "audience", "--format", "json").json()
        got = {(r["country"], r["audience"]): r["count"] for r in rows}
        self.assertEqual(got[("France", "Learners")], 3)
        self.assertEqual(got[("France", "Education professionals")], 1)
        self.assertEqual(got[("Belgium-FR", "Entities providing VET")], 1)

    def test_facets_and_timeline(self):
        rows = self.ok("facets", "target-group", "--format", "json").json()
        counts = {r["target_group"]: r["count"] for r in rows}
        self.assertEqual(counts["Young people (15-29 years old)"], 3)
        self.assertEqual(counts["Adult learners"], 2)
        chart = self.ok("timeline", "--country", "France").out
        self.assertEqual(len([l for l in chart.splitlines() if l.startswith("28")]), 3)
        self.assertIn("● Implementation", chart)


class Colour(PolicyCase):
    def test_colour_only_when_asked_or_on_a_terminal(self):
        plain = self.ok("query", "--country", "FR").out
        self.assertNotIn("\x1b[", plain)  # not a terminal (and NO_COLOR is set by support.py)
        forced = self.ok("--color", "always", "query", "--country", "FR").out
        self.assertIn("\x1b[1mid\x1b[0m", forced)
        r = self.ok("--color", "auto", "query", "--country", "FR", env={"NO_COLOR": ""})
        self.assertNotIn("\x1b[", r.out)
        self.assertNotIn("\x1b[", self.ok("--color", "always", "query", "--format", "csv").out)


class Export(PolicyCase):
    def test_export_ndjson_and_json_hold_full_records(self):
        rows = self.ok("export").ndjson()
        self.assertEqual([r["id"] for r in rows], ["28020", "28228", "28238", "28832"])
        self.assertTrue(all("description" in r and "source" in r for r in rows))
        arr = self.ok("export", "--country", "FR", "--format", "json").json()
        self.assertEqual(len(arr), 3)
        rows = list(csv.DictReader(io.StringIO(self.ok("export", "--format", "csv").out)))
        self.assertEqual(rows[0]["id"], "28020")


class Database(VetqTestCase):
    def test_location_flag_env_xdg(self):
        xdg = os.path.join(self.tmp, "xdg")
        self.ok("ingest", sample(POLICIES[0]), db=False, env={"XDG_DATA_HOME": xdg})
        self.assertTrue(os.path.exists(os.path.join(xdg, "vetq", "vetq.db")))
        env_db = os.path.join(self.tmp, "env", "sub", "e.db")
        self.ok("ingest", sample(POLICIES[1]), db=False, env={"VETQ_DB": env_db, "XDG_DATA_HOME": xdg})
        self.assertTrue(os.path.exists(env_db))
        flag_db = os.path.join(self.tmp, "flag.db")
        r = self.vetq("--db", flag_db, "ingest", sample(POLICIES[2]), db=False, env={"VETQ_DB": env_db})
        self.assertEqual(r.code, 0, r)
        self.assertEqual(sqlite3.connect(flag_db).execute("SELECT id FROM policy").fetchall(), [("28238",)])
        self.assertEqual(sqlite3.connect(env_db).execute("SELECT id FROM policy").fetchall(), [("28832",)])

    def test_schema_version_and_newer_database_refused(self):
        self.ok("ingest", sample(POLICIES[0]))
        con = sqlite3.connect(self.db)
        migrations = os.listdir(os.path.join(SOURCE_DIR, "schemas", "migrations"))
        self.assertEqual(con.execute("PRAGMA user_version").fetchone()[0],
                         max(int(f[:4]) for f in migrations))
        con.execute("PRAGMA user_version = 99")
        con.commit()
        con.close()
        with open(self.db, "rb") as f:
            before = f.read()
        r = self.vetq("query")
        self.assertEqual(r.code, 1)
        self.assertIn("written by a newer vetq (schema version 99", r.err)
        r = self.vetq("ingest", sample(POLICIES[1]))
        self.assertEqual(r.code, 1)
        with open(self.db, "rb") as f:
            self.assertEqual(f.read(), before)

    def test_not_a_vetq_database(self):
        con = sqlite3.connect(self.db)
        con.execute("CREATE TABLE t(x)")
        con.commit()
        con.close()
        r = self.vetq("ingest", sample(POLICIES[0]))
        self.assertEqual(r.code, 1)
        self.assertIn("vetq did not create", r.err)

    def test_query_without_database(self):
        r = self.vetq("query")
        self.assertEqual(r.code, 1)
        self.assertIn("no database here — run 'vetq ingest PATH' first", r.err)


class Help(VetqTestCase):
    COMMANDS = ["ingest", "validate", "query", "show", "stats", "facets", "timeline", "brief",
                "export", "diff", "changes", "related", "schema", "formats", "completions"]

    def test_every_help_ends_with_examples_and_exit_codes(self):
        for cmd in [None] + self.COMMANDS:
            args = ([cmd] if cmd else []) + ["--help"]
            r = self.vetq(*args, db=False)
            self.assertEqual(r.code, 0, (cmd, r))
            self.assertIn("Examples:", r.out, cmd)
            self.assertIn("Exit codes:", r.out, cmd)

    def test_every_option_has_help_text(self):
        import re
        for cmd in self.COMMANDS:
            out = self.vetq(cmd, "--help", db=False).out
            lines = out.splitlines() + [""]
            for line, nxt in zip(lines, lines[1:]):
                m = re.match(r"^  (-\S+(?:, ?-\S+)*|--\S+)(\s+\S+)?\s*$", line)
                help_below = re.match(r"^ {10,}\S", nxt)  # CLI11 wraps long names
                self.assertTrue(m is None or help_below, f"{cmd}: option without help: {line!r}")

    def test_docs_cli_md_covers_every_command_and_option(self):
        import re
        with open(os.path.join(os.environ.get("VETQ_SOURCE_DIR", "."), "docs", "cli.md")) as f:
            doc = f.read()
        for cmd in self.COMMANDS:
            self.assertIn(f"## vetq {cmd}\n", doc, "docs/cli.md lacks the command; run docs/gen-cli.sh")
            section = doc.split(f"## vetq {cmd}\n", 1)[1].split("\n## vetq ", 1)[0]
            out = self.vetq(cmd, "--help", db=False).out
            for opt in re.findall(r"^  (?:-\w,)?(--[\w-]+)", out, re.M):
                self.assertIn(opt, section, f"docs/cli.md: vetq {cmd} lacks {opt}; run docs/gen-cli.sh")

    def test_usage_errors_exit_2(self):
        self.assertEqual(self.vetq("query", "--nosuch", db=False).code, 2)
        self.assertEqual(self.vetq(db=False).code, 2)
        self.assertEqual(self.vetq("frobnicate", db=False).code, 2)
        self.assertEqual(self.vetq("query", "--format", "xml", db=False).code, 2)
        self.assertEqual(self.vetq("--color", "purple", "query", db=False).code, 2)


if __name__ == "__main__":
    unittest.main()
