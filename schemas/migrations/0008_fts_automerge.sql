-- Schema 8: the policy full-text index merges its segments 16 at a time, not 4 (FTS5's
-- default). Every commit of an ingest writes the terms it added as a new segment, and with 4
-- FTS5 merged and rewrote them level after level: in a 10,000-page load the merges were a
-- quarter of the writer thread's instructions (callgrind: the writer's 14.0 G instructions
-- fell to 12.3 G with 16). Queries read a few more segments: on 100,000 pages, a rare word
-- 0.042 ms against 0.035 ms, a phrase 8.4 ms against 6.9 ms (bench/RESULTS.md). FTS5 keeps the
-- setting in policy_fts_config; nothing else changes.
INSERT INTO policy_fts(policy_fts, rank) VALUES ('automerge', 16);
