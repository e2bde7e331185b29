"""export for spreadsheet users: flat CSV (no JSON in a cell), --json-cells, --bom, and an xlsx
workbook read back with openpyxl, against the values of the real samples."""
import csv
import io
import json
import os
import unittest

from support import SAMPLES, VetqTestCase, sample

try:
    import openpyxl
except ImportError:  # make deps installs python3-openpyxl
    openpyxl = None

PAGE = sample("policy-28228-france-digital-transition.txt")
LIMIT = 32767
MARKER = " […cut: a cell holds at most 32,767 characters]"


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


class Samples(VetqTestCase):
    @classmethod
    def setUpClass(cls):
        import tempfile
        cls.shared = tempfile.mkdtemp(prefix="vetq-sheet-")
        cls.shared_db = os.path.join(cls.shared, "vetq.db")
        case = VetqTestCase()
        case.db = cls.shared_db
        r = case.vetq("ingest", SAMPLES)
        assert r.code == 0, r
        cls.records = {d["id"]: d for d in json.loads(case.vetq("export", "--format", "json").out)}

    @classmethod
    def tearDownClass(cls):
        import shutil
        shutil.rmtree(cls.shared, ignore_errors=True)

    def setUp(self):
        super().setUp()
        self.db = self.shared_db

    def csv_rows(self, *args):
        r = self.ok("export", "--format", "csv", *args)
        return r, list(csv.DictReader(io.StringIO(r.out)))


class FlatCsv(Samples):
    def test_flat_cells_hold_no_json(self):
        r, rows = self.csv_rows()
        by_id = {row["id"]: row for row in rows}
        self.assertEqual(list(by_id), ["28020", "28228", "28238", "28832",
                                       "2022-1-it01-ka220-vet-000089459-auvergne-rhone-alpes"])
        clea = by_id["28238"]
        self.assertEqual(clea["kind"], "policy")
        self.assertEqual(clea["type"], "Practical measure/Initiative")
        self.assertEqual(clea["subsystem"], "CVET")
        self.assertEqual(clea["citation_year"], "2025")
        self.assertTrue(clea["timeline"].startswith("2015 Implementation; 2016 Implementation"))
        self.assertIn("Learners: Adult learners", clea["target_groups"].split("; "))
        self.assertIn("National cross-sector jobs and training committee (COPANEF) (–2019)",
                      clea["bodies"].split("; "))
        self.assertIn("Modernising VET offer and delivery: Acquiring key competences",
                      clea["categories"].split("; "))
        self.assertIn("VET Recommendation: VET promoting equality of opportunities",
                      clea["priorities"].split("; "))
        self.assertTrue(clea["source_path"].endswith(".html") or clea["source_path"].endswith(".txt"))
        self.assertEqual(clea["source_format"], self.records["28238"]["source"]["format"])
        report = by_id["2022-1-it01-ka220-vet-000089459-auvergne-rhone-alpes"]
        self.assertEqual(report["region"], "Auvergne-Rhône-Alpes")
        self.assertEqual(report["project_number"], "2022-1-IT01-KA220-VET-000089459")
        self.assertTrue(report["sections"].startswith("DOCUMENT IDENTIFICATION\n"))
        self.assertEqual(clea["region"], "")  # a report column: empty for a policy
        for row in rows:
            for column, cell in row.items():
                self.assertFalse(cell.startswith(("{", "[{", '["')), (row["id"], column, cell[:80]))
                self.assertLessEqual(utf16_len(cell), LIMIT)
        self.assertEqual(r.err, "")

    def test_json_cells_keep_the_earlier_form(self):
        _, rows = self.csv_rows("--json-cells", "--kind", "policy")
        clea = {row["id"]: row for row in rows}["28238"]
        self.assertEqual(json.loads(clea["timeline"]), self.records["28238"]["timeline"])
        self.assertEqual(json.loads(clea["categories"]), self.records["28238"]["categories"])
        self.assertEqual(clea["subsystem"], "CVET")

    def test_bom(self):
        r = self.ok("export", "--format", "csv", "--bom", "--kind", "policy")
        self.assertTrue(r.out.startswith("\ufeffkind,id,title,"), r.out[:40])
        self.assertIn("CléA certificates", r.out)
        self.assertFalse(self.ok("export", "--format", "csv").out.startswith("\ufeff"))

    def test_usage_errors(self):
        r = self.vetq("export", "--format", "xlsx")
        self.assertEqual(r.code, 2, r)
        self.assertIn("name it with -o FILE.xlsx", r.err)
        r = self.vetq("export", "--format", "xlsx", "-o", os.path.join(self.tmp, "no", "x.xlsx"))
        self.assertEqual(r.code, 1, r)
        self.assertEqual(r.err, f"vetq: {self.tmp}/no/x.xlsx: cannot create: No such file or "
                                "directory — check the path and its permissions\n")
        r = self.vetq("export", "--bom")
        self.assertEqual(r.code, 2, r)
        self.assertIn("--bom applies to --format csv only", r.err)

    def test_output_file(self):
        out = os.path.join(self.tmp, "corpus.csv")
        r = self.ok("export", "--format", "csv", "-o", out)
        self.assertEqual(r.out, "")
        with open(out, encoding="utf-8") as f:
            self.assertEqual(f.read(), self.ok("export", "--format", "csv").out)


