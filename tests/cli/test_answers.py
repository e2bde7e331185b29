"""Answers an analyst can trust: every label reachable, bodies by words, stats in time, one JSON
type per field. On the samples, and on pages made from sample 28238 whose stages change over
the years (Design -> Pilot -> Implementation -> Completed)."""
import csv
import io
import re
import unittest

from support import SAMPLES, VetqTestCase, sample

CLEA = sample("policy-28238-france-clea-certificates.txt")
URL = "https://www.cedefop.europa.eu/en/tools/timeline-vet-policies-europe/search/"


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def staged_page(new_id, stages):
    """Sample 28238 under another id, its timeline (and year markers) replaced by `stages`:
    {year: stage}."""
    text = read(CLEA)
    text = text.replace("ID number\n28238", f"ID number\n{new_id}").replace(URL + "28238", URL + str(new_id))
    head, rest = text.split("ID number\n", 1)
    timeline = "Timeline\n" + "".join(f"  • {y}{s}\n" for y, s in sorted(stages.items()))
    text = timeline + "ID number\n" + rest
    # Year markers in the description ("2015\nImplementation") follow the timeline too.
    for y in range(2010, 2030):
        if y in stages:
            text = re.sub(rf"(?m)^{y}\nImplementation$", f"{y}\n{stages[y]}", text)
    return text


MOVING = {2015: "Design", 2016: "Pilot", 2017: "Implementation", 2018: "Implementation",
          2019: "Completed"}
PILOT_LATE = {2017: "Design", 2018: "Pilot", 2019: "Pilot"}


class Labels(VetqTestCase):
    def setUp(self):
        super().setUp()
        self.ingest_samples()

    def ids(self, *args):
        return [r["id"] for r in self.ok("query", *args, "--format", "json").json()]

    def test_labels_with_commas_are_reachable_and_never_split(self):
        self.assertEqual(self.ids("--target-group", "Learners in upper secondary, including apprentices"),
                         ["28020", "28228", "28832"])
        self.assertEqual(self.ids("--category", "Teachers, trainers and school leaders competences"),
                         ["28832"])
        self.assertEqual(self.ids("--body", "Ministry of National Education, Higher Education and Research"),
                         ["28228", "28832"])

    def test_commas_still_split_values_that_are_not_labels(self):
        self.assertEqual(self.ids("--country", "FR,BE-FR"), ["28020", "28228", "28238", "28832"])
        r = self.vetq("query", "--country", "FR,Narnia")
        self.assertEqual(r.code, 2)
        self.assertIn("--country 'Narnia': unknown value", r.err)

    def test_bodies_match_by_words(self):
        self.assertEqual(self.ids("--body", "national education"), ["28228", "28832"])
        self.assertEqual(self.ids("--body", "COPANEF"), ["28238"])
        self.assertEqual(self.ids("--body", "nat educ"), ["28228", "28832"])  # word prefixes
        r = self.vetq("query", "--body", "zorblatt ministry")
        self.assertEqual(r.code, 2)
        self.assertIn("--body 'zorblatt ministry': unknown value", r.err)

    def test_year_lists_are_or(self):
        self.assertEqual(self.ids("--year", "2015,2016", "--country", "FR"), ["28228", "28238", "28832"])
        self.assertEqual(self.ids("--year", "2015"), ["28020", "28238"])
        self.assertEqual(self.ids("--year", "2014,2015"), ["28020", "28238"])
        self.assertEqual(self.ids("--year", "..2015,2030.."), ["28020", "28238"])


