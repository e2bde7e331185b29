"""`vetq related` on the real samples: the DIG.INT Auvergne-Rhône-Alpes report and the four
policies. Every evidence term is checked against the source files at the place it cites."""
import unicodedata
import unittest

from support import SAMPLES, VetqTestCase, sample

REPORT = "2022-1-it01-ka220-vet-000089459-auvergne-rhone-alpes"
MOBILITY = 7  # "VET Internationalization policy": mobility, Erasmus+


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.casefold().replace("’", "'").split())


def lines_of(path):
    with open(path, encoding="utf-8") as f:
        return f.read().split("\n")


class Related(VetqTestCase):
    def setUp(self):
        super().setUp()
        self.ingest_samples()
        self.sources = {}

    def source(self, record_id):
        """The lines of the file the stored record was read from."""
        if record_id not in self.sources:
            doc = self.ok("show", record_id, "--format", "json").json()
            self.sources[record_id] = (lines_of(doc["source"]["path"]), doc)
        return self.sources[record_id]

    def cited(self, lines, place):
        if "line" in place:
            return fold(lines[place["line"] - 1])
        first, last = place["lines"]
        return fold(" ".join(lines[first - 1:last]))

    def check_evidence(self, link):
        report_lines, _ = self.source(link["report"])
        policy_lines, policy = self.source(link["policy"]["id"])
        self.assertTrue(any(e["kind"] != "word" for e in link["evidence"]), link)
        for e in link["evidence"]:
            at_report = self.cited(report_lines, e["report"])
            at_policy = self.cited(policy_lines, e["policy"])
            line = e["report"].get("line", e["report"].get("lines", [0])[0])
            first, last = link["section"]["lines"]
            self.assertTrue(first <= line <= last, (e, link["section"]))
            if e["kind"] in ("category", "subcategory", "target_group"):
                # The section was tagged by its words; the policy lists the label.
                self.assertTrue(any(fold(w) in at_report for w in e["words"].split(",")), e)
            else:
                self.assertIn(fold(e["term"]), at_report, e)
            self.assertIn(fold(e["term"]), at_policy, e)
            if e["policy"]["field"] == "year_notes":
                self.assertTrue(any(n["year"] == e["policy"]["year"] and fold(e["term"]) in fold(n["text"] or "")
                                    for n in policy["year_notes"]), e)

    def test_the_mobility_section_links_to_28832_by_erasmus(self):
        links = self.ok("related", REPORT, "--limit", "-1", "--format", "json").json()
        self.assertTrue(links)
        for link in links:
            self.check_evidence(link)
        mobility = [l for l in links if l["section"]["ordinal"] == MOBILITY and l["policy"]["id"] == "28832"]
        self.assertEqual(len(mobility), 1)
        link = mobility[0]
        self.assertEqual(link["section"]["heading"], "VET Internationalization policy")
        names = {e["term"]: e for e in link["evidence"] if e["kind"] == "name"}
        self.assertIn("Erasmus+", names)
        self.assertEqual(names["Erasmus+"]["policy"]["field"], "description")
        # Ranked: score, then report, section and policy; the same every run.
        scores = [l["score"] for l in links]
        self.assertEqual(scores, sorted(scores, reverse=True))
        self.assertEqual(self.ok("related", REPORT, "--limit", "-1", "--format", "json").json(), links)

    def test_a_section_and_a_limit(self):
        links = self.ok("related", REPORT, "--section", str(MOBILITY), "--format", "json").json()
        self.assertTrue(links)
        self.assertEqual({l["section"]["ordinal"] for l in links}, {MOBILITY})
        self.assertEqual(len(self.ok("related", REPORT, "--limit", "1", "--format", "json").json()), 1)

    def test_a_policy_gives_the_sections_that_discuss_it(self):
        links = self.ok("related", "28832", "--limit", "-1", "--format", "json").json()
        self.assertIn(MOBILITY, [l["section"]["ordinal"] for l in links])
        self.assertEqual({l["policy"]["id"] for l in links}, {"28832"})
        for link in links:
            self.check_evidence(link)

    def test_table_and_errors(self):
        out = self.ok("related", REPORT, "--section", str(MOBILITY), "--format", "csv").out
        self.assertEqual(out.splitlines()[0], "report,section,heading,policy,score,evidence,title")
        self.assertIn("name Erasmus+: report line ", out)
        r = self.vetq("related", "nope")
        self.assertEqual(r.code, 1, repr(r))
        self.assertIn("no policy or report with id 'nope'", r.err)
        r = self.vetq("related", REPORT, "--section", "99")
        self.assertEqual(r.code, 1, repr(r))
        self.assertEqual(self.vetq("related", "28832", "--section", "2").code, 2)


if __name__ == "__main__":
    unittest.main()
