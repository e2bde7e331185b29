-- Schema 3: full text is stemmed (English, Porter) over the diacritic-folding tokenizer, so
-- that "apprenticeship" finds "apprenticeships"; and the policy index can be rebuilt.
--
-- The bodies' names move into a column of their own (policy_doc.bodies, one name per line,
-- written with the document): SQLite 3.40's FTS5 'rebuild' fails on a content view whose body
-- needs json_each, and the store and users rely on 'rebuild'. The view gives the same text as
-- before (lib/store/prepare.cpp, search_body).
ALTER TABLE policy_doc ADD COLUMN bodies TEXT;
UPDATE policy_doc SET bodies =
  (SELECT group_concat(json_extract(b.value, '$.name'), char(10))
   FROM json_each(policy_doc.doc, '$.bodies') AS b);

DROP TABLE policy_fts;
DROP VIEW policy_search;
CREATE VIEW policy_search(pk, title, body) AS
  SELECT p.pk, p.title,
         coalesce(json_extract(d.doc, '$.background'), '') || char(10) ||
         coalesce(json_extract(d.doc, '$.objectives'), '') || char(10) ||
         coalesce(json_extract(d.doc, '$.description'), '') || char(10) ||
         coalesce(d.bodies, '')
  FROM policy p JOIN policy_doc d ON d.pk = p.pk;
CREATE VIRTUAL TABLE policy_fts USING fts5(
  title, body, content = 'policy_search', content_rowid = 'pk',
  tokenize = 'porter unicode61 remove_diacritics 2');
INSERT INTO policy_fts(policy_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE section_fts_stemmed USING fts5(
  heading, body, tokenize = 'porter unicode61 remove_diacritics 2');
INSERT INTO section_fts_stemmed(rowid, heading, body) SELECT rowid, heading, body FROM section_fts;
DROP TABLE section_fts;
ALTER TABLE section_fts_stemmed RENAME TO section_fts;