class StatsInTime(VetqTestCase):
    def setUp(self):
        super().setUp()
        self.ok("ingest", self.write("moving.txt", staged_page(90001, MOVING)),
                self.write("late.txt", staged_page(90002, PILOT_LATE)))

    def stats(self, *args):
        return self.ok("stats", *args, "--format", "json").json()

    def test_the_generated_pages_have_their_stages(self):
        doc = self.ok("show", "90001", "--format", "json").json()
        self.assertEqual({t["year"]: t["stage"] for t in doc["timeline"]}, MOVING)

    def test_stage_in_a_year_is_the_stage_of_that_year(self):
        self.assertEqual(self.stats("--by", "stage", "--year", "2016"), [{"stage": "Pilot", "count": 1}])
        got = {r["stage"]: r["count"] for r in self.stats("--by", "stage", "--year", "2018")}
        self.assertEqual(got, {"Implementation": 1, "Pilot": 1})
        got = {r["stage"]: r["count"] for r in self.stats("--by", "stage", "--year", "2018..2019")}
        self.assertEqual(got, {"Implementation": 1, "Completed": 1, "Pilot": 1})
        # The query filter gives the same records.
        ids = [r["id"] for r in self.ok("query", "--year", "2018", "--stage", "Pilot", "--format", "json").json()]
        self.assertEqual(ids, ["90002"])

    def test_without_a_year_every_stage_a_policy_had_counts(self):
        got = {r["stage"]: r["count"] for r in self.stats("--by", "stage")}
        self.assertEqual(got, {"Design": 2, "Pilot": 2, "Implementation": 1, "Completed": 1})

    def test_year_by_stage_counts_timeline_entries(self):
        rows = self.stats("--by", "year", "--by", "stage")
        got = {(r["year"], r["stage"]): r["count"] for r in rows}
        self.assertEqual(got, {(2015, "Design"): 1, (2016, "Pilot"): 1, (2017, "Implementation"): 1,
                               (2017, "Design"): 1, (2018, "Implementation"): 1, (2018, "Pilot"): 1,
                               (2019, "Completed"): 1, (2019, "Pilot"): 1})
        self.assertEqual([r["year"] for r in rows], sorted(r["year"] for r in rows))
        flipped = {(r["year"], r["stage"]): r["count"] for r in self.stats("--by", "stage", "--by", "year")}
        self.assertEqual(flipped, got)

    def test_years_sort_by_year_and_are_numbers(self):
        rows = self.stats("--by", "year")
        self.assertEqual(rows, [{"year": 2015, "count": 1}, {"year": 2016, "count": 1},
                                {"year": 2017, "count": 2}, {"year": 2018, "count": 2},
                                {"year": 2019, "count": 2}])
        out = self.ok("stats", "--by", "year", "--format", "csv").out.splitlines()
        self.assertEqual(out[:3], ["year,count", "2015,1", "2016,1"])

    def test_each_policy_counts_once_per_cell(self):
        got = {(r["country"], r["stage"]): r["count"] for r in self.stats("--by", "country", "--by", "stage")}
        self.assertEqual(got, {("France", "Design"): 2, ("France", "Pilot"): 2,
                               ("France", "Implementation"): 1, ("France", "Completed"): 1})


def edition_of(text, year, note):
    """The page as Cedefop's `year` update would print it, with a changed paragraph."""
    text = text.replace("(2024 update)", f"({year} update)").replace("(2025).", f"({year + 1}).")
    return text.replace("the decree of 13 February 2015.", f"the decree of 13 February 2015. {note}")


