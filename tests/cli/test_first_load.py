"""A first load into an empty database sets the query-only indexes aside and builds them once
at the end (lib/store/bulk.cpp); a load that never finished is repaired by the next ingest."""
import os
import sqlite3
import unittest

from support import VetqTestCase, sample

DEFERRED = ("facet_row_by_value", "policy_timeline_by_year")


def schema(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema "
                           "ORDER BY name").fetchall()
    finally:
        con.close()


def stats(db):
    con = sqlite3.connect(db)
    try:
        return sorted(con.execute("SELECT tbl, idx, stat FROM sqlite_stat1").fetchall())
    finally:
        con.close()


def waiting(db):
    con = sqlite3.connect(db)
    try:
        return [r[0] for r in con.execute("SELECT name FROM deferred_index ORDER BY name")]
    finally:
        con.close()


class FirstLoadTest(VetqTestCase):
    def answers(self, db):
        """What queries that read the deferred indexes give, on database `db`."""
        out = []
        for args in (["query", "--category", "Supporting lifelong learning culture and increasing "
                      "participation", "--format", "json"],
                     ["query", "--year", "2024", "--stage", "Implementation", "--format", "json"],
                     ["stats", "--by", "country", "--format", "json"]):
            out.append(self.ok("--db", db, *args, db=False).json())
        return out

    def test_first_load_builds_the_same_indexes_and_answers(self):
        # samples/ holds 10 files: more than a batch of 2, so this is a first load.
        r = self.ok("-v", "ingest", "--batch", "2", sample())
        self.assertIn("first load: built the 2 query indexes set aside", r.err)
        plain = os.path.join(self.tmp, "plain.db")
        r = self.ok("--db", plain, "-v", "ingest", sample(), db=False)
        self.assertNotIn("first load", r.err)  # one batch: nothing set aside
        self.assertEqual(schema(self.db), schema(plain))
        self.assertEqual(waiting(self.db), [])
        names = [row[1] for row in schema(self.db)]
        for name in DEFERRED:
            self.assertIn(name, names)
        self.assertEqual(self.answers(self.db), self.answers(plain))
        # The planner's figures for the facet tables (schema 9) survive the indexes set aside,
        # and with them a value's records are found from the value, not by reading every row.
        self.assertEqual(stats(self.db), stats(plain))
        self.assertIn(("facet_row", "facet_row_by_value", "1000000 100 100 1"), stats(self.db))
        con = sqlite3.connect(self.db)
        plan = " ".join(r[3] for r in con.execute(
            "EXPLAIN QUERY PLAN SELECT owner FROM facet WHERE kind = 'policy' AND "
            "dim = 'category' AND value IN ('Governance of VET and lifelong learning')"))
        con.close()
        self.assertIn("facet_value_by_text (dim=? AND value=?)", plan)
        self.assertIn("facet_row_by_value (value_id=?", plan)
        # The documents vetq writes are JSON: schema 7 no longer has SQLite check each one.
        con = sqlite3.connect(self.db)
        stored = con.execute("SELECT count(*), sum(json_valid(doc)), "
                             "sum(page_doc IS NULL OR json_valid(page_doc)) FROM policy_doc").fetchone()
        con.close()
        self.assertEqual(stored, (4, 4, 4))
        first = self.answers(self.db)[0]
        self.assertEqual(sorted(p["id"] for p in first), ["28020", "28228", "28238", "28832"])

    def test_a_database_with_records_is_not_a_first_load(self):
        self.ok("ingest", sample("policy-28238-france-clea-certificates.txt"))
        r = self.ok("-v", "ingest", "--batch", "2", sample())
        self.assertNotIn("first load", r.err)
        self.assertIn("facet_row_by_value", [row[1] for row in schema(self.db)])

    def test_an_unfinished_first_load_is_repaired_by_the_next_ingest(self):
        self.ok("ingest", sample())
        before = self.answers(self.db)
        # What a load killed before its end leaves: the indexes aside, their definitions kept.
        con = sqlite3.connect(self.db)
        for name in DEFERRED:
            con.execute("INSERT INTO deferred_index(name, sql) SELECT name, sql FROM "
                        "sqlite_schema WHERE name = ?", (name,))
            con.execute(f"DROP INDEX {name}")
        con.commit()
        con.close()
        self.assertEqual(self.answers(self.db), before)  # slower, never different
        r = self.ok("-v", "ingest", sample("policy-28238-france-clea-certificates.txt"))
        self.assertIn("built the 2 query indexes an unfinished first load set aside", r.err)
        self.assertEqual(waiting(self.db), [])
        plain = os.path.join(self.tmp, "plain.db")
        self.ok("--db", plain, "ingest", sample(), db=False)
        self.assertEqual(schema(self.db), schema(plain))
        self.assertEqual(self.answers(self.db), before)


if __name__ == "__main__":
    unittest.main()
