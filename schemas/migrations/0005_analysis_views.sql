-- Schema 5: stable views for people who open the database with sqlite3, sqlite-utils,
-- Datasette or a spreadsheet's SQL connector (docs/database.md describes them). They read the
-- tables; nothing is stored twice. Each view has one row per policy, or one row per policy and
-- one value of a list, so that GROUP BY counts policies without knowing the facet table.
-- Their names and columns are an interface: a later migration may add columns, never rename
-- or drop one.

-- One row per policy, flat columns (lists joined with '; ').
CREATE VIEW policies AS
  SELECT p.pk AS pk,
         p.id AS id,
         p.title AS title,
         p.country AS country,
         p.country_code AS country_code,
         p.type AS type,
         (SELECT group_concat(s.value, '; ') FROM json_each(d.doc, '$.subsystem') AS s)
           AS subsystem,
         p.edition AS edition,
         json_extract(d.doc, '$.citation_year') AS citation_year,
         json_extract(d.doc, '$.url') AS url,
         p.first_year AS first_year,
         p.last_year AS last_year,
         p.last_stage AS last_stage,
         p.partial AS partial,
         json_extract(d.doc, '$.background') AS background,
         json_extract(d.doc, '$.objectives') AS objectives,
         json_extract(d.doc, '$.description') AS description,
         json_extract(d.doc, '$.citation') AS citation,
         p.source_path AS source_path,
         json_extract(d.doc, '$.source.format') AS source_format,
         p.ingested_at AS ingested_at
  FROM policy p JOIN policy_doc d ON d.pk = p.pk;

-- One row per policy, year and stage of its timeline. A policy may have two stages in one
-- year: count policies per year with count(DISTINCT policy_id).
CREATE VIEW policy_years AS
  SELECT DISTINCT p.id AS policy_id, t.year AS year, t.stage AS stage
  FROM policy_timeline t JOIN policy p ON p.pk = t.policy;

-- One row per policy and thematic category (however many of its sub-categories the policy has).
CREATE VIEW policy_categories AS
  SELECT p.id AS policy_id, f.value AS category
  FROM facet f JOIN policy p ON p.pk = f.owner
  WHERE f.kind = 'policy' AND f.dim = 'category';

-- One row per policy and thematic sub-category, with the category it belongs to.
CREATE VIEW policy_subcategories AS
  SELECT p.id AS policy_id, f.parent AS category, f.value AS subcategory
  FROM facet f JOIN policy p ON p.pk = f.owner
  WHERE f.kind = 'policy' AND f.dim = 'subcategory';

-- One row per policy and target group, with its audience (Learners, Entities providing VET, ...).
CREATE VIEW policy_target_groups AS
  SELECT p.id AS policy_id, f.parent AS audience, f.value AS target_group
  FROM facet f JOIN policy p ON p.pk = f.owner
  WHERE f.kind = 'policy' AND f.dim = 'target_group';

-- One row per policy and responsible body as the page lists it, with the years it was
-- responsible from and until when the page says so.
CREATE VIEW policy_bodies AS
  SELECT p.id AS policy_id,
         json_extract(b.value, '$.name') AS body,
         json_extract(b.value, '$.from') AS from_year,
         json_extract(b.value, '$.until') AS until_year
  FROM policy p JOIN policy_doc d ON d.pk = p.pk, json_each(d.doc, '$.bodies') AS b;

-- One row per policy and EU priority it addresses, with the framework that sets it.
CREATE VIEW policy_priorities AS
  SELECT p.id AS policy_id, f.parent AS framework, f.value AS priority
  FROM facet f JOIN policy p ON p.pk = f.owner
  WHERE f.kind = 'policy' AND f.dim = 'priority';

-- One row per regional report, flat columns.
CREATE VIEW reports AS
  SELECT r.pk AS pk,
         r.id AS id,
         r.title AS title,
         r.region AS region,
         r.country AS country,
         r.country_code AS country_code,
         r.version AS version,
         r.date AS date,
         json_extract(r.doc, '$.project.name') AS project_name,
         json_extract(r.doc, '$.project.number') AS project_number,
         json_extract(r.doc, '$.project.applicant') AS project_applicant,
         (SELECT count(*) FROM report_section s WHERE s.report = r.pk) AS sections,
         r.source_path AS source_path,
         json_extract(r.doc, '$.source.format') AS source_format,
         r.ingested_at AS ingested_at
  FROM report r;
