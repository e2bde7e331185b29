-- Schema 9: each facet value is stored once, in facet_value, and a record's facets are rows of
-- integer ids in facet_row. A record has ~27 facet rows; with their texts in the rows (a
-- priority is 64 characters on average) the facet table and its two indexes were a quarter of
-- the database, and writing them a fifth of a 10,000-page load's time (bench/RESULTS.md). The
-- view `facet` keeps the columns the table had (plus `seq`, the order of a record's values),
-- so every query and analysis view reads it as before; the writer fills facet_value and
-- facet_row.
CREATE TABLE facet_value (
  id     INTEGER PRIMARY KEY,
  dim    TEXT NOT NULL,
  value  TEXT NOT NULL,
  parent TEXT
) STRICT;
INSERT INTO facet_value(dim, value, parent)
  SELECT DISTINCT dim, value, parent FROM facet ORDER BY dim, value, parent;
CREATE INDEX facet_value_by_text ON facet_value(dim, value, parent);

-- A record's facets, clustered by record: one b-tree, in which a record's values of one
-- dimension are one range (the filters, `stats` and the query's list columns read them so;
-- `dim` is repeated here for that). `ord` is the value's place among the record's facets, as
-- the source lists them.
CREATE TABLE facet_row (
  kind     TEXT NOT NULL CHECK (kind IN ('policy', 'report')),
  owner    INTEGER NOT NULL,
  dim      TEXT NOT NULL,
  ord      INTEGER NOT NULL,
  value_id INTEGER NOT NULL,
  PRIMARY KEY (kind, owner, dim, ord)
) STRICT, WITHOUT ROWID;
INSERT INTO facet_row(kind, owner, dim, ord, value_id)
  SELECT f.kind, f.owner, f.dim,
         row_number() OVER (PARTITION BY f.kind, f.owner ORDER BY f.rowid) - 1, v.id
  FROM facet f JOIN facet_value v ON v.dim = f.dim AND v.value = f.value AND v.parent IS f.parent;
DROP TABLE facet;
CREATE INDEX facet_row_by_value ON facet_row(value_id, kind, owner);
-- A first load that never finished may have set facet_by_value aside; its successor was just
-- built.
DELETE FROM deferred_index WHERE name = 'facet_by_value';

-- The join repeats `dim` so that a condition on the view's dim reaches facet_value's index too.
CREATE VIEW facet(seq, kind, owner, dim, value, parent) AS
  SELECT r.ord, r.kind, r.owner, r.dim, v.value, v.parent
  FROM facet_row r JOIN facet_value v ON v.id = r.value_id AND v.dim = r.dim;

-- What the query planner is told of these tables' shapes (the figures of a large corpus, not
-- measured per database): without them it reads a dimension's values by scanning every
-- policy's facet rows (a --category filter on 100,000 policies took 240 ms instead of 70).
-- A value's rows are found through facet_value_by_text and facet_row_by_value, a record's
-- through facet_row's key. `ANALYZE sqlite_schema` creates sqlite_stat1 and measures nothing;
-- a later ANALYZE replaces these rows with measured ones.
ANALYZE sqlite_schema;
-- DROP INDEX deletes the index's row here: an index a first load sets aside keeps it meanwhile.
ALTER TABLE deferred_index ADD COLUMN stat TEXT;
DELETE FROM sqlite_stat1 WHERE tbl IN ('facet_row', 'facet_value');
INSERT INTO sqlite_stat1(tbl, idx, stat) VALUES
  ('facet_row', 'facet_row', '1000000 500000 27 3 1'),
  ('facet_row', 'facet_row_by_value', '1000000 100 100 1'),
  ('facet_value', 'facet_value_by_text', '10000 1000 1 1');
