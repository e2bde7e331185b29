"""Schema migrations: a database written by an earlier vetq is upgraded in place by the first
write command (ingest), with every record, its history and its full-text index intact; read
commands refuse it without changing it."""
import json
import os
import sqlite3
import unittest

from support import SAMPLES, SOURCE_DIR, VetqTestCase, fts_matches_content, sample

MIGRATIONS = os.path.join(SOURCE_DIR, "schemas", "migrations")
PAGE = sample("policy-28228-france-digital-transition.txt")
# The schema version this vetq writes: the number of the last migration.
LATEST = max(int(f[:4]) for f in os.listdir(MIGRATIONS) if f.endswith(".sql"))


def make_v1(v1_path, current_path):
    """A version-1 database (schemas/migrations/0001_init.sql alone) holding what vetq wrote
    into `current_path`: the policy documents back in the policy row, every other table as is,
    the full-text indexes built as version 1 built them."""
    con = sqlite3.connect(v1_path, isolation_level=None)
    with open(os.path.join(MIGRATIONS, "0001_init.sql")) as f:
        con.executescript(f.read())
    con.execute("ATTACH ? AS cur", (current_path,))
    con.execute("BEGIN")
    cols = [r[1] for r in con.execute("PRAGMA main.table_info(policy)")]
    picked = ", ".join(f"d.{c}" if c in ("doc", "page_doc") else f"p.{c}" for c in cols)
    con.execute(f"INSERT INTO main.policy({', '.join(cols)}) SELECT {picked} "
                "FROM cur.policy p JOIN cur.policy_doc d ON d.pk = p.pk")
    for table in ("listing_entry", "policy_timeline", "report", "report_section", "history",
                  "source_file"):
        con.execute(f"INSERT INTO main.{table} SELECT * FROM cur.{table}")
    # Schema 9 keeps the facets as ids; the view `facet` reads them as version 1 stored them.
    con.execute("INSERT INTO main.facet(kind, owner, dim, value, parent) "
                "SELECT kind, owner, dim, value, parent FROM cur.facet ORDER BY kind, owner, seq")
    con.execute("INSERT INTO main.policy_fts(rowid, title, body) "
                "SELECT pk, title, body FROM main.policy_search")
    con.execute("INSERT INTO main.section_fts(rowid, heading, body) "
                "SELECT rowid, heading, body FROM cur.section_fts")
    con.execute("COMMIT")
    con.execute("DETACH cur")
    con.execute("PRAGMA user_version = 1")
    con.execute(f"PRAGMA application_id = {0x56455451}")
    con.close()