class Editions(VetqTestCase):
    def setUp(self):
        super().setUp()
        page = read(CLEA)
        self.old = self.write("clea-2023.txt", edition_of(page, 2023, "Old paragraph."))
        self.new = self.write("clea-2025.txt", edition_of(page, 2025, "New paragraph."))

    def current(self):
        return self.ok("show", "28238", "--format", "json").json()

    def test_the_newest_edition_is_current_in_either_order(self):
        for n, order in enumerate(((self.old, self.new), (self.new, self.old))):
            self.db = f"{self.tmp}/order{n}.db"
            for path in order:
                r = self.vetq("ingest", path)
                self.assertEqual(r.code, 0, repr(r))
            doc = self.current()
            self.assertEqual(doc["edition"], "2025 update")
            self.assertIn("New paragraph.", doc["background"])
            self.assertEqual([v["edition"] for v in doc["versions"]], ["2023 update"])
        # The older one arrived second: a warning names it, and the run still succeeds.
        self.assertIn("28238: 2023 update is older than the current 2025 update — kept as a version",
                      r.err)

    def test_the_same_label_is_told_apart_by_the_citation_year(self):
        page = read(CLEA)  # the "2024 update", cited (2025)
        earlier = page.replace("(2025).", "(2024).").replace("2024Implementation", "2024Pilot")
        self.ok("ingest", CLEA)
        r = self.ok("ingest", self.write("clea-cited-2024.txt", earlier))
        self.assertIn("28238: 2024 update (cited 2024) is older than the current 2024 update "
                      "(cited 2025) — kept as a version", r.err)
        self.assertEqual(self.current()["timeline"][-1]["stage"], "Implementation")

    def test_an_older_edition_never_blocks_the_newer_file(self):
        self.ok("ingest", self.old)
        self.ok("ingest", self.new)
        self.ok("ingest", self.old)   # unchanged: the same content is a version already
        self.assertEqual(self.current()["edition"], "2025 update")
        self.ok("ingest", self.new)   # unchanged, still current
        self.assertEqual(self.current()["edition"], "2025 update")

    def test_a_broken_copy_is_kept_as_a_version(self):
        self.ok("ingest", self.new)
        # The timeline, id, citation and URL survive; every other section is lost.
        text = read(self.new)
        gutted = text.split("\nBackground")[0] + "\nCite as" + text.split("\nCite as")[-1]
        path = self.write("gutted.txt", gutted)
        r = self.vetq("ingest", path)
        self.assertIn("28238: this copy has", r.err)
        self.assertIn("kept as a version; --force makes it current", r.err)
        self.assertIn("New paragraph.", self.current()["background"])

    def test_force_makes_an_older_edition_current(self):
        self.ok("ingest", self.new)
        self.ok("ingest", "--force", self.old)
        self.assertEqual(self.current()["edition"], "2023 update")


class Search(VetqTestCase):
    def setUp(self):
        super().setUp()
        self.ingest_samples()

    def hits(self, *args):
        return [r["id"] for r in self.ok("query", *args, "--format", "json").json()]

    def test_search_is_stemmed(self):
        # In the indexed text (title, background, objectives, description, bodies), 28832 says
        # "apprenticeships" once and never "apprenticeship"; 28238 says only "candidates".
        self.assertEqual(sorted(self.hits("--text", "apprenticeship")), ["28228", "28832"])
        self.assertEqual(self.hits("--text", "candidate"), ["28238"])
        self.assertEqual(self.hits("--text", "diploma"), ["28228"])

    def test_snippets_show_the_words_as_written(self):
        rows = self.ok("query", "--text", "candidate", "--fields", "id,snippet", "--format", "json").json()
        self.assertIn("[candidates]", rows[0]["snippet"])

    def test_a_quoted_phrase_stays_a_phrase(self):
        self.assertEqual(self.hits("--text", '"quality assurance culture"'), ["28832"])

    def test_the_index_can_be_rebuilt(self):
        import sqlite3
        con = sqlite3.connect(self.db)
        con.execute("INSERT INTO policy_fts(policy_fts) VALUES('rebuild')")
        con.commit()
        con.close()
        from support import fts_matches_content
        self.assertTrue(fts_matches_content(self.db))
        self.assertEqual(self.hits("--text", "candidate"), ["28238"])


class Export(VetqTestCase):
    def test_export_without_kind_gives_every_record(self):
        self.ingest_samples()
        kinds = [(r["kind"], r["id"]) for r in self.ok("export").ndjson()]
        self.assertEqual([k for k in kinds if k[0] == "policy"],
                         [("policy", i) for i in ["28020", "28228", "28238", "28832"]])
        self.assertEqual([k for k, _ in kinds], ["policy"] * 4 + ["report"])
        self.assertEqual(len(self.ok("export", "--kind", "policy").ndjson()), 4)
        self.assertEqual([r["kind"] for r in self.ok("export", "--kind", "report").ndjson()], ["report"])


