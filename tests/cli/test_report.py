"""Regional reports end to end: ingest samples/, then show and query the DIG.INT annex."""
import json
import shutil
import unittest

from support import VetqTestCase, sample

REPORT_ID = "2022-1-it01-ka220-vet-000089459-auvergne-rhone-alpes"
TEXT = "report-digint-auvergne-rhone-alpes.txt"
PDF = "report-digint-auvergne-rhone-alpes.pdf"


def has_pdf(case):
    return "report-pdf" in case.ok("formats", db=False).out


class ReportTest(VetqTestCase):
    def test_show_prints_the_full_record(self):
        self.ingest_samples()
        doc = self.ok("show", REPORT_ID, "--format", "json").json()
        self.assertEqual(doc["kind"], "report")
        self.assertEqual(doc["id"], REPORT_ID)
        self.assertEqual(doc["project"]["number"], "2022-1-IT01-KA220-VET-000089459")
        self.assertEqual(doc["region"], "Auvergne-Rhône-Alpes")
        self.assertEqual(doc["country"], "France")
        self.assertEqual(doc["country_code"], "FR")
        self.assertEqual(doc["version"], "3")
        self.assertEqual(doc["date"], "2025-06-28")
        self.assertEqual([h["date"] for h in doc["history"]],
                         ["2025-05-28", "2025-06-09", "2025-06-28"])
        self.assertEqual(len(doc["sections"]), 10)
        self.assertEqual(doc["sections"][-1]["heading"], "Turning reflection into action")
        self.assertEqual(len(doc["figures"]), 8)
        self.assertEqual(len(doc["swot"]), 18)
        self.assertEqual(len(doc["recommendations"]), 9)
        acts = [m["value"] for m in doc["mentions"] if m["type"] == "legal_act"]
        self.assertIn("law 2022-217 of 2022-02-21", acts)
        stats = [m for m in doc["mentions"] if m["type"] == "statistic"]
        self.assertTrue(any(m["number"] == 5951 and m["unit"] == "candidates" for m in stats))
        self.assertTrue(doc["categories"])
        self.assertTrue(doc["target_groups"])

    def test_query_reports_by_country(self):
        self.ingest_samples()
        for country in ("France", "FR", "france"):
            rows = self.ok("query", "--kind", "report", "--country", country,
                           "--format", "json").json()
            self.assertEqual([r["id"] for r in rows], [REPORT_ID], country)
        rows = self.ok("query", "--kind", "report", "--country", "Italy", "--format", "json").json()
        self.assertEqual(rows, [])

    def test_query_sections_by_text(self):
        self.ingest_samples()
        rows = self.ok("query", "--kind", "section", "--text", "apprenticeship",
                       "--format", "json").json()
        self.assertTrue(rows)
        self.assertTrue(all(r["report"] == REPORT_ID for r in rows))
        headings = {r["heading"] for r in rows}
        self.assertIn("Turning reflection into action", headings)
        rows = self.ok("query", "--kind", "section", "--text", "SWOT", "--format", "json").json()
        self.assertEqual([r["heading"] for r in rows],
                         ["Internationalization Strategy of French VET Institutions"])

    def test_text_is_detected_and_diagnostics_name_lines(self):
        r = self.ok("ingest", "-v", sample(TEXT))
        self.assertIn(f"{sample(TEXT)}:212: note: stray citation chip", r.err)
        self.assertIn(f"{sample(TEXT)}:65: note: whitespace-only line", r.err)
        fmt = self.ok("show", REPORT_ID, "--format", "json").json()["source"]["format"]
        self.assertEqual(fmt, "report-text")

    def test_pdf_gives_the_same_record_as_the_text(self):
        if not has_pdf(self):
            self.skipTest("built without VETQ_PDF")
        self.ok("ingest", sample(TEXT))
        text_doc = self.ok("show", REPORT_ID, "--format", "json").json()
        other_db = self.db + ".pdf"
        pdf_doc = None
        try:
            self.db, saved = other_db, self.db
            self.ok("ingest", sample(PDF))
            pdf_doc = self.ok("show", REPORT_ID, "--format", "json").json()
        finally:
            self.db = saved
        self.assertEqual(pdf_doc["source"]["format"], "report-pdf")

        def without_lines(value):
            if isinstance(value, dict):
                return {k: without_lines(v) for k, v in value.items()
                        if k not in ("line", "lines", "source", "versions")}
            if isinstance(value, list):
                return [without_lines(v) for v in value]
            return value

        self.assertEqual(json.dumps(without_lines(pdf_doc), sort_keys=True, ensure_ascii=False),
                         json.dumps(without_lines(text_doc), sort_keys=True, ensure_ascii=False))

    def test_formats_lists_the_report_parsers(self):
        out = self.ok("formats", db=False).out
        self.assertIn("report-text", out)


if __name__ == "__main__":
    unittest.main()