class FromVersion1(VetqTestCase):
    def setUp(self):
        super().setUp()
        self.ingest_samples()
        newer = read_text(PAGE).replace("(2024 update)", "(2025 update)")
        self.ok("ingest", self.write("28228-2025.txt", newer))  # a record with history
        self.v1 = os.path.join(self.tmp, "v1.db")
        make_v1(self.v1, self.db)

    def on(self, db, *args):
        r = self.vetq("--db", db, *args, db=False)
        self.assertEqual(r.code, 0, repr(r))
        return r

    def upgrade(self, db):
        """The first write command upgrades: an ingest of a file it holds already."""
        return self.on(db, "ingest", PAGE)

    def test_read_commands_refuse_an_old_database_and_leave_it_as_it_was(self):
        with open(self.v1, "rb") as f:
            before = f.read()
        for args in (("query",), ("show", "28228"), ("export",), ("stats", "--by", "category"),
                     ("facets", "country"), ("timeline",)):
            r = self.vetq("--db", self.v1, *args, db=False)
            self.assertEqual(r.code, 1, r)
            self.assertIn(f"{self.v1}: needs an upgrade (schema version 1, this vetq reads {LATEST}) — "
                          "run 'vetq ingest' (any write command) once", r.err)
            self.assertEqual(r.out, "")
        with open(self.v1, "rb") as f:
            self.assertEqual(f.read(), before)
        self.assertFalse(os.path.exists(self.v1 + "-wal"))

    def test_upgrade_keeps_records_history_and_search(self):
        con = sqlite3.connect(self.v1)
        self.assertEqual(con.execute("PRAGMA user_version").fetchone()[0], 1)
        self.assertIn("doc", [r[1] for r in con.execute("PRAGMA table_info(policy)")])
        con.close()
        # The first write command upgrades it; every answer is then the current database's.
        self.assertIn("ingested 0, unchanged 1", self.upgrade(self.v1).err)
        for args in (("export", "--format", "ndjson"),
                     ("show", "28228", "--format", "json"),
                     ("query", "--country", "France", "--fields", "id,title,url", "--format", "json"),
                     ("query", "--text", "apprenticeship", "--fields", "id,snippet", "--format", "json"),
                     ("query", "--kind", "section", "--text", "apprenticeship", "--format", "json"),
                     ("stats", "--by", "category", "--format", "json")):
            self.assertEqual(self.on(self.v1, *args).out, self.on(self.db, *args).out, args)
        con = sqlite3.connect(self.v1)
        self.assertEqual(con.execute("PRAGMA user_version").fetchone()[0], LATEST)
        self.assertNotIn("doc", [r[1] for r in con.execute("PRAGMA table_info(policy)")])
        self.assertEqual(con.execute("SELECT count(*) FROM policy_doc").fetchone()[0],
                         con.execute("SELECT count(*) FROM policy").fetchone()[0])
        self.assertEqual(con.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        self.assertEqual(con.execute("PRAGMA foreign_key_check").fetchall(), [])
        # Schema 8: the policy index merges 16 segments at a time, upgraded and new alike.
        for path in (self.v1, self.db):
            c = sqlite3.connect(path)
            self.assertEqual(c.execute("SELECT v FROM policy_fts_config WHERE k = 'automerge'")
                             .fetchall(), [(16,)], path)
            c.close()
        # Schema 9: the upgraded facets are the new database's, value for value, in order.
        facets = "SELECT kind, owner, dim, seq, value, parent FROM facet ORDER BY kind, owner, seq"
        c = sqlite3.connect(self.db)
        self.assertEqual(con.execute(facets).fetchall(), c.execute(facets).fetchall())
        self.assertGreater(len(c.execute(facets).fetchall()), 100)
        self.assertEqual(con.execute("SELECT count(*) FROM facet_value").fetchone(),
                         c.execute("SELECT count(*) FROM facet_value").fetchone())
        c.close()
        # A new file has 16 KiB pages; an upgraded one keeps the page size it was made with.
        self.assertEqual(con.execute("PRAGMA page_size").fetchone()[0], 4096)
        c = sqlite3.connect(self.db)
        self.assertEqual(c.execute("PRAGMA page_size").fetchone()[0], 16384)
        c.close()
        con.close()
        self.assertTrue(fts_matches_content(self.v1))
        doc = json.loads(self.on(self.v1, "show", "28228", "--format", "json").out)
        self.assertEqual(doc["edition"], "2025 update")
        self.assertEqual(doc["versions"][0]["edition"], "2024 update")

    def test_upgrade_is_announced_once_on_stderr(self):
        r = self.upgrade(self.v1)
        self.assertIn(f"{self.v1}:0: note: upgrading the database from schema version 1 to {LATEST}", r.err)
        self.assertEqual(r.out, "")  # stdout carries only results
        self.assertNotIn("upgrading", self.upgrade(self.v1).err)
        self.assertEqual(self.on(self.v1, "query").err, "")
        quiet = os.path.join(self.tmp, "quiet.db")
        make_v1(quiet, self.db)
        self.assertEqual(self.on(quiet, "--quiet", "ingest", PAGE).err, "")

    def test_upgraded_database_takes_new_versions(self):
        self.upgrade(self.v1)
        newest = read_text(PAGE).replace("(2024 update)", "(2026 update)").replace(
            "The project continued.", "The project continued with zorblatt.")
        self.on(self.v1, "ingest", self.write("28228-2026.txt", newest))
        hits = json.loads(self.on(self.v1, "query", "--text", "zorblatt", "--format", "json").out)
        self.assertEqual([h["id"] for h in hits], ["28228"])
        self.assertTrue(fts_matches_content(self.v1))


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


if __name__ == "__main__":
    unittest.main()
