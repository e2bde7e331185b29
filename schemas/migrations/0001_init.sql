-- vetq database, schema version 1.
-- Applied by Store::open inside one IMMEDIATE transaction; PRAGMA user_version records the
-- number of the last applied migration (this file is 0001). Never edit a released migration:
-- add 0002_*.sql instead and list it in schemas/CMakeLists.txt.

-- Every source file ingested, by content hash: an unchanged file is skipped on re-ingest.
CREATE TABLE source_file (
  sha256      TEXT PRIMARY KEY,
  path        TEXT NOT NULL,
  format      TEXT NOT NULL,
  records     INTEGER NOT NULL,
  ingested_at TEXT NOT NULL
) STRICT;

-- The current version of each policy development. `doc` is the full record as JSON
-- (schemas/record.schema.json): the full page's record (`page_doc`) with the fields it lacks
-- filled from the latest search-result listing entry of the same id (`listing_entry`), or the
-- listing entry alone (partial = 1) while no page arrived. The other columns are copies of
-- `doc` for filtering and sorting.
CREATE TABLE policy (
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
  doc           TEXT NOT NULL CHECK (json_valid(doc)),
  page_doc      TEXT CHECK (page_doc IS NULL OR json_valid(page_doc)),
  source_path   TEXT NOT NULL,
  source_sha256 TEXT NOT NULL,
  ingested_at   TEXT NOT NULL
) STRICT;

-- The latest listing entry per policy id, merged over earlier ones (a later listing wins,
-- fields it lacks are kept), so that a page and a listing combine the same in any order.
CREATE TABLE listing_entry (
  id            TEXT PRIMARY KEY,
  doc           TEXT NOT NULL CHECK (json_valid(doc)),
  source_path   TEXT NOT NULL,
  source_sha256 TEXT NOT NULL,
  ingested_at   TEXT NOT NULL
) STRICT;

CREATE TABLE policy_timeline (
  policy INTEGER NOT NULL REFERENCES policy(pk) ON DELETE CASCADE,
  year   INTEGER NOT NULL,
  stage  TEXT NOT NULL
) STRICT;
CREATE INDEX policy_timeline_by_year ON policy_timeline(year, stage, policy);
CREATE INDEX policy_timeline_by_policy ON policy_timeline(policy);

-- The current version of each regional report.
CREATE TABLE report (
  pk            INTEGER PRIMARY KEY,
  id            TEXT NOT NULL UNIQUE,
  title         TEXT,
  region        TEXT,
  country       TEXT,
  country_code  TEXT,
  version       TEXT,
  date          TEXT,
  content_hash  TEXT NOT NULL,
  doc           TEXT NOT NULL CHECK (json_valid(doc)),
  source_path   TEXT NOT NULL,
  source_sha256 TEXT NOT NULL,
  ingested_at   TEXT NOT NULL
) STRICT;

CREATE TABLE report_section (
  pk         INTEGER PRIMARY KEY,
  report     INTEGER NOT NULL REFERENCES report(pk) ON DELETE CASCADE,
  ordinal    INTEGER NOT NULL,
  heading    TEXT NOT NULL,
  text       TEXT NOT NULL,
  first_line INTEGER NOT NULL,
  last_line  INTEGER NOT NULL
) STRICT;
CREATE INDEX report_section_by_report ON report_section(report, ordinal);

-- One row per (record, dimension, value): the filters, `stats` and `facets` read only this.
-- dim: country, type, subsystem, stage, year, audience, target_group, category, subcategory,
-- framework, priority, body; reports also region, organisation, programme, legal_act, place.
-- parent: the audience of a group, the category of a
-- sub-category, the framework of a priority, the code of a country.
CREATE TABLE facet (
  kind   TEXT NOT NULL CHECK (kind IN ('policy', 'report')),
  owner  INTEGER NOT NULL,
  dim    TEXT NOT NULL,
  value  TEXT NOT NULL,
  parent TEXT
) STRICT;
CREATE INDEX facet_by_value ON facet(dim, value, kind, owner);
CREATE INDEX facet_by_owner ON facet(kind, owner);

-- Earlier versions of records that a changed source replaced.
CREATE TABLE history (
  kind          TEXT NOT NULL CHECK (kind IN ('policy', 'report')),
  id            TEXT NOT NULL,
  edition       TEXT,
  content_hash  TEXT NOT NULL,
  source_path   TEXT NOT NULL,
  source_sha256 TEXT NOT NULL,
  ingested_at   TEXT NOT NULL,
  replaced_at   TEXT NOT NULL,
  doc           TEXT NOT NULL
) STRICT;
CREATE INDEX history_by_id ON history(kind, id);

-- Full text. Only what users search is indexed: a policy's title, background, objectives,
-- description and responsible bodies (never the category boilerplate); a report section's
-- heading, text and figure captions. The policy index keeps no copy of its text: it reads it
-- from policy_search, a view over policy.doc (FTS5 external content), so the stored text
-- exists once. Write order matters (lib/store.cpp): 'delete' from the index while the old row
-- is still there, then update the row, then index the new one.
CREATE VIEW policy_search(pk, title, body) AS
  SELECT pk, title,
         coalesce(json_extract(doc, '$.background'), '') || char(10) ||
         coalesce(json_extract(doc, '$.objectives'), '') || char(10) ||
         coalesce(json_extract(doc, '$.description'), '') || char(10) ||
         coalesce((SELECT group_concat(json_extract(b.value, '$.name'), char(10))
                   FROM json_each(doc, '$.bodies') AS b), '')
  FROM policy;
CREATE VIRTUAL TABLE policy_fts USING fts5(
  title, body, content = 'policy_search', content_rowid = 'pk',
  tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE section_fts USING fts5(
  heading, body, tokenize = 'unicode61 remove_diacritics 2');
