"""The database as a documented interface (docs/database.md): Debian's sqlite-utils lists its
tables and views, reads their rows and searches the full-text indexes; GROUP BY over the views
gives what `vetq stats` counts."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from support import SAMPLES, SOURCE_DIR, VetqTestCase

SQLITE_UTILS = shutil.which("sqlite-utils")
VIEWS = ["policies", "policy_years", "policy_categories", "policy_subcategories",
         "policy_target_groups", "policy_bodies", "policy_priorities", "reports"]


@unittest.skipIf(SQLITE_UTILS is None, "sqlite-utils is not installed (make deps)")
class SqliteUtils(VetqTestCase):
    @classmethod
    def setUpClass(cls):
        cls.shared = tempfile.mkdtemp(prefix="vetq-db-")
        case = VetqTestCase()
        case.db = os.path.join(cls.shared, "vetq.db")
        r = case.vetq("ingest", SAMPLES)
        assert r.code == 0, r
        cls.shared_db = case.db

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.shared, ignore_errors=True)

    def setUp(self):
        super().setUp()
        self.db = self.shared_db

    def su(self, *args):
        p = subprocess.run([SQLITE_UTILS, *args], capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        return json.loads(p.stdout) if p.stdout.strip() else []

    def test_tables_and_views(self):
        tables = {t["table"]: t["count"] for t in self.su("tables", self.db, "--counts")}
        self.assertEqual(tables["policy"], 4)
        self.assertEqual(tables["report"], 1)
        for t in ("policy_doc", "policy_timeline", "facet_row", "facet_value", "history", "source_file",
                  "listing_entry", "report_section", "policy_fts", "section_fts"):
            self.assertIn(t, tables)
        views = [v["view"] for v in self.su("views", self.db)]
        for v in VIEWS:
            self.assertIn(v, views)

    def test_rows_of_the_views(self):
        policies = {r["id"]: r for r in self.su("rows", self.db, "policies")}
        self.assertEqual(sorted(policies), ["28020", "28228", "28238", "28832"])
        clea = policies["28238"]
        self.assertEqual(clea["type"], "Practical measure/Initiative")
        self.assertEqual(clea["subsystem"], "CVET")
        self.assertEqual(clea["citation_year"], 2025)
        self.assertEqual(clea["first_year"], 2015)
        categories = self.su("rows", self.db, "policy_subcategories")
        self.assertIn({"policy_id": "28238", "category": "Modernising VET offer and delivery",
                       "subcategory": "Acquiring key competences"}, categories)
        bodies = self.su("rows", self.db, "policy_bodies")
        self.assertIn({"policy_id": "28238", "body":
                       "National cross-sector jobs and training committee (COPANEF)",
                       "from_year": None, "until_year": 2019}, bodies)
        [report] = self.su("rows", self.db, "reports")
        self.assertEqual(report["region"], "Auvergne-Rhône-Alpes")
        self.assertEqual(report["sections"], 10)

    def test_search(self):
        hits = self.su("search", self.db, "policy_fts", "qualeduc")  # rowid, title, body
        self.assertEqual([h["title"] for h in hits],
                         ["Development of a quality assurance culture in initial VET training"])
        policy = self.su("query", self.db, "SELECT id FROM policies WHERE pk = :pk",
                         "-p", "pk", str(hits[0]["rowid"]))
        self.assertEqual(policy, [{"id": "28832"}])
        sections = self.su("search", self.db, "section_fts", "apprenticeship", "-c", "heading")
        self.assertGreater(len(sections), 0)

    def stats(self, *dims):
        args = []
        for d in dims:
            args += ["--by", d]
        return self.ok("stats", *args, "--format", "json").json()

    def test_group_by_over_the_views_is_vetq_stats(self):
        cases = {
            ("category",): "SELECT category, count(*) AS count FROM policy_categories GROUP BY 1",
            ("subcategory",): "SELECT subcategory, count(*) AS count FROM policy_subcategories "
                              "GROUP BY 1",
            ("target-group",): "SELECT target_group, count(*) AS count FROM policy_target_groups "
                               "GROUP BY 1",
            ("priority",): "SELECT priority, count(*) AS count FROM policy_priorities GROUP BY 1",
            ("year",): "SELECT year, count(DISTINCT policy_id) AS count FROM policy_years "
                       "GROUP BY 1",
            ("country",): "SELECT country, count(*) AS count FROM policies GROUP BY 1",
            ("stage",): "SELECT stage, count(DISTINCT policy_id) FROM policy_years GROUP BY 1",
            ("audience",): "SELECT audience, count(DISTINCT policy_id) FROM policy_target_groups "
                           "GROUP BY 1",
            ("body",): "SELECT body, count(DISTINCT policy_id) FROM policy_bodies GROUP BY 1",
            ("type",): "SELECT type, count(*) FROM policies WHERE type IS NOT NULL GROUP BY 1",
            ("country", "category"): "SELECT p.country, c.category, count(*) AS count "
                                     "FROM policies p JOIN policy_categories c "
                                     "ON c.policy_id = p.id GROUP BY 1, 2",
        }
        for dims, sql in cases.items():
            want = sorted(tuple(r.values()) for r in self.stats(*dims))
            got = sorted(tuple(r.values()) for r in self.su("query", self.db, sql))
            self.assertEqual(got, want, dims)
            self.assertGreater(len(got), 0, dims)

    def test_naive_json_each_overcounts_and_the_view_does_not(self):
        # What the docs warn about: one $.categories entry per sub-category.
        naive = self.su("query", self.db,
                        "SELECT count(*) AS n FROM policy_doc, json_each(policy_doc.doc, "
                        "'$.categories')")[0]["n"]
        view = self.su("query", self.db, "SELECT count(*) AS n FROM policy_categories")[0]["n"]
        self.assertGreater(naive, view)


class Documentation(unittest.TestCase):
    def test_docs_describe_every_table_view_and_column(self):
        import sqlite3
        with open(os.path.join(SOURCE_DIR, "docs", "database.md"), encoding="utf-8") as f:
            doc = f.read()
        tmp = tempfile.mkdtemp(prefix="vetq-doc-")
        try:
            case = VetqTestCase()
            case.db = os.path.join(tmp, "vetq.db")
            r = case.vetq("ingest", os.path.join(SAMPLES, "policy-28238-france-clea-certificates.txt"))
            self.assertEqual(r.code, 0, r)
            con = sqlite3.connect(case.db)
            objects = con.execute(
                "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') "
                "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts\\_%' ESCAPE '\\'").fetchall()
            for name, kind in objects:
                self.assertTrue(f"`{name}`" in doc, f"docs/database.md lacks the {kind} {name}")
                if name.endswith("_fts"):
                    continue
                for (col,) in con.execute("SELECT name FROM pragma_table_info(?)", (name,)):
                    self.assertTrue(re.search(rf"`{re.escape(col)}`", doc),
                                    f"docs/database.md lacks {name}.{col}")
            version = con.execute("PRAGMA user_version").fetchone()[0]
            self.assertRegex(doc, rf"`{version}` for\s+this page")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
