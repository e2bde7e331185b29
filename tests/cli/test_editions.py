"""Policies across editions: `diff`, `changes` and `--edition`, on updates built from the real
samples at test time (in the test's directory, never in samples/).

The 2024 update of each page is the real sample. The 2023 updates are made from it:
  28238  the 2023 update before the 2024 one: 2023 a pilot year, no 2024 entry and year note,
         France Compétences in place of Association CertifPro, no Companies target group;
  28228  the same content under the 2023 edition (no change);
  28020  only a 2023 update (not carried into 2024);
  28832  only the 2024 update (new in 2024).
"""
import json
import unittest

from support import VetqTestCase, sample

CLEA = "policy-28238-france-clea-certificates.txt"
DIGITAL = "policy-28228-france-digital-transition.txt"
WBL = "policy-28020-belgium-fr-work-based-learning.txt"
QUALITY = "policy-28832-france-quality-assurance-culture.txt"

NOTE_2024 = ("In 2024, Certif'Pro launched new accreditation campaigns for CléA, CléA digital, "
             "and the recently developed CléA Management.")


def read(name):
    with open(sample(name), encoding="utf-8") as f:
        return f.read()


def replaced(text, old, new):
    assert old in text, f"not in the sample: {old!r}"
    return text.replace(old, new)


def relabelled_2023(text):
    """The page under the 2023 edition: the citation's edition and year one year earlier."""
    return replaced(replaced(text, "(2024 update)", "(2023 update)"), "(2025)", "(2024)")


def clea_2023():
    t = relabelled_2023(read(CLEA))
    t = replaced(t, "  • 2023Implementation\n  • 2024Implementation\n", "  • 2023Pilot\n")
    t = replaced(t, "2023\nImplementation\n", "2023\nPilot\n")
    start = t.index("2024\nImplementation\n\nIn 2024,")
    t = t[:start] + t[t.index("Bodies responsible"):]
    t = replaced(t, "  • Association CertifPro\n", "  • France Compétences\n")
    return replaced(t, "  • Companies\n", "")


