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

-- The full-text index reads its text from here (external content, see 0001_init.sql); the
-- text it gives is the same as before, so the index stays valid.
DROP VIEW policy_search;
ALTER TABLE policy DROP COLUMN doc;
ALTER TABLE policy DROP COLUMN page_doc;
CREATE VIEW policy_search(pk, title, body) AS
  SELECT p.pk, p.title,
         coalesce(json_extract(d.doc, '$.background'), '') || char(10) ||
         coalesce(json_extract(d.doc, '$.objectives'), '') || char(10) ||
         coalesce(json_extract(d.doc, '$.description'), '') || char(10) ||
         coalesce((SELECT group_concat(json_extract(b.value, '$.name'), char(10))
                   FROM json_each(d.doc, '$.bodies') AS b), '')
  FROM policy p JOIN policy_doc d ON d.pk = p.pk;
