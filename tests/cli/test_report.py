"""Regional reports end to end: ingest samples/, then show and query the DIG.INT annex."""
import json
import os
import re
import shutil
import unittest
import zipfile

from support import VetqTestCase, fixture, sample

REPORT_ID = "2022-1-it01-ka220-vet-000089459-auvergne-rhone-alpes"
TEXT = "report-digint-auvergne-rhone-alpes.txt"
PDF = "report-digint-auvergne-rhone-alpes.pdf"
DOCX = fixture("reports", "report-digint-auvergne-rhone-alpes.docx")
SIBLING = fixture("reports", "report-digint-sibling")  # + .txt, .docx, .libreoffice.pdf
SIBLING_ID = "2022-1-it01-ka220-vet-000089459-emilia-romagna"


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


def without_lines(value):
    """A record without what differs between the forms of one document: line numbers and
    provenance."""
    if isinstance(value, dict):
        return {k: without_lines(v) for k, v in value.items()
                if k not in ("line", "lines", "source", "versions")}
    if isinstance(value, list):
        return [without_lines(v) for v in value]
    return value


class ReportForms(VetqTestCase):
    """The report as people publish it (Word, PDF) gives the record of its text export."""

    def show_alone(self, path, report_id):
        """Ingests `path` into a database of its own and returns the report's JSON document."""
        saved, self.db = self.db, os.path.join(self.tmp, os.path.basename(path) + ".db")
        try:
            self.ok("ingest", path)
            return self.ok("show", report_id, "--format", "json").json()
        finally:
            self.db = saved

    def assert_same_as_text(self, path, fmt):
        text_doc = self.show_alone(sample(TEXT), REPORT_ID)
        doc = self.show_alone(path, REPORT_ID)
        self.assertEqual(doc["source"]["format"], fmt)
        self.assertEqual(doc["project"]["number"], "2022-1-IT01-KA220-VET-000089459")
        self.assertEqual((doc["version"], doc["date"]), ("3", "2025-06-28"))
        self.assertEqual([len([s for s in doc["swot"] if s["quadrant"] == q])
                          for q in ("strengths", "weaknesses", "opportunities", "threats")],
                         [5, 4, 5, 4])
        self.assertEqual(len(doc["recommendations"]), 9)
        self.assertEqual(json.dumps(without_lines(doc), sort_keys=True, ensure_ascii=False),
                         json.dumps(without_lines(text_doc), sort_keys=True, ensure_ascii=False))

    def assert_sibling_expected(self, path, fmt):
        with open(SIBLING + ".expected.json", encoding="utf-8") as f:
            want = json.load(f)
        doc = self.show_alone(path, SIBLING_ID)
        self.assertEqual(doc["source"]["format"], fmt)
        for key in ("id", "title", "region", "country", "country_code", "version", "date"):
            self.assertEqual(doc[key], want[key], key)
        self.assertEqual({k: doc["project"][k] for k in want["project"]}, want["project"])
        self.assertEqual(doc["history"], want["history"])
        self.assertEqual([s["heading"] for s in doc["sections"]], want["sections"])
        self.assertEqual([{k: f[k] for k in ("number", "caption", "title", "source") if f.get(k)}
                          for f in doc["figures"]],
                         [{k: f[k] for k in ("number", "caption", "title", "source") if f.get(k)}
                          for f in want["figures"]])
        swot = {}
        for item in doc["swot"]:
            swot.setdefault(item["quadrant"], []).append(item["text"])
        self.assertEqual(swot, want["swot"])
        self.assertEqual([r["title"] for r in doc["recommendations"]], want["recommendations"])

    def test_docx_gives_the_same_record_as_the_text(self):
        self.assert_same_as_text(DOCX, "report-docx")

    def test_sibling_gives_its_expected_values_as_text_and_docx(self):
        self.assert_sibling_expected(SIBLING + ".txt", "report-text")
        self.assert_sibling_expected(SIBLING + ".docx", "report-docx")

    def test_pdfs_of_two_producers_give_the_same_record_as_the_text(self):
        if not has_pdf(self):
            self.skipTest("built without VETQ_PDF")
        for name in ("libreoffice", "print"):
            with self.subTest(name):
                self.assert_same_as_text(
                    fixture("reports", f"report-digint-auvergne-rhone-alpes.{name}.pdf"),
                    "report-pdf")

    def test_sibling_gives_its_expected_values_as_pdf(self):
        if not has_pdf(self):
            self.skipTest("built without VETQ_PDF")
        self.assert_sibling_expected(SIBLING + ".libreoffice.pdf", "report-pdf")

    def test_pdf_running_header_and_page_numbers_are_never_text(self):
        if not has_pdf(self):
            self.skipTest("built without VETQ_PDF")
        pdf = fixture("reports", "report-digint-auvergne-rhone-alpes.print.pdf")
        r = self.ok("ingest", "-v", pdf)
        path = re.escape(pdf)
        self.assertRegex(r.err, rf"{path}:\d+: note: running footer 'Page 1 of 11' on 11 page")
        self.assertRegex(r.err, rf"{path}:1: note: running header 'DIG.INT Partners' Regional "
                                "Reports – Annexes' on 11 page")
        text = json.dumps(self.ok("show", REPORT_ID, "--format", "json").json()["sections"],
                          ensure_ascii=False)
        self.assertNotIn("Page 1 of 11", text)
        self.assertNotIn("Regional Reports – Annexes", text)

    def test_docx_headers_and_footers_are_never_text(self):
        r = self.ok("ingest", "-v", DOCX)
        self.assertIn(f"{DOCX}:0: note: page footer 'Co-funded by the Erasmus+ Programme of the "
                      "European Union — page 1' (word/footer1.xml) — page furniture", r.err)
        doc = self.ok("show", REPORT_ID, "--format", "json").json()
        text = json.dumps(doc["sections"], ensure_ascii=False)
        self.assertNotIn("— page", text)
        self.assertNotIn("Co-funded by the Erasmus+ Programme of the European Union", text)

    def test_zip_bomb_is_an_error_for_that_file_only(self):
        bomb = os.path.join(self.tmp, "bomb.docx")
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats'
                       '.org/wordprocessingml/2006/main"><w:body/></w:document>')
            z.writestr("word/media/image1.png", bytes(65 << 20))  # deflates to ~64 KiB
        self.assertLess(os.path.getsize(bomb), 1 << 20)
        r = self.vetq("ingest", sample(TEXT), bomb)
        self.assertEqual(r.code, 1, r)
        self.assertIn(f"{bomb}:0: error: 'word/media/image1.png' unpacks to more than 64 MiB, "
                      "the bound for one entry of a Word document — a zip bomb", r.err)
        self.assertIn("ingested 1, unchanged 0, failed 1", r.err)
        ids = [x["id"] for x in self.ok("query", "--kind", "report", "--format", "json").json()]
        self.assertEqual(ids, [REPORT_ID])

    def test_formats_lists_report_docx(self):
        self.assertIn("report-docx", self.ok("formats", db=False).out)


if __name__ == "__main__":
    unittest.main()