class Editions(VetqTestCase):
    def build(self):
        """The pages of both editions, as files in the test's directory."""
        return {
            "clea-2023": self.write("2023/clea.txt", clea_2023()),
            "clea-2024": self.write("2024/clea.txt", read(CLEA)),
            "digital-2023": self.write("2023/digital.txt", relabelled_2023(read(DIGITAL))),
            "digital-2024": self.write("2024/digital.txt", read(DIGITAL)),
            "wbl-2023": self.write("2023/wbl.txt", relabelled_2023(read(WBL))),
            "quality-2024": self.write("2024/quality.txt", read(QUALITY)),
        }

    def ingest(self, *paths):
        for p in paths:
            self.ok("ingest", p)

    def setUp(self):
        super().setUp()
        self.pages = self.build()
        self.ingest(*self.pages.values())

    def test_diff_reports_each_change_and_nothing_else(self):
        d = self.ok("diff", "28238", "--format", "json").json()
        self.assertEqual(d["id"], "28238")
        self.assertEqual(d["from"]["edition"], "2023 update")
        self.assertEqual(d["to"]["edition"], "2024 update")
        self.assertEqual(set(d["from"]), {"edition", "sha256", "ingested_at"})
        changes = d["changes"]
        self.assertEqual(changes[:4], [
            {"field": "timeline", "added": [{"year": 2024, "stage": "Implementation"}], "removed": []},
            {"field": "timeline", "year": 2023, "before": "Pilot", "after": "Implementation"},
            {"field": "bodies",
             "added": [{"name": "Association CertifPro", "from": None, "until": None}],
             "removed": [{"name": "France Compétences", "from": None, "until": None}]},
            {"field": "target_groups",
             "added": [{"audience": "Entities providing VET", "group": "Companies"}], "removed": []},
        ])
        self.assertEqual(len(changes), 5, json.dumps(changes, indent=1, ensure_ascii=False))
        notes = changes[4]
        self.assertEqual((notes["field"], notes["removed"], len(notes["added"])), ("year_notes", [], 1))
        self.assertEqual(notes["added"][0]["year"], 2024)
        self.assertTrue(notes["added"][0]["text"].startswith(NOTE_2024))
        # The same, by edition, in either spelling.
        again = self.ok("diff", "28238", "--from", "2023", "--to", "2024 update", "--format", "json")
        self.assertEqual(again.json()["changes"], changes)

    def test_diff_text_for_people(self):
        out = self.ok("diff", "28238").out
        self.assertIn("timeline: + 2024: Implementation\n", out)
        self.assertIn("timeline: 2023: Pilot → Implementation\n", out)
        self.assertIn("bodies: + Association CertifPro\n", out)
        self.assertIn("bodies: - France Compétences\n", out)
        self.assertIn("target_groups: + Entities providing VET › Companies\n", out)
        self.assertIn("year_notes: + 2024 (Implementation): " + NOTE_2024, out)
        self.assertEqual(len(out.splitlines()), 3 + 6)

    def test_diff_of_same_content_is_empty(self):
        d = self.ok("diff", "28228", "--format", "json").json()
        self.assertEqual(d["changes"], [])
        self.assertIn("no changes", self.ok("diff", "28228").out)

    def test_diff_needs_two_versions(self):
        r = self.vetq("diff", "28832")
        self.assertEqual(r.code, 1, repr(r))
        self.assertIn("policy 28832 has a single stored version (2024 update)", r.err)
        r = self.vetq("diff", "99999")
        self.assertEqual(r.code, 1, repr(r))
        self.assertIn("no policy with id '99999'", r.err)
        r = self.vetq("diff", "28238", "--from", "2021")
        self.assertEqual(r.code, 1, repr(r))
        self.assertIn("--from '2021': policy 28238 has no version of that edition — its versions: "
                      "2023 update, 2024 update", r.err)
        self.assertEqual(r.out, "")
        self.assertEqual(self.vetq("diff", "28238", "--from", "lately").code, 2)

    def test_changes_lists_each_change_and_nothing_else(self):
        rows = self.ok("changes", "--from", "2023", "--to", "2024", "--format", "json").json()
        brief = [(r["id"], r["change"], r["year"], r["before"], r["after"]) for r in rows]
        self.assertEqual(brief[:5], [
            ("28020", "not_carried", None, "2023 update", None),
            ("28238", "stage", 2024, None, "Implementation"),
            ("28238", "stage", 2023, "Pilot", "Implementation"),
            ("28238", "body", None, None, "Association CertifPro"),
            ("28238", "body", None, "France Compétences", None),
        ])
        self.assertEqual(brief[5][:4], ("28238", "year_note", 2024, None))
        self.assertTrue(brief[5][4].startswith(NOTE_2024))
        self.assertEqual(brief[6:], [("28832", "new", None, None, "2024 update")])
        self.assertEqual(rows[0]["country"], "Belgium-FR")
        self.assertEqual(list(rows[0]), ["id", "country", "change", "year", "before", "after", "title"])

    def test_changes_filters_and_formats(self):
        # What moved from Pilot to Implementation in France.
        rows = self.ok("changes", "--from", "2023 update", "--to", "2024 update", "--country", "France",
                       "--stage", "Pilot", "--format", "json").json()
        self.assertEqual({r["id"] for r in rows}, {"28238"})
        csv = self.ok("changes", "--from", "2023", "--to", "2024", "--format", "csv").out
        self.assertEqual(csv.splitlines()[0], "id,country,change,year,before,after,title")
        self.assertEqual(len(csv.splitlines()), 1 + 7)
        r = self.vetq("changes", "--from", "2022", "--to", "2024")
        self.assertEqual(r.code, 1, repr(r))
        self.assertIn("--from '2022': no stored policy is of that edition — the stored editions: "
                      "2023 update, 2024 update", r.err)
        self.assertEqual(self.vetq("changes", "--from", "2024", "--to", "2023").code, 2)

    def test_edition_gives_the_older_state(self):
        old = self.ok("show", "28238", "--edition", "2023", "--format", "json").json()
        self.assertEqual(old["edition"], "2023 update")
        self.assertEqual(old["timeline"][-1], {"year": 2023, "stage": "Pilot"})
        self.assertEqual([b["name"] for b in old["bodies"]][-1], "France Compétences")
        new = self.ok("show", "28238", "--format", "json").json()
        self.assertEqual(new["edition"], "2024 update")
        ids = lambda *a: [r["id"] for r in self.ok("query", *a, "--format", "json").json()]
        self.assertEqual(ids("--stage", "Pilot", "--edition", "2023"), ["28238"])
        self.assertEqual(ids("--stage", "Pilot"), [])
        self.assertEqual(ids("--body", "France Compétences", "--edition", "2023"), ["28238"])
        # Full text as of 2023: the 2024 year note is not there yet.
        phrase = ('"accreditation campaigns"', "--raw")
        self.assertEqual(ids("--text", *phrase), ["28238"])
        self.assertEqual(ids("--text", *phrase, "--edition", "2023"), [])
        # As of 2023: 28832 was not there yet, 28020 was.
        self.assertEqual(ids("--edition", "2023"), ["28020", "28228", "28238"])
        self.assertEqual(ids(), ["28020", "28228", "28238", "28832"])
        row = self.ok("query", "--id", "28238", "--edition", "2023", "--fields",
                      "id,edition,last_year,stage,target_groups", "--format", "json").json()[0]
        self.assertEqual((row["edition"], row["last_year"], row["stage"]), ("2023 update", 2023, "Pilot"))
        self.assertNotIn("Companies", row["target_groups"])
        stats = self.ok("stats", "--by", "stage", "--by", "year", "--edition", "2023", "--id", "28238",
                        "--format", "json").json()
        self.assertIn({"stage": "Pilot", "year": 2023, "count": 1}, stats)
        groups = lambda *a: {r["target_group"] for r in self.ok(
            "stats", "--by", "target-group", "--by", "audience", "--id", "28238", *a,
            "--format", "json").json()}
        self.assertNotIn("Companies", groups("--edition", "2023"))
        self.assertIn("Companies", groups())
        exported = self.ok("export", "--edition", "2023").ndjson()
        self.assertEqual([(e["id"], e["edition"]) for e in exported],
                         [("28020", "2023 update"), ("28228", "2023 update"), ("28238", "2023 update")])
        r = self.vetq("show", "28832", "--edition", "2023")
        self.assertEqual(r.code, 1, repr(r))
        r = self.vetq("query", "--edition", "1999")
        self.assertEqual(r.code, 1, repr(r))
        self.assertIn("the stored editions: 2023 update, 2024 update", r.err)


class IngestOrder(VetqTestCase):
    def test_ingest_order_does_not_matter(self):
        results = []
        for order in (("clea-2023", "clea-2024"), ("clea-2024", "clea-2023")):
            self.db = self.tmp + f"/{order[0]}.db"
            pages = Editions.build(self)
            for name in order:
                self.ok("ingest", pages[name])
            diff = self.ok("diff", "28238", "--format", "json").json()
            changes = self.ok("changes", "--from", "2023", "--to", "2024", "--format", "json").json()
            old = self.ok("show", "28238", "--edition", "2023", "--format", "json").json()
            new = self.ok("show", "28238", "--format", "json").json()
            for doc in (old, new):
                doc["source"].pop("ingested_at")
                doc.pop("versions")
            results.append((diff["changes"], diff["from"]["edition"], diff["to"]["edition"],
                            changes, old, new))
        self.assertEqual(results[0], results[1])
        self.assertEqual(results[0][1:3], ("2023 update", "2024 update"))


if __name__ == "__main__":
    unittest.main()
