-- Schema 7: policy_doc without its CHECK (json_valid(...)) constraints. SQLite parsed every
-- ~9 KB document again before storing it: 8 % of the writer's instructions in an ingest, for
-- documents vetq itself serialises from parsed JSON (tests/cli/test_first_load.py checks that
-- every stored document is valid JSON). The table is rebuilt with the same columns, so the
-- views over it (policy_search, policies, ...) read it as before: with legacy_alter_table on,
-- the rename leaves them as they are instead of checking them while the name is missing.
-- Store::open runs migrations with foreign keys off and checks them before COMMIT.
PRAGMA legacy_alter_table = ON;
CREATE TABLE policy_doc_new (
  pk       INTEGER PRIMARY KEY REFERENCES policy(pk) ON DELETE CASCADE,
  doc      TEXT NOT NULL,
  page_doc TEXT,
  bodies   TEXT
) STRICT;
INSERT INTO policy_doc_new(pk, doc, page_doc, bodies)
  SELECT pk, doc, page_doc, bodies FROM policy_doc ORDER BY pk;
DROP TABLE policy_doc;
ALTER TABLE policy_doc_new RENAME TO policy_doc;
PRAGMA legacy_alter_table = OFF;
