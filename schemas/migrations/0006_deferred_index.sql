-- Schema 6: indexes set aside during a first load. An ingest of many files into an empty
-- database drops the indexes it does not read itself (facet_by_value, policy_timeline_by_year:
-- every row lands at a scattered place in them, and each batch commit rewrites those pages)
-- and builds them once, sorted, when it ends. Their definitions wait here meanwhile, read from
-- sqlite_schema, so that they are rebuilt exactly as they were, and so that any later write
-- command rebuilds them if the load never finished (lib/store/bulk.cpp). While an index waits
-- here, queries give the same answers, only slower.
CREATE TABLE deferred_index (
  name TEXT PRIMARY KEY,
  sql  TEXT NOT NULL
) STRICT;