class Errors(VetqTestCase):
    def usage(self, *args):
        r = self.vetq(*args)
        self.assertEqual(r.code, 2, repr(r))
        self.assertEqual(r.out, "")
        return r.err

    def test_errors_speak_the_tools_own_words(self):
        self.assertEqual(self.usage("query", "--contry", "France"),
                         "vetq query: unknown option '--contry' (did you mean --country?) — "
                         "see 'vetq query --help'\n")
        self.assertIn("unknown command 'qurey' (did you mean 'query'?) — the commands are ingest, "
                      "validate, query", self.usage("qurey"))
        self.assertEqual(self.usage("query", "--format", "xml"),
                         "vetq query: --format: unknown format 'xml' — choose one of table, json, "
                         "ndjson, csv, tsv\n")
        self.assertIn("unknown format 'yaml' — choose one of text, json", self.usage("show", "1", "--format", "yaml"))

    def test_vetq_alone_prints_the_help(self):
        r = self.vetq(db=False)
        self.assertEqual(r.code, 2)
        self.assertIn("Usage: vetq [OPTIONS] SUBCOMMAND", r.out)
        self.assertIn("Examples:", r.out)


class Guarded(VetqTestCase):
    """A record is replaced only by a real page for the same policy."""

    def test_an_id_block_that_disagrees_with_the_url_is_an_error(self):
        self.ok("ingest", sample("policy-28832-france-quality-assurance-culture.txt"))
        before = self.ok("show", "28832", "--format", "json").json()
        text = read(CLEA).replace("ID number\n28238", "ID number\n28832")
        r = self.vetq("ingest", self.write("mixed.txt", text))
        self.assertEqual(r.code, 1, repr(r))
        self.assertIn("mixed.txt:", r.err)
        self.assertIn("the URL names policy 28238 but 'ID number' says 28832", r.err)
        self.assertEqual(self.ok("show", "28832", "--format", "json").json(), before)

    def test_years_outside_1990_2100_are_errors(self):
        text = read(CLEA).replace("2015Implementation", "0000Implementation", 1)
        r = self.vetq("ingest", self.write("zero.txt", text))
        self.assertEqual(r.code, 1, repr(r))
        self.assertIn("zero.txt:2: error: timeline year 0 is outside 1990-2100", r.err)
        self.assertEqual(self.ok("query", "--format", "json").json(), [])

    def test_a_wrong_format_never_blocks_the_right_parse(self):
        for forced in ("report-text", "listing-text"):
            r = self.vetq("ingest", "--format", forced, CLEA)
            self.assertEqual(r.code, 1, repr(r))
            self.assertIn(f"error: this file reads as policy-text (Cedefop timeline policy page, "
                          f"copied as text), not as {forced} — drop --format", r.err)
            self.assertEqual(self.ok("query", "--format", "json").json(), [])
            self.assertEqual(self.ok("query", "--kind", "report", "--format", "json").json(), [])
        r = self.ok("ingest", CLEA)
        self.assertIn("ingested 1", r.err)
        doc = self.ok("show", "28238", "--format", "json").json()
        self.assertFalse(doc["partial"])
        self.assertEqual(doc["source"]["format"], "policy-text")
        self.assertIn("unchanged 1", self.ok("ingest", CLEA).err)


class JsonTypes(VetqTestCase):
    def setUp(self):
        super().setUp()
        self.ingest_samples()

    def test_query_fields_have_one_type_each(self):
        rows = self.ok("query", "--fields", "id,years,partial,first_year", "--format", "json").json()
        self.assertEqual(rows[0]["years"], list(range(2015, 2025)))
        self.assertIs(rows[0]["partial"], False)
        self.assertIsInstance(rows[0]["first_year"], int)
        hits = self.ok("query", "--text", "qualeduc", "--fields", "id,rank", "--format", "json").json()
        self.assertEqual([h["id"] for h in hits], ["28832"])
        self.assertIsInstance(hits[0]["rank"], float)
        show = self.ok("show", "28238", "--format", "json").json()
        self.assertIs(show["partial"], False)

    def test_csv_writes_booleans_and_joins_lists(self):
        out = self.ok("query", "--fields", "id,partial,years", "--format", "csv", "--id", "28228").out
        rows = list(csv.reader(io.StringIO(out)))
        self.assertEqual(rows[1][:2], ["28228", "false"])
        self.assertEqual(rows[1][2], "; ".join(str(y) for y in range(2016, 2025)))


if __name__ == "__main__":
    unittest.main()