@unittest.skipIf(openpyxl is None, "python3-openpyxl is not installed (make deps)")
class Workbook(Samples):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.xlsx = os.path.join(cls.shared, "corpus.xlsx")
        case = VetqTestCase()
        case.db = cls.shared_db
        r = case.vetq("export", "--format", "xlsx", "-o", cls.xlsx)
        assert r.code == 0 and r.out == "" and r.err == "", r
        cls.wb = openpyxl.load_workbook(cls.xlsx)

    def table(self, name):
        rows = list(self.wb[name].iter_rows(values_only=True))
        return [dict(zip(rows[0], row)) for row in rows[1:]]

    def test_sheets_frozen_and_filtered(self):
        self.assertEqual(self.wb.sheetnames, ["policies", "timeline", "target_groups", "categories",
                                              "bodies", "priorities", "reports"])
        for ws in self.wb.worksheets:
            self.assertEqual(ws.freeze_panes, "A2", ws.title)
            self.assertTrue(ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title)
            self.assertEqual(ws.auto_filter.ref.split(":")[1][-1:].isdigit(), True)

    def test_policies_sheet(self):
        rows = {r["id"]: r for r in self.table("policies")}
        self.assertEqual(sorted(rows), ["28020", "28228", "28238", "28832"])
        clea = rows["28238"]
        self.assertEqual(clea["title"],
                         "CléA certificates for developing and assessing key competences of work force")
        self.assertEqual(clea["country"], "France")
        self.assertEqual(clea["country_code"], "FR")
        self.assertEqual(clea["citation_year"], 2025)  # a number, not text
        self.assertIs(clea["partial"], False)
        self.assertEqual(rows["28020"]["country"], "Belgium-FR")
        self.assertIsNone(rows["28228"]["type"])  # the source lacks it
        self.assertEqual(clea["description"], self.records["28238"]["description"])

    def test_dimension_sheets_match_the_records(self):
        expect = {
            "timeline": ("year", "stage"),
            "target_groups": ("audience", "group"),
            "categories": ("category", "subcategory", "evidence"),
            "bodies": ("name", "from", "until"),
            "priorities": ("framework", "item"),
        }
        for sheet, fields in expect.items():
            got = [(r["kind"], r["id"]) + tuple(r[f] for f in fields) for r in self.table(sheet)]
            want = [(d["kind"], d["id"]) + tuple(item.get(f) for f in fields)
                    for d in self.records.values() for item in d.get(sheet, [])]
            self.assertEqual(got, want, sheet)
        bodies = [r for r in self.table("bodies") if r["id"] == "28238"]
        self.assertIn({"kind": "policy", "id": "28238", "name":
                       "National cross-sector jobs and training committee (COPANEF)",
                       "from": None, "until": 2019}, bodies)
        years = [r["year"] for r in self.table("timeline") if r["id"] == "28238"]
        self.assertEqual(years[0], 2015)

    def test_reports_sheet(self):
        [report] = self.table("reports")
        self.assertEqual(report["region"], "Auvergne-Rhône-Alpes")
        self.assertEqual(report["date"], "2025-06-28")
        self.assertEqual(report["project_name"], "DIG.INT – Digital International Trainers")
        self.assertIn("DOCUMENT IDENTIFICATION", report["sections"])


class LongText(VetqTestCase):
    """A description longer than a cell holds (the real page, its description made long)."""

    def setUp(self):
        super().setUp()
        with open(PAGE, encoding="utf-8") as f:
            text = f.read()
        long = ("Qualéduc 𝄞 " * 5000).strip()  # 55,000 UTF-16 units: 𝄞 counts twice
        page = text.replace("Description\n", "Description\n" + long + "\n", 1)
        self.ok("ingest", self.write("long/28228.txt", page))

    def test_csv_cell_cut_with_marker_and_warning(self):
        r = self.ok("export", "--format", "csv")
        [row] = list(csv.DictReader(io.StringIO(r.out)))
        self.assertEqual(utf16_len(row["description"]), LIMIT)
        self.assertTrue(row["description"].endswith(MARKER))
        self.assertTrue(row["description"].startswith("Qualéduc 𝄞 Qualéduc"))
        self.assertRegex(r.err, r"<stdout>:0: warning: record 28228: description has \d+ "
                                r"characters, cut to 32,767")
        self.assertNotIn("warning", self.ok("-q", "export", "--format", "csv").err)
        whole = self.ok("export", "--format", "csv", "--json-cells").out
        self.assertIn(("Qualéduc 𝄞 " * 5000).strip(), whole)  # --json-cells cuts nothing

    @unittest.skipIf(openpyxl is None, "python3-openpyxl is not installed (make deps)")
    def test_xlsx_cell_cut(self):
        out = os.path.join(self.tmp, "long.xlsx")
        r = self.ok("export", "--format", "xlsx", "-o", out)
        self.assertIn(f"{out}:0: warning: record 28228: description has", r.err)
        ws = openpyxl.load_workbook(out)["policies"]
        header = [c.value for c in ws[1]]
        cell = ws.cell(row=2, column=header.index("description") + 1).value
        self.assertEqual(utf16_len(cell), LIMIT)
        self.assertTrue(cell.endswith(MARKER))


if __name__ == "__main__":
    unittest.main()
