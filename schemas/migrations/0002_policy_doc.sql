-- vetq database, schema version 2: a policy's JSON documents move out of the policy row.
-- A filtered query reads policy rows only; with the ~9 KB document inline every matching row
-- cost a walk over its overflow pages (64 ms for 9,000 rows of a 100k-page database). Now
-- policy rows are ~200 bytes and the documents are read only by `show`, `export` and the
-- full-text index.

-- `doc` and `page_doc` as described in 0001_init.sql, one row per policy row.
CREATE TABLE policy_doc (
  pk       INTEGER PRIMARY KEY REFERENCES policy(pk) ON DELETE CASCADE,
  doc      TEXT NOT NULL CHECK (json_valid(doc)),
  page_doc TEXT CHECK (page_doc IS NULL OR json_valid(page_doc))
) STRICT;
INSERT INTO policy_doc(pk, doc, page_doc) SELECT pk, doc, page_doc FROM policy ORDER BY pk;

-- The policy table is rebuilt without the documents, so that its rows are packed (dropping
-- the columns in place would leave one short row per page). Store::open runs migrations with
-- foreign keys off, so that dropping the old table does not cascade into its children; the
-- children name the table, so they refer to the new one once it is renamed, and Store::open
-- runs PRAGMA foreign_key_check before COMMIT. The full-text index reads its text through the
-- view (external content, see 0001_init.sql), which gives the same text as before, so the
-- index stays valid.
DROP VIEW policy_search;
CREATE TABLE policy_new (
  pk            INTEGER PRIMARY KEY,
  id            TEXT NOT NULL UNIQUE,
  title         TEXT,
  country       TEXT,
  country_code  TEXT,
  type          TEXT,
  edition       TEXT,
  first_year    INTEGER,
  last_year     INTEGER,
  last_stage    TEXT,
  partial       INTEGER NOT NULL DEFAULT 0 CHECK (partial IN (0, 1)),
  content_hash  TEXT NOT NULL,
  source_path   TEXT NOT NULL,
  source_sha256 TEXT NOT NULL,
  ingested_at   TEXT NOT NULL
) STRICT;
INSERT INTO policy_new(pk, id, title, country, country_code, type, edition, first_year,
                       last_year, last_stage, partial, content_hash, source_path,
                       source_sha256, ingested_at)
  SELECT pk, id, title, country, country_code, type, edition, first_year, last_year,
         last_stage, partial, content_hash, source_path, source_sha256, ingested_at
  FROM policy ORDER BY pk;
DROP TABLE policy;
ALTER TABLE policy_new RENAME TO policy;
CREATE VIEW policy_search(pk, title, body) AS
  SELECT p.pk, p.title,
         coalesce(json_extract(d.doc, '$.background'), '') || char(10) ||
         coalesce(json_extract(d.doc, '$.objectives'), '') || char(10) ||
         coalesce(json_extract(d.doc, '$.description'), '') || char(10) ||
         coalesce((SELECT group_concat(json_extract(b.value, '$.name'), char(10))
                   FROM json_each(d.doc, '$.bodies') AS b), '')
  FROM policy p JOIN policy_doc d ON d.pk = p.pk;

-- `vetq query --country X` in its default order and columns reads this index alone (a
-- covering index: ~220 pages for 9,000 of 100k policies, against every page of the table).
-- The columns are those of the default output (lib/query.cpp), in its default order.
CREATE INDEX policy_by_country
  ON policy(country, CAST(id AS INTEGER), id, first_year, last_year, last_stage, title);
